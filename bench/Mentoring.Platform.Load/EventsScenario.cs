using System.Diagnostics;
using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Testing;
using Npgsql;

namespace Mentoring.Platform.Load;

/// <summary>
/// The postgres transport from the commit of an event to its subscriber's effect: PersonRegistered
/// appended to <c>eventbus.log</c> as profile's outbox relay publishes it (as the tests' EventBus and
/// SubscriberKillTests do), projected by matching's <c>candidates</c> subscriber into
/// <c>matching.candidate</c> with its <c>matching.inbox</c> row, with one and then two matching replicas.
/// <para>
/// Timing: the server runs with <c>track_commit_timestamp = on</c> (a throw-away cluster of the
/// driver's own), so both ends are PostgreSQL's commit timestamps from the same clock:
/// <c>pg_xact_commit_timestamp(xmin)</c> of the log row (the producer's commit) and of the inbox row
/// (the subscriber's transaction, which commits the candidate, the inbox row and the cursor together).
/// </para>
/// </summary>
internal static class EventsScenario
{
    public sealed record Options(int[] Replicas, int LatencyRate, double LatencySeconds, int[] Rates, double RateSeconds);

    private const string Subscriber = "candidates";
    private const string Topic = "profile.person-registered";

    /// <summary>What one paced step measured (latencies from the commit timestamps).</summary>
    private sealed record Step(
        int Replicas, string Kind, int Target, double Offered, long Events, double PerCommit, double P50, double P99, double Max,
        double DrainMs, double Delivered, bool AllOnce, bool KeepsUp);

    /// <summary>Keeping up: every effect once, ≥ 95 % of the target rate offered, and the subscriber less than 1 s behind at the end.</summary>
    private const double MaxDrainMs = 1000;

    public static async Task<bool> RunAsync(Options o)
    {
        var setup = Stopwatch.StartNew();
        // Its own cluster: commit timestamps must be on, which the shared test server cannot be told (a restart setting).
        // The shared test server's settings otherwise (fsync and synchronous_commit off, see PostgresServer).
        await using var cluster = await ThrowAwayCluster.StartAsync("track_commit_timestamp=on", "full_page_writes=off", "shared_buffers=64MB");
        Console.WriteLine($"PostgreSQL: throw-away cluster (track_commit_timestamp=on, fsync=off, synchronous_commit=off), ready in {setup.Elapsed.TotalSeconds:F1} s");
        var ok = true;
        var table = new MarkdownTable("replicas", "step", "target/s", "offered/s", "events", "per commit", "p50 ms", "p99 ms", "max ms", "drain ms",
            "effects/s", "every effect once", "keeps up");
        foreach (var replicas in o.Replicas)
        {
            var db = await Platform.MatchingMigrated.CreateDatabaseOnAsync(cluster.AdminConnectionString);
            var instances = new List<RunningService>();
            try
            {
                for (var i = 1; i <= replicas; i++) instances.Add(await Platform.StartMatchingAsync(db, i));
                await using var admin = db.AdminDataSource();
                await using var producer = new Producer(admin);
                await RunStepAsync(admin, producer, replicas, "warm-up", 500, 3); // not shown
                var steps = new List<Step>();
                Console.WriteLine($"== {replicas} replica(s): {o.LatencyRate:N0} events/s for {o.LatencySeconds:F0} s (load average {Platform.LoadAverage()})");
                steps.Add(await RunStepAsync(admin, producer, replicas, "fixed", o.LatencyRate, o.LatencySeconds));
                Console.WriteLine($"== {replicas} replica(s): rising rates {string.Join(", ", o.Rates)}, {o.RateSeconds:F0} s each (load average {Platform.LoadAverage()})");
                foreach (var rate in o.Rates)
                {
                    var step = await RunStepAsync(admin, producer, replicas, "rising", rate, o.RateSeconds);
                    steps.Add(step);
                    Console.WriteLine($"   {rate:N0}/s: offered {step.Offered:N0}/s, p99 {MarkdownTable.Ms(step.P99)} ms, drain {MarkdownTable.Ms(step.DrainMs)} ms, keeps up: {step.KeepsUp} (load average {Platform.LoadAverage()})");
                    if (!step.KeepsUp) break;
                }
                foreach (var r in steps)
                {
                    table.Add($"{r.Replicas}", r.Kind, $"{r.Target:N0}", $"{r.Offered:N0}", $"{r.Events:N0}", $"{r.PerCommit:F1}", MarkdownTable.Ms(r.P50),
                        MarkdownTable.Ms(r.P99), MarkdownTable.Ms(r.Max), MarkdownTable.Ms(r.DrainMs), $"{r.Delivered:N0}", r.AllOnce ? "yes" : "NO", r.KeepsUp ? "yes" : "no");
                    ok &= r.AllOnce;
                }
                var verdict = await VerifyAllAsync(admin);
                Console.WriteLine($"   end of the {replicas}-replica run: {verdict}");
                ok &= verdict.StartsWith("every", StringComparison.Ordinal);
            }
            finally
            {
                for (var i = instances.Count - 1; i >= 0; i--) await instances[i].DisposeAsync();
            }
        }
        Console.WriteLine();
        table.Print();
        return ok;
    }

    /// <summary>
    /// Commits events at <paramref name="rate"/> for <paramref name="seconds"/> (each commit takes what is due, at most
    /// 100 ms worth, so batches grow only when a commit takes longer than the pace allows), waits until the subscriber
    /// has every one, then reads both commit timestamps of each event of the step.
    /// </summary>
    private static async Task<Step> RunStepAsync(NpgsqlDataSource admin, Producer producer, int replicas, string kind, int rate, double seconds)
    {
        await using var c = await admin.OpenConnectionAsync();
        var from = await c.ExecuteScalarAsync<long>("SELECT coalesce(max(position), 0) FROM eventbus.log");
        var maxBatch = Math.Max(1, rate / 10);
        var start = Stopwatch.GetTimestamp();
        double Elapsed() => Stopwatch.GetElapsedTime(start).TotalSeconds;
        long sent = 0, commits = 0;
        while (Elapsed() < seconds)
        {
            var due = (long)(rate * Elapsed()) - sent;
            if (due <= 0)
            {
                await Task.Delay(1);
                continue;
            }
            sent += await producer.CommitAsync((int)Math.Min(due, maxBatch));
            commits++;
        }
        var produced = Elapsed();
        var to = await c.ExecuteScalarAsync<long>("SELECT coalesce(max(position), 0) FROM eventbus.log");

        // A subscriber that fell behind drains at its own pace.
        var deadline = Stopwatch.GetTimestamp() + (long)(Math.Max(30, sent / 500.0) * Stopwatch.Frequency);
        long handled;
        while ((handled = await HandledAsync(c, from, to)) < sent && Stopwatch.GetTimestamp() < deadline) await Task.Delay(20);

        var latencies = (await c.QueryAsync<double>(
            """
            SELECT extract(epoch FROM pg_xact_commit_timestamp(i.xmin) - pg_xact_commit_timestamp(l.xmin)) * 1000
            FROM eventbus.log l JOIN matching.inbox i ON i.event_id = l.event_id AND i.subscriber = @Subscriber
            WHERE l.position > @from AND l.position <= @to
            """, new { Subscriber, from, to })).Order().ToArray();
        var span = await c.QuerySingleAsync<(double DrainMs, double SpanMs)>(
            """
            SELECT extract(epoch FROM max(pg_xact_commit_timestamp(i.xmin)) - max(pg_xact_commit_timestamp(l.xmin))) * 1000 AS DrainMs,
                   extract(epoch FROM max(pg_xact_commit_timestamp(i.xmin)) - min(pg_xact_commit_timestamp(l.xmin))) * 1000 AS SpanMs
            FROM eventbus.log l JOIN matching.inbox i ON i.event_id = l.event_id AND i.subscriber = @Subscriber
            WHERE l.position > @from AND l.position <= @to
            """, new { Subscriber, from, to });
        var once = handled == sent && to - from == sent && await StepEffectsOnceAsync(c, from, to, sent);
        var offered = sent / produced;
        return new Step(replicas, kind, rate, offered, sent, (double)sent / Math.Max(1, commits),
            Stats.Percentile(latencies, 0.5), Stats.Percentile(latencies, 0.99), latencies.Length > 0 ? latencies[^1] : double.NaN,
            span.DrainMs, sent / Math.Max(span.SpanMs / 1000, produced), once,
            once && offered >= 0.95 * rate && span.DrainMs <= MaxDrainMs);
    }

    private static Task<long> HandledAsync(NpgsqlConnection c, long from, long to) => c.ExecuteScalarAsync<long>(
        """
        SELECT count(*) FROM eventbus.log l JOIN matching.inbox i ON i.event_id = l.event_id AND i.subscriber = @Subscriber
        WHERE l.position > @from AND l.position <= @to
        """, new { Subscriber, from, to });

    /// <summary>The step's events each have exactly one candidate and one inbox row (the keys make more than one impossible; none missing).</summary>
    private static async Task<bool> StepEffectsOnceAsync(NpgsqlConnection c, long from, long to, long sent)
    {
        var (candidates, inbox) = await c.QuerySingleAsync<(long, long)>(
            """
            SELECT (SELECT count(*) FROM eventbus.log l JOIN matching.candidate k
                      ON k.tenant_id = l.tenant_id AND 'people/' || k.person_id = l.envelope->'data'->'person'->>'name'
                    WHERE l.position > @from AND l.position <= @to),
                   (SELECT count(*) FROM eventbus.log l JOIN matching.inbox i ON i.event_id = l.event_id AND i.subscriber = @Subscriber
                    WHERE l.position > @from AND l.position <= @to)
            """, new { Subscriber, from, to });
        return candidates == sent && inbox == sent;
    }

    /// <summary>The whole run, as SubscriberKillTests checks it: one candidate and one inbox row per event on the log, no failure, the cursor at the end.</summary>
    private static async Task<string> VerifyAllAsync(NpgsqlDataSource admin)
    {
        await using var c = await admin.OpenConnectionAsync();
        var r = await c.QuerySingleAsync<(long Log, long Candidates, long Missing, long Inbox, long Failures, long MaxPosition, long Cursor)>(
            """
            SELECT (SELECT count(*) FROM eventbus.log),
                   (SELECT count(*) FROM matching.candidate),
                   (SELECT count(*) FROM eventbus.log l WHERE NOT EXISTS (SELECT 1 FROM matching.candidate k
                        WHERE k.tenant_id = l.tenant_id AND 'people/' || k.person_id = l.envelope->'data'->'person'->>'name')),
                   (SELECT count(*) FROM matching.inbox WHERE subscriber = @Subscriber),
                   (SELECT count(*) FROM matching.event_failure),
                   (SELECT coalesce(max(position), 0) FROM eventbus.log),
                   (SELECT coalesce(max(position), 0) FROM matching.event_cursor WHERE subscriber = @Subscriber)
            """, new { Subscriber });
        var text = $"{r.Log:N0} events on the log, {r.Candidates:N0} candidates ({r.Missing} missing), {r.Inbox:N0} inbox rows, {r.Failures} failures, " +
                   $"cursor {r.Cursor:N0} of {r.MaxPosition:N0}";
        return r.Log == r.Candidates && r.Missing == 0 && r.Log == r.Inbox && r.Failures == 0 && r.Cursor == r.MaxPosition
            ? "every event projected exactly once: " + text
            : "FAILED: " + text;
    }

    /// <summary>
    /// Appends PersonRegistered events to the shared log in one transaction per batch, as profile's outbox relay
    /// publishes them (the statement of SubscriberKillTests / ReplicaTests); one connection, kept open.
    /// </summary>
    private sealed class Producer(NpgsqlDataSource admin) : IAsyncDisposable
    {
        private NpgsqlConnection? connection;

        public async ValueTask DisposeAsync()
        {
            if (connection is not null) await connection.DisposeAsync();
        }

        public async Task<int> CommitAsync(int count)
        {
            connection ??= await admin.OpenConnectionAsync();
            var envelopes = Enumerable.Range(0, count).Select(_ => CloudEvent.Create(new PersonRegistered
            {
                Person = new Person
                {
                    Name = $"people/{Guid.NewGuid()}", DisplayName = "Bench Person", AreaOfWork = "engineering",
                    SeniorityLevel = SeniorityLevel.Senior, Roles = { PersonRole.Mentor },
                },
            }, "profile", Platform.Tenant, TimeProvider.System)).ToList();
            await connection.ExecuteAsync(
                """
                INSERT INTO eventbus.log (event_id, topic, type, tenant_id, envelope)
                SELECT id, @Topic, @Type, @Tenant, envelope::jsonb
                FROM unnest(@Ids, @Envelopes) WITH ORDINALITY AS e (id, envelope, ord)
                ORDER BY ord
                """,
                new
                {
                    Topic, envelopes[0].Type, Tenant = Platform.Tenant,
                    Ids = envelopes.Select(e => e.EventId).ToArray(), Envelopes = envelopes.Select(e => e.ToJson()).ToArray(),
                });
            return count;
        }
    }
}
