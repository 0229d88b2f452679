using Dapper;
using Mentoring.IntegrationTests.Support;
using Mentoring.Matching.Relationships.TimeBox;
using Mentoring.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mentoring.IntegrationTests.Faults;

/// <summary>
/// A periodic job run by two instances of its service at once acts once per due item: matching's
/// time-box sweeper, two instances sweeping the same elapsed deadlines concurrently, closes each
/// relationship once, with one history row and one event each.
/// </summary>
public sealed class PeriodicJobReplicaTests : IAsyncLifetime
{
    private const int Relationships = 250;
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await Databases.FreshAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        return (await c.ExecuteScalarAsync<T>(sql))!;
    }

    private static TimeBoxSweeper SweeperOf(RunningService service) =>
        service.Services.GetServices<IHostedService>().OfType<TimeBoxSweeper>().Single();

    [Fact]
    public async Task Two_instances_of_the_time_box_sweeper_close_each_elapsed_relationship_once()
    {
        // Its own timer stays out of the way (an hour); the test sweeps by hand, on both at once.
        var settings = new Dictionary<string, string?> { ["Matching:TimeBoxSweepSeconds"] = "3600" };
        await using var one = await Apps.StartAsync("matching", db, settings);
        await using var two = await Apps.StartAsync("matching", db, settings);

        // Active relationships (state 4) whose time box elapsed a second ago, written as the
        // administrator (the API's way there is long and beside the point).
        await using (var admin = db.AdminDataSource())
        await using (var c = await admin.OpenConnectionAsync())
            await c.ExecuteAsync(
                """
                INSERT INTO matching.programme (tenant_id, id, display_name, model, formal, matching_mode, rules, weights)
                VALUES (@Tenant, '00000000-0000-0000-0000-000000000001', 'Time-boxed', 1, true, 1, '{}', '{}');
                INSERT INTO matching.relationship (tenant_id, id, programme_id, state, ends_at)
                SELECT @Tenant, gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 4, now() - interval '1 second'
                FROM generate_series(1, @Relationships);
                INSERT INTO matching.relationship_deadline (tenant_id, relationship_id, ends_at)
                SELECT tenant_id, id, ends_at FROM matching.relationship;
                """, new { Tenant = TestIdentity.Acme, Relationships });

        var sweepers = new[] { SweeperOf(one), SweeperOf(two) };
        var claimed = 0;
        while (true)
        {
            // Two sweeps on each instance at once, until none finds anything due.
            var round = await Task.WhenAll(sweepers.Concat(sweepers).Select(s => Task.Run(() => s.SweepAsync(CancellationToken.None))));
            if (round.Sum() == 0) break;
            claimed += round.Sum();
        }

        Assert.True(claimed >= Relationships, $"{claimed} deadlines looked at");
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM matching.relationship_deadline"));
        Assert.Equal(Relationships, await ScalarAsync<long>("SELECT count(*) FROM matching.relationship WHERE state = 6 AND close_reason <> 0"));
        // Once each: one history row and one event per relationship, however many sweeps saw it due.
        Assert.Equal(Relationships, await ScalarAsync<long>(
            "SELECT count(DISTINCT relationship_id) FROM matching.relationship_change WHERE note = 'The programme''s time box elapsed.'"));
        Assert.Equal(Relationships, await ScalarAsync<long>(
            "SELECT count(*) FROM matching.relationship_change WHERE note = 'The programme''s time box elapsed.'"));
        Assert.Equal(Relationships, await ScalarAsync<long>("SELECT count(*) FROM matching.outbox"));
        Assert.Equal(Relationships, await ScalarAsync<long>("SELECT count(DISTINCT envelope->'data'->>'relationship') FROM matching.outbox"));
    }
}
