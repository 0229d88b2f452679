using System.Diagnostics;
using Dapper;
using Mentoring.Contracts;
using Mentoring.Contracts.Events.V1;
using Mentoring.Scheduling.Reminders;
using Mentoring.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mentoring.Scheduling.Load;

/// <summary>
/// The reminder sweeper catching up after one hour of downtime: <c>n</c> future meetings, each with exactly one
/// reminder that fell due during the last hour, booked two days ago (<c>updated_at</c>, hence
/// <c>meeting_clock.changed_at</c>). Half start within the hour (their 1 h reminder is due; the 24 h one went out
/// before the downtime and is recorded as sent), half in 23 to 24 hours (their 24 h reminder is due). One or more
/// service instances on the same database call <see cref="ReminderSweeper.SweepAsync"/> until it returns 0; then
/// <c>reminder_sent</c> and the outbox must hold exactly one new row per due reminder.
/// </summary>
internal static class RemindersScenario
{
    public sealed record Options(int Meetings, int[] Instances, bool Drain, bool Explain = false);

    /// <summary>The sweeper's claim of due meetings (<see cref="ReminderSweeper.ClaimQuery"/>), schema-qualified, with the bench's clock, for EXPLAIN.</summary>
    private static readonly string DueQuery = ReminderSweeper.ClaimQuery
        .Replace("FROM meeting_clock", "FROM scheduling.meeting_clock", StringComparison.Ordinal)
        .Replace("@now", "now()", StringComparison.Ordinal).Replace("@Batch", "500", StringComparison.Ordinal);

    private static readonly string[] Tenants = ["acme", "globex", "initech", "umbrella"];

    private static readonly Dictionary<string, string?> Settings = new()
    {
        // Only the sweeps the bench makes (the hosted loop's first pass runs at start-up, on an empty database).
        ["Scheduling:SweepInterval"] = "01:00:00",
        ["Scheduling:ReminderOffsets:0"] = "1.00:00:00",
        ["Scheduling:ReminderOffsets:1"] = "01:00:00",
    };

    public static async Task<bool> RunAsync(Options o)
    {
        var table = new MarkdownTable("instances", "meetings", "due reminders", "insert s", "sweep s", "reminders/s", "sweeps", "batch median ms",
            "batch max ms", "reminder_sent", "outbox", "as expected", "exactly once", "published s");
        var ok = true;
        foreach (var instances in o.Instances)
        {
            var (row, passed) = await RunOnceAsync(o.Meetings, instances, o.Drain, o.Explain);
            table.Add(row);
            ok &= passed;
        }
        Console.WriteLine();
        table.Print();
        return ok;
    }

    private static async Task<(string[] Row, bool Passed)> RunOnceAsync(int n, int instanceCount, bool drain, bool explain)
    {
        var db = await Platform.FreshDatabaseAsync();
        var instances = new List<RunningService>();
        try
        {
            for (var i = 0; i < instanceCount; i++) instances.Add(await Platform.StartSchedulingAsync(db, identity: null, Settings));
            var sweepers = instances.Select(s => s.Services.GetRequiredService<ReminderSweeper>()).ToList();
            foreach (var s in sweepers) await s.SweepAsync(CancellationToken.None); // nothing yet; and the start-up pass is over

            await using var data = db.AdminDataSource();
            await using var c = await data.OpenConnectionAsync();
            var insert = Stopwatch.StartNew();
            await using (var tx = await c.BeginTransactionAsync())
            {
                await c.ExecuteAsync(
                    """
                    INSERT INTO scheduling.meeting (tenant_id, id, relationship_id, start_at, end_at, format, state, organizer, time_zone, title, created_at, updated_at)
                    SELECT (@tenants)[1 + i % cardinality(@tenants)], gen_random_uuid(), gen_random_uuid(), s.start_at, s.start_at + interval '45 minutes',
                           1, 2, 'people/' || gen_random_uuid(), 'Europe/London', CASE WHEN i % 2 = 0 THEN 'bench-1h' ELSE 'bench-24h' END,
                           now() - interval '2 days', now() - interval '2 days'
                    FROM generate_series(0, @n - 1) AS g(i)
                    CROSS JOIN LATERAL (SELECT CASE WHEN i % 2 = 0
                        THEN now() + interval '15 minutes' + (i::float8 / @n) * interval '45 minutes'
                        ELSE now() + interval '23 hours' + (i::float8 / @n) * interval '1 hour' END AS start_at) AS s;

                    INSERT INTO scheduling.meeting_attendee (tenant_id, meeting_id, person_id, mentor, position, response, start_at, end_at)
                    SELECT m.tenant_id, m.id, gen_random_uuid(), p.mentor, p.position, 1, m.start_at, m.end_at
                    FROM scheduling.meeting m CROSS JOIN (VALUES (true, 0::smallint), (false, 1::smallint)) AS p(mentor, position)
                    WHERE m.title LIKE 'bench-%';

                    -- Sent before the downtime: the 24 h reminders of the meetings starting within the hour.
                    INSERT INTO scheduling.reminder_sent (tenant_id, meeting_id, kind, offset_minutes, start_at, sent_at)
                    SELECT tenant_id, id, 1, 1440, start_at, start_at - interval '24 hours' FROM scheduling.meeting WHERE title = 'bench-1h';
                    """, new { tenants = Tenants, n }, tx, commandTimeout: 600);
                await tx.CommitAsync();
            }
            await c.ExecuteAsync("ANALYZE scheduling.meeting, scheduling.meeting_attendee, scheduling.meeting_clock, scheduling.reminder_sent", commandTimeout: 600);
            insert.Stop();
            var clock = await c.ExecuteScalarAsync<long>("SELECT count(*) FROM scheduling.meeting_clock WHERE changed_at < now() - interval '47 hours'");
            if (clock != n) throw new InvalidOperationException($"meeting_clock has {clock} rows changed two days ago, expected {n}");
            if (explain)
            {
                // The plan of one sweep's due query on the full backlog (rolled back: FOR UPDATE locks the rows it returns).
                await using var tx = await c.BeginTransactionAsync();
                foreach (var line in await c.QueryAsync<string>("EXPLAIN (ANALYZE, BUFFERS) " + DueQuery, transaction: tx)) Console.WriteLine("    " + line);
                await tx.RollbackAsync();
            }
            var t0 = await c.ExecuteScalarAsync<DateTime>("SELECT now()");
            Console.WriteLine($"  {instanceCount} instance(s): {n:N0} meetings inserted in {insert.Elapsed.TotalSeconds:F1} s; sweeping");

            var batches = new System.Collections.Concurrent.ConcurrentQueue<(int Items, double Ms)>();
            var handled = 0L;
            var sweep = Stopwatch.StartNew();
            await Task.WhenAll(sweepers.Select(s => Task.Run(async () =>
            {
                while (true)
                {
                    var start = Stopwatch.GetTimestamp();
                    var k = await s.SweepAsync(CancellationToken.None);
                    batches.Enqueue((k, Stopwatch.GetElapsedTime(start).TotalMilliseconds));
                    Interlocked.Add(ref handled, k);
                    if (k == 0) break;
                }
            })));
            sweep.Stop();
            var leftOver = await sweepers[0].SweepAsync(CancellationToken.None);

            var type = EventCatalogue.For<MeetingReminderDue>().TypeName;
            var check = await c.QuerySingleAsync<(long Recorded, long Emitted, long Distinct, long AsExpected)>(
                """
                WITH emitted AS (
                    SELECT envelope->'data'->>'meeting' AS meeting, (envelope->'data'->>'offsetMinutes')::int AS offset_minutes
                    FROM scheduling.outbox WHERE type = @type)
                SELECT (SELECT count(*) FROM scheduling.reminder_sent WHERE kind = 1 AND sent_at >= @t0),
                       (SELECT count(*) FROM emitted),
                       (SELECT count(*) FROM (SELECT DISTINCT meeting, offset_minutes FROM emitted) d),
                       (SELECT count(*) FROM emitted e JOIN scheduling.meeting m ON e.meeting = 'meetings/' || m.id
                        WHERE e.offset_minutes = CASE m.title WHEN 'bench-1h' THEN 60 WHEN 'bench-24h' THEN 1440 END)
                """, new { type, t0 }, commandTimeout: 600);
            var exactlyOnce = check.Recorded == n && check.Emitted == n && check.Distinct == n && check.AsExpected == n && leftOver == 0;
            Console.WriteLine($"  {instanceCount} instance(s): swept in {sweep.Elapsed.TotalSeconds:F1} s ({handled:N0} items claimed); " +
                              $"reminder_sent +{check.Recorded:N0}, outbox {check.Emitted:N0} ({check.Distinct:N0} distinct, {check.AsExpected:N0} as expected), " +
                              $"last sweep {leftOver}: {(exactlyOnce ? "exactly once" : "FAILED")}");

            if (explain)
            {
                // And once everything is sent: what an empty sweep's due query walks through.
                await using var tx = await c.BeginTransactionAsync();
                foreach (var line in await c.QueryAsync<string>("EXPLAIN (ANALYZE, BUFFERS) " + DueQuery, transaction: tx)) Console.WriteLine("    " + line);
                await tx.RollbackAsync();
            }

            var published = "-";
            if (drain)
            {
                var wait = Stopwatch.StartNew();
                try
                {
                    await Eventually.True("the outbox is published", async () =>
                        await c.ExecuteScalarAsync<long>("SELECT count(*) FROM eventbus.log WHERE type = @type", new { type }) >= n, TimeSpan.FromMinutes(15));
                    published = $"{wait.Elapsed.TotalSeconds:F0}";
                    var logged = await c.ExecuteScalarAsync<long>("SELECT count(*) FROM eventbus.log WHERE type = @type", new { type });
                    if (logged != n) { published += $" ({logged:N0}!)"; exactlyOnce = false; }
                }
                catch (TimeoutException) { published = "> 900"; }
            }

            // Batches in completion order: the first ones against the last ones show whether a sweep slows as reminder_sent grows.
            var working = batches.Where(b => b.Items > 0).Select(b => b.Ms).ToArray();
            var empty = batches.Where(b => b.Items == 0).Select(b => b.Ms).ToArray();
            var tenth = Math.Max(1, working.Length / 10);
            Console.WriteLine($"  {instanceCount} instance(s): {working.Length} sweeps with work, mean of the first tenth {working.Take(tenth).Average():F0} ms, " +
                              $"of the last tenth {working.TakeLast(tenth).Average():F0} ms; the empty final sweep(s) {empty.DefaultIfEmpty(0).Average():F0} ms");
            var sorted = batches.Select(b => b.Ms).ToArray();
            Array.Sort(sorted);
            return ([$"{instanceCount}", $"{n:N0}", $"{n:N0}", $"{insert.Elapsed.TotalSeconds:F1}", $"{sweep.Elapsed.TotalSeconds:F1}",
                $"{n / sweep.Elapsed.TotalSeconds:N0}", $"{sorted.Length}", MarkdownTable.Ms(Stats.Percentile(sorted, 0.5)), MarkdownTable.Ms(sorted[^1]),
                $"{check.Recorded:N0}", $"{check.Emitted:N0}", $"{check.AsExpected:N0}", exactlyOnce ? "yes" : "NO", published], exactlyOnce);
        }
        finally
        {
            foreach (var s in instances) await s.DisposeAsync();
        }
    }
}
