using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Mentoring.Feedback.Protection;

/// <summary>
/// Seals and opens relationship content with the organisation's data key (envelope encryption):
/// the data keys live in <c>data_key</c> wrapped by a master key from configuration, so the
/// database alone reveals nothing. A data key is made on an organisation's first write; rotation
/// adds a version that seals from then on, and older versions still open what they sealed.
/// Unwrapped keys are cached in memory for the life of the process.
/// </summary>
public sealed class DataKeyRing(MasterKeys masters)
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

    /// <summary>Adds a new data key version for the organisation; it seals everything written from now on.</summary>
    public async Task<int> RotateAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, CancellationToken ct)
    {
        var next = await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT coalesce(max(version), 0) + 1 FROM data_key WHERE tenant_id = @tenantId", new { tenantId }, tx, cancellationToken: ct));
        await InsertAsync(c, tx, tenantId, next, ct);
        return next;
    }

    /// <summary>
    /// Wraps every data key that another master key wraps with the active one, in batches, so a
    /// retired master key can then be removed from configuration. Returns how many were rewrapped.
    /// </summary>
    public async Task<int> RewrapAllAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var c = await dataSource.OpenConnectionAsync(ct);
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
        // The organisation's first write. A concurrent first write may win the insert; both then use its key.
        await InsertAsync(c, tx, tenantId, 1, ct);
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
