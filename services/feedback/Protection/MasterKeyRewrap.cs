using Mentoring.BuildingBlocks.Persistence;

namespace Mentoring.Feedback.Protection;

/// <summary>
/// At start-up (after migrations), moves every data key onto the active master key. Rotating the
/// master key without downtime takes two rollouts (docs/feedback.md): first every replica learns the
/// new key, still inactive; then the new key is made active (replicas rewrap at start); finally the
/// old key is removed. No content is re-encrypted.
/// </summary>
public sealed class MasterKeyRewrap(DataKeyRing ring, MigrationStatus migrations, ILogger<MasterKeyRewrap> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await migrations.WaitAsync(stoppingToken);
            var moved = await ring.RewrapAllAsync(stoppingToken);
            if (moved > 0) logger.LogInformation("Rewrapped {Count} data keys with the active master key", moved);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Rewrapping data keys failed; it is retried at the next start");
        }
    }
}
