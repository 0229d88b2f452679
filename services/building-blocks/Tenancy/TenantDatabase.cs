using Dapper;
using Mentoring.BuildingBlocks.Persistence;
using Npgsql;

namespace Mentoring.BuildingBlocks.Tenancy;

/// <summary>
/// The service's database as seen by one call: every unit of work runs in a transaction bound to
/// the caller's tenant, which PostgreSQL row-level security enforces on every tenant-owned table
/// (a query that forgets <c>WHERE tenant_id</c> still sees only its own tenant's rows).
/// </summary>
public sealed class TenantDatabase(ServiceDatabase db, TenantContext tenant)
{
    public string TenantId => tenant.TenantId;

    public ValueTask<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var tenantId = tenant.TenantId;
        return db.InTransactionAsync(async (connection, tx, token) =>
        {
            await TenantScope.EnterAsync(connection, tx, tenantId, token);
            return await work(connection, tx, token);
        }, ct);
    }
}

/// <summary>Binds a transaction to a tenant: the setting the row-level security policies read.</summary>
public static class TenantScope
{
    /// <summary>Policies compare <c>tenant_id</c> with <c>current_setting('app.tenant_id', true)</c>.</summary>
    public const string Setting = "app.tenant_id";

    public static Task EnterAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string tenantId, CancellationToken ct)
    {
        if (!TenantContext.IsValid(tenantId)) throw new ArgumentException($"'{tenantId}' is not a tenant id", nameof(tenantId));
        return connection.ExecuteAsync(new CommandDefinition(
            $"SELECT set_config('{Setting}', @tenantId, true)", new { tenantId }, tx, cancellationToken: ct));
    }
}
