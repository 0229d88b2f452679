using Mentoring.BuildingBlocks.Protection;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.BuildingBlocks.Tenancy;
using Npgsql;

namespace Mentoring.Feedback.Protection;

/// <summary>
/// Seals and opens relationship content with the organisation's data key (envelope encryption):
/// the data keys live in <c>data_key</c> wrapped by a master key from configuration, so the
/// database alone reveals nothing. A data key is made on an organisation's first write; rotation
/// adds a version that seals from then on, and older versions still open what they sealed.
/// Unwrapped keys are cached in memory for the life of the process; only keys read back from a
/// committed row are cached, so a rolled-back transaction can never leave a key in use that the
/// database does not hold.
/// </summary>
public sealed class DataKeyRing(MasterKeys masters, ServiceDatabase db)
{
    private readonly ConcurrentDictionary<(string Tenant, int Version), byte[]> cache = new();

    private sealed record StoredKey(int Version, string MasterKeyId, byte[] WrappedKey);

    /// <summary>Seals <paramref name="plaintext"/> for <paramref name="place"/> (e.g. <c>session_record/{id}/private_notes</c>).</summary>
    public async Task<byte[]> SealAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, byte[] plaintext, string place, CancellationToken ct)
    {
        var stored = await ActiveAsync(c, tx, tenantId, ct);
        return Aead.Seal(Unwrap(tenantId, stored), stored.Version, plaintext, Place(tenantId, place));
    }

    public async Task<byte[]> OpenAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, byte[] sealedValue, string place, CancellationToken ct)
    {
        var version = Aead.KeyVersion(sealedValue);
        if (!cache.TryGetValue((tenantId, version), out var key))
        {
            var stored = await c.QuerySingleOrDefaultAsync<StoredKey>(new CommandDefinition(
                "SELECT version, master_key_id AS MasterKeyId, wrapped_key AS WrappedKey FROM data_key WHERE tenant_id = @tenantId AND version = @version",
                new { tenantId, version }, tx, cancellationToken: ct))
                ?? throw new CryptographicException($"Data key {version} of the organisation is gone (shredded).");
            key = Unwrap(tenantId, stored);
        }
        return Aead.Open(key, sealedValue, Place(tenantId, place));
    }

    /// <summary>Adds a new data key version for the organisation (committed at once); it seals everything written from then on.</summary>
    public Task<int> RotateAsync(string tenantId, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx, token) =>
        {
            await TenantScope.EnterAsync(c, tx, tenantId, token);
            var next = await c.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT coalesce(max(version), 0) + 1 FROM data_key WHERE tenant_id = @tenantId", new { tenantId }, tx, cancellationToken: token));
            await InsertAsync(c, tx, tenantId, next, token);
            return next;
        }, ct).AsTask();

    /// <summary>
    /// Wraps every data key that another master key wraps with the active one, in batches, so a
    /// retired master key can then be removed from configuration. Returns how many were rewrapped.
    /// </summary>
    public async Task<int> RewrapAllAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var c = await db.DataSource.OpenConnectionAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            await c.ExecuteAsync(new CommandDefinition("SELECT set_config('app.key_maintenance', 'on', true)", transaction: tx, cancellationToken: ct));
            var batch = (await c.QueryAsync<(string TenantId, int Version, string MasterKeyId, byte[] WrappedKey)>(new CommandDefinition(
                """
                SELECT tenant_id, version, master_key_id, wrapped_key FROM data_key
                WHERE master_key_id <> @active ORDER BY tenant_id, version LIMIT 500 FOR UPDATE SKIP LOCKED
                """, new { active = masters.ActiveId }, tx, cancellationToken: ct))).ToList();
            if (batch.Count == 0) return total;
            foreach (var k in batch)
            {
                var key = Unwrap(k.TenantId, new StoredKey(k.Version, k.MasterKeyId, k.WrappedKey));
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE data_key SET master_key_id = @active, wrapped_key = @wrapped WHERE tenant_id = @TenantId AND version = @Version",
                    new { active = masters.ActiveId, wrapped = Wrap(k.TenantId, k.Version, key), k.TenantId, k.Version }, tx, cancellationToken: ct));
            }
            await tx.CommitAsync(ct);
            total += batch.Count;
        }
    }

    private async Task<StoredKey> ActiveAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, CancellationToken ct)
    {
        const string Sql = """
            SELECT version, master_key_id AS MasterKeyId, wrapped_key AS WrappedKey FROM data_key
            WHERE tenant_id = @tenantId ORDER BY version DESC LIMIT 1
            """;
        var stored = await c.QuerySingleOrDefaultAsync<StoredKey>(new CommandDefinition(Sql, new { tenantId }, tx, cancellationToken: ct));
        if (stored is not null) return stored;
        // The organisation's first write: the key is made in a transaction of its own and committed, so
        // that it outlives a rollback of the caller's work. A concurrent first write may win the insert;
        // both then use the committed key, which the caller's transaction (read committed) now sees.
        await db.InTransactionAsync(async (own, ownTx, token) =>
        {
            await TenantScope.EnterAsync(own, ownTx, tenantId, token);
            await InsertAsync(own, ownTx, tenantId, 1, token);
            return 0;
        }, ct);
        return await c.QuerySingleAsync<StoredKey>(new CommandDefinition(Sql, new { tenantId }, tx, cancellationToken: ct));
    }

    private Task InsertAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, int version, CancellationToken ct)
    {
        var key = RandomNumberGenerator.GetBytes(MasterKeys.KeyBytes);
        return c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO data_key (tenant_id, version, master_key_id, wrapped_key) VALUES (@tenantId, @version, @masterKeyId, @wrapped)
            ON CONFLICT DO NOTHING
            """, new { tenantId, version, masterKeyId = masters.ActiveId, wrapped = Wrap(tenantId, version, key) }, tx, cancellationToken: ct));
    }

    private byte[] Unwrap(string tenantId, StoredKey stored) =>
        cache.GetOrAdd((tenantId, stored.Version), _ => Aead.Open(masters.Get(stored.MasterKeyId), stored.WrappedKey, KeyPlace(tenantId, stored.Version)));

    private byte[] Wrap(string tenantId, int version, byte[] key) => Aead.Seal(masters.Active, 0, key, KeyPlace(tenantId, version));

    private static byte[] KeyPlace(string tenantId, int version) => Encoding.UTF8.GetBytes($"data_key|{tenantId}|{version}");

    private static byte[] Place(string tenantId, string place) => Encoding.UTF8.GetBytes($"{tenantId}|{place}");
}
