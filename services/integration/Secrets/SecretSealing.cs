using Dapper;
using Mentoring.BuildingBlocks.Persistence;
using Npgsql;

namespace Mentoring.Integration.Secrets;

/// <summary>
/// At start-up (after migrations), seals every webhook secret still stored in plain text (rows from
/// before secrets were sealed) and reseals every secret sealed by another master key than the active
/// one, in batches, so that a retired master key can then be removed from configuration. Rotating
/// the master key takes the same steps as feedback's (docs/integration.md).
/// </summary>
public sealed class SecretSealing(
    NpgsqlDataSource dataSource, WebhookSecrets secrets, MigrationStatus migrations, ILogger<SecretSealing> logger) : BackgroundService
{
    private sealed record Row(string TenantId, Guid Id, int SecretVersion, string? PlaintextSecret, byte[]? SecretSealed, string? SecretKeyId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await migrations.WaitAsync(stoppingToken);
            var moved = await SealAllAsync(stoppingToken);
            if (moved > 0) logger.LogInformation("Sealed {Count} webhook secrets with the active master key", moved);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Sealing webhook secrets failed; it is retried at the next start");
        }
    }

    /// <summary>Seals or reseals every secret not sealed by the active master key; returns how many.</summary>
    public async Task<int> SealAllAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var c = await dataSource.OpenConnectionAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            await c.ExecuteAsync(new CommandDefinition("SELECT set_config('app.key_maintenance', 'on', true)", transaction: tx, cancellationToken: ct));
            var batch = (await c.QueryAsync<Row>(new CommandDefinition(
                """
                SELECT tenant_id AS TenantId, id, secret_version AS SecretVersion, plaintext_secret AS PlaintextSecret,
                       secret_sealed AS SecretSealed, secret_key_id AS SecretKeyId
                FROM webhook
                WHERE plaintext_secret IS NOT NULL OR secret_key_id <> @active
                ORDER BY tenant_id, id LIMIT 200 FOR UPDATE SKIP LOCKED
                """, new { active = secrets.ActiveKeyId }, tx, cancellationToken: ct))).ToList();
            if (batch.Count == 0) return total;
            foreach (var row in batch)
            {
                var secret = row.PlaintextSecret
                    ?? secrets.Open(row.TenantId, row.Id, row.SecretVersion, new SealedSecret(row.SecretSealed!, row.SecretKeyId!));
                var sealedSecret = secrets.Seal(row.TenantId, row.Id, row.SecretVersion, secret);
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE webhook SET secret_sealed = @Value, secret_key_id = @MasterKeyId, plaintext_secret = NULL
                    WHERE tenant_id = @TenantId AND id = @Id
                    """, new { sealedSecret.Value, sealedSecret.MasterKeyId, row.TenantId, row.Id }, tx, cancellationToken: ct));
            }
            await tx.CommitAsync(ct);
            total += batch.Count;
        }
    }
}
