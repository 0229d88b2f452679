using Mentoring.BuildingBlocks.Persistence;

namespace Mentoring.Feedback.Protection;

/// <summary>
/// At start-up (after migrations), moves every data key onto the active master key: rotating the
/// master key is "add the new key, make it active, restart replica by replica, then remove the old
/// key" — no downtime, no content re-encrypted (docs/feedback.md).
/// </summary>
public sealed class MasterKeyRewrap(DataKeyRing ring, ServiceDatabase db, MigrationStatus migrations, ILogger<MasterKeyRewrap> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await migrations.WaitAsync(stoppingToken);
            var moved = await ring.RewrapAllAsync(db.DataSource, stoppingToken);
            if (moved > 0) logger.LogInformation("Rewrapped {Count} data keys with the active master key", moved);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Rewrapping data keys failed; it is retried at the next start");
        }
    }
}
