using Dapper;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Scheduling.Engine.Availability;
using Mentoring.Scheduling.Engine.Calendars;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Duration = NodaTime.Duration;

namespace Mentoring.Scheduling.Calendars.External;

/// <summary>
/// One sync of one person's published calendar: fetch (outside any transaction), keep only the
/// busy intervals from one day ago to 92 days ahead (<see cref="BusyTimes"/>), then in one
/// transaction replace the stored intervals and record the outcome. A failed sync keeps the
/// intervals of the last good one and records a short error. The result is dropped when the
/// calendar was unlinked or replaced while it was being fetched.
/// </summary>
public sealed class ExternalCalendarSync(
    ServiceDatabase db, ExternalCalendarFetcher fetcher, TimeProvider clock, IOptions<ExternalCalendarOptions> options)
{
    public static readonly Duration Behind = Duration.FromDays(1);
    public static readonly Duration Ahead = Duration.FromDays(92);
    public const int MaxErrorLength = 200;

    /// <summary>Syncs the calendar of <paramref name="person"/>; null when none is linked.</summary>
    public async Task<ExternalCalendarStore.Row?> SyncAsync(string tenantId, Guid person, CancellationToken ct)
    {
        var linked = await InTenantAsync(tenantId, (c, tx, token) => ExternalCalendarStore.LoadAsync(c, tx, tenantId, person, token), ct);
        if (linked is null) return null;

        var fetched = await fetcher.FetchAsync(linked.Url, ct);
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        IReadOnlyList<FreeInterval>? busy = null;
        var error = fetched.Error;
        if (fetched.Text is { } text)
        {
            try
            {
                busy = BusyTimes.Parse(text, now - Behind, now + Ahead);
            }
            catch (FormatException e)
            {
                error = e.Message; // BusyTimes' messages are short and hold no calendar content
            }
        }
        if (error is { Length: > MaxErrorLength }) error = error[..MaxErrorLength];

        var at = now.ToDateTimeUtc();
        var next = at + options.Value.ExternalCalendarSyncInterval;
        return await InTenantAsync(tenantId, async (c, tx, token) =>
        {
            var current = await ExternalCalendarStore.LoadAsync(c, tx, tenantId, person, token, forUpdate: true);
            if (current is null || current.Url != linked.Url) return current;
            if (busy is not null)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    DELETE FROM external_busy WHERE tenant_id = @tenantId AND person_id = @person;
                    INSERT INTO external_busy (tenant_id, person_id, start_at, end_at)
                    SELECT @tenantId, @person, s, e FROM unnest(@starts, @ends) AS b(s, e);
                    UPDATE external_calendar SET last_sync_at = @at, last_success_at = @at, last_error = '', busy_interval_count = @count
                    WHERE tenant_id = @tenantId AND person_id = @person;
                    """,
                    new
                    {
                        tenantId, person, at, count = busy.Count,
                        starts = busy.Select(b => b.Start.ToDateTimeUtc()).ToArray(), ends = busy.Select(b => b.End.ToDateTimeUtc()).ToArray(),
                    }, tx, cancellationToken: token));
            }
            else
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE external_calendar SET last_sync_at = @at, last_error = @error WHERE tenant_id = @tenantId AND person_id = @person",
                    new { tenantId, person, at, error }, tx, cancellationToken: token));
            }
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE external_calendar_due SET due_at = @next WHERE tenant_id = @tenantId AND person_id = @person",
                new { tenantId, person, next }, tx, cancellationToken: token));
            return await ExternalCalendarStore.LoadAsync(c, tx, tenantId, person, token);
        }, ct);
    }

    private ValueTask<T> InTenantAsync<T>(string tenantId, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx, token) =>
        {
            await TenantScope.EnterAsync(c, tx, tenantId, token);
            return await work(c, tx, token);
        }, ct);
}
