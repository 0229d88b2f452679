using System.Text;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Audit.V1;

namespace Mentoring.BuildingBlocks.Audit;

/// <summary>The service's append-only audit log (table <c>audit_log</c>, tenant-bound by row-level security).</summary>
public sealed class AuditLog(ServiceDatabase db)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    private sealed record Row(long Position, DateTime OccurredAt, string Actor, string ActorKind, string Action, string Resource, string Outcome);

    public Task WriteAsync(Caller caller, string action, string? resource, string outcome, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx, token) =>
        {
            await TenantScope.EnterAsync(c, tx, caller.Tenant, token);
            return await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO audit_log (tenant_id, actor, actor_kind, action, resource, outcome)
                VALUES (@Tenant, @Subject, @Kind, @action, @resource, @outcome)
                """,
                new { caller.Tenant, caller.Subject, Kind = caller.Kind.ToString().ToLowerInvariant(), action, resource = resource ?? "", outcome },
                tx, cancellationToken: token));
        }, ct).AsTask();

    /// <summary>A page of the caller's tenant's records, newest first.</summary>
    public async Task<(IReadOnlyList<AuditRecord> Records, string NextPageToken)> ListAsync(
        TenantDatabase tenantDb, int pageSize, string pageToken, CancellationToken ct)
    {
        var violations = new Violations();
        if (pageSize is < 0 or > MaxPageSize) violations.Add("page_size", $"must be between 0 and {MaxPageSize}");
        long before = long.MaxValue;
        if (pageToken.Length > 0 && !TryDecode(pageToken, out before)) violations.Add("page_token", "is not a token this service issued");
        violations.ThrowIfAny();

        var size = pageSize == 0 ? DefaultPageSize : pageSize;
        var rows = await tenantDb.InTransactionAsync(async (c, tx, token) => (await c.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT position, occurred_at AS OccurredAt, actor, actor_kind AS ActorKind, action, resource, outcome
            FROM audit_log WHERE position < @before ORDER BY position DESC LIMIT @limit
            """, new { before, limit = size + 1 }, tx, cancellationToken: token))).ToList(), ct);

        var page = rows.Take(size).Select(ToRecord).ToList();
        return (page, rows.Count > size ? Encode(rows[size - 1].Position) : "");
    }

    /// <summary>The records about one resource (newest first, at most 1000), for exports of personal data.</summary>
    public async Task<IReadOnlyList<AuditRecord>> AboutAsync(TenantDatabase tenantDb, string resource, CancellationToken ct)
    {
        var rows = await tenantDb.InTransactionAsync(async (c, tx, token) => (await c.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT position, occurred_at AS OccurredAt, actor, actor_kind AS ActorKind, action, resource, outcome
            FROM audit_log WHERE resource = @resource ORDER BY position DESC LIMIT 1000
            """, new { resource }, tx, cancellationToken: token))).ToList(), ct);
        return rows.Select(ToRecord).ToList();
    }

    private static AuditRecord ToRecord(Row r) => new()
    {
        Time = Timestamp.FromDateTime(DateTime.SpecifyKind(r.OccurredAt, DateTimeKind.Utc)),
        Actor = r.Actor, ActorKind = r.ActorKind, Action = r.Action, Resource = r.Resource, Outcome = r.Outcome,
    };

    private static string Encode(long position) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"audit:{position}"));

    private static bool TryDecode(string token, out long position)
    {
        position = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("audit:", StringComparison.Ordinal) && long.TryParse(text.AsSpan(6), out position);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
