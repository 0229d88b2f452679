using System.Collections.Concurrent;
using Npgsql;

namespace Mentoring.Integration.PartnerLog;

/// <summary>
/// Wakes the WatchEvents streams of an organisation when its log grows: one LISTEN connection per
/// replica, whatever the number of streams, fanned out per organisation. A lost notification costs
/// at most <see cref="IntegrationOptions.PollInterval"/>: the streams poll too.
/// </summary>
public sealed class PartnerLogSignal(NpgsqlDataSource dataSource, IntegrationOptions options, ILogger<PartnerLogSignal> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> waiting = new(StringComparer.Ordinal);

    /// <summary>
    /// A task that completes at the organisation's next append. Take it before reading the log, so
    /// an append between the read and the wait is not missed.
    /// </summary>
    public Task Next(string tenant) =>
        waiting.GetOrAdd(tenant, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private void Wake(string tenant)
    {
        if (waiting.TryRemove(tenant, out var waiters)) waiters.TrySetResult();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Wake(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {PartnerLogWriter.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "LISTEN {Channel} lost; reconnecting (streams poll meanwhile)", PartnerLogWriter.Channel);
                try { await Task.Delay(options.PollInterval, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}
