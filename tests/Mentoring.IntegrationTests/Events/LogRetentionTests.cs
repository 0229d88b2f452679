using System.Net;
using System.Net.Http.Json;
using Dapper;
using Mentoring.BuildingBlocks.Events.Operations;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Events;

/// <summary>
/// Retention of the shared log (docs/adr/0001-postgres-event-transport.md, "Retention"): profile
/// sweeps rows older than an hour that every known subscriber passed; the probe subscriber reads
/// profile's PersonRegistered events. Tests make rows old by moving their append time back.
/// </summary>
public sealed class LogRetentionTests() : ServicesUnderTest("profile")
{
    private const string Topic = "profile.person-registered";
    private ProfileService.ProfileServiceClient profile = null!;

    protected override IReadOnlyDictionary<string, string?> SettingsOf(string service) => new Dictionary<string, string?>
    {
        ["Events:LogRetention:Enabled"] = "true",
        ["Events:LogRetention:Window"] = "01:00:00",
        ["Events:LogRetention:BatchSize"] = "2",
        ["Events:LogRetention:SweepInterval"] = "00:00:00.200",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        profile = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync());
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var admin = Db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        return (await c.ExecuteScalarAsync<T>(sql))!;
    }

    private Task<long> OnTheLogAsync() => ScalarAsync<long>($"SELECT count(*) FROM eventbus.log WHERE topic = '{Topic}'");

    private async Task AgeTheLogAsync()
    {
        await using var admin = Db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        await c.ExecuteAsync("UPDATE eventbus.log SET appended_at = now() - interval '2 hours'");
    }

    /// <summary>One sweep batch run by hand (as a service would), for a result that does not depend on timing.</summary>
    private Task<int?> PruneOnceAsync() => ScalarAsync<int?>("SELECT eventbus.prune_log(interval '1 hour', 100)");

    private async Task RegisterAsync(params string[] names)
    {
        foreach (var name in names) await profile.RegisterPersonAsync(Register(Person(name, PersonRole.Mentee, SeniorityLevel.Junior)));
    }

    private async Task<RunningService> StartProbeAsync(bool waitUntilReady = true, params (string Key, string Value)[] extra)
    {
        var settings = await TestIdentity.ResourceServerSettingsAsync();
        settings["ConnectionStrings:Service"] = Db.ServiceConnectionString("feedback");
        foreach (var (key, value) in extra) settings[key] = value;
        return await RunningService.StartAsync("probe", ProbeApp.Factory, settings, waitUntilReady);
    }

    [Fact]
    public async Task Old_rows_every_subscriber_passed_are_deleted_in_batches_and_rows_a_stopped_subscriber_has_not_read_are_kept()
    {
        await RegisterAsync("Read 0");
        await Eventually.True("one on the log", async () => await OnTheLogAsync() == 1);
        var probe = await StartProbeAsync(); // new, with nothing deleted yet: it reads from the start
        await RegisterAsync("Read 1", "Read 2");
        await Eventually.True("the probe handled three", async () => await ScalarAsync<long>("SELECT count(*) FROM feedback.probe_effect") == 3);
        await probe.DisposeAsync();
        await RegisterAsync("Unread 0", "Unread 1");
        await Eventually.True("five on the log", async () => await OnTheLogAsync() == 5);
        var lastRead = await ScalarAsync<long>("SELECT position FROM eventbus.subscriber WHERE service = 'feedback' AND subscriber = 'probe'");

        await AgeTheLogAsync();
        await Eventually.True("the sweep deleted the three the probe had read", async () => await OnTheLogAsync() == 2);
        Assert.Equal(["Unread 0", "Unread 1"], (await EventBus.ReadAsync<Mentoring.Contracts.Events.V1.PersonRegistered>(Db))
            .Select(e => e.Person.DisplayName).ToArray());
        Assert.Equal(lastRead, await ScalarAsync<long>($"SELECT position FROM eventbus.log_pruned WHERE topic = '{Topic}'"));
        Assert.Equal(0, await PruneOnceAsync()); // old, but the probe has not read them

        await using var back = await StartProbeAsync();
        await Eventually.True("the probe catches up without a gap", async () => await ScalarAsync<long>("SELECT count(*) FROM feedback.probe_effect") == 5);
        await Eventually.True("then those go too", async () => await OnTheLogAsync() == 0);
    }

    [Fact]
    public async Task A_subscriber_that_joins_after_its_events_were_deleted_is_held_and_says_what_to_do_until_it_accepts_the_gap()
    {
        await RegisterAsync("Gone 0", "Gone 1", "Gone 2");
        await Eventually.True("three on the log", async () => await OnTheLogAsync() == 3);
        await AgeTheLogAsync();
        await Eventually.True("nobody subscribes, so the sweep deletes them", async () => await OnTheLogAsync() == 0);

        await using (var probe = await StartProbeAsync(waitUntilReady: false))
        {
            using var http = probe.CreateHttpClient();
            var ready = await Eventually.Until("the probe is not ready and says why", async () =>
            {
                var response = await http.GetAsync("/healthz/ready");
                var body = await response.Content.ReadAsStringAsync();
                return response.StatusCode == HttpStatusCode.ServiceUnavailable && body.Contains("event-log:") ? body : null;
            });
            Assert.StartsWith("Unhealthy", ready);
            Assert.Contains("event-log: Subscriber probe needs a bootstrap", ready);
            Assert.Contains("Events:AcceptPrunedLog", ready);
            using var ops = probe.CreateHttpClient(await TestIdentity.AdministratorAsync());
            var state = Assert.Single((await ops.GetFromJsonAsync<SubscriberState[]>("/ops/events/subscribers"))!);
            Assert.Equal((ProbeApp.Subscriber, Topic, true), (state.Subscriber, state.Topic, state.NeedsBootstrap));
            Assert.Contains("needs a bootstrap", state.Detail);
            Assert.Contains("Events:AcceptPrunedLog", state.Detail);

            // Held: it reads nothing, and what it has not read is kept whatever its age.
            await RegisterAsync("After");
            await Eventually.True("one on the log", async () => await OnTheLogAsync() == 1);
            await AgeTheLogAsync();
            Assert.Equal(0, await PruneOnceAsync());
            Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM feedback.probe_effect"));
            Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM feedback.event_cursor"));
        }

        await using var accepting = await StartProbeAsync(true, ("Events:AcceptPrunedLog:0", ProbeApp.Subscriber));
        await Eventually.True("it starts from the oldest retained event", async () =>
            await ScalarAsync<string?>("SELECT string_agg(display_name, ',') FROM feedback.probe_effect") == "After");
        using var accepted = accepting.CreateHttpClient(await TestIdentity.AdministratorAsync());
        Assert.False(Assert.Single((await accepted.GetFromJsonAsync<SubscriberState[]>("/ops/events/subscribers"))!).NeedsBootstrap);
    }

    [Fact]
    public async Task A_sweep_batch_in_progress_blocks_no_append_and_a_second_sweep_stands_aside()
    {
        await RegisterAsync("Old 0", "Old 1");
        await Eventually.True("two on the log", async () => await OnTheLogAsync() == 2);
        // Only rows every subscriber passed are swept: wait until the running subscribers read both.
        await Eventually.True("every subscriber of the topic passed both", async () => await ScalarAsync<long>(
            $"""
            SELECT count(*) FROM eventbus.subscriber s WHERE s.topic = '{Topic}' AND (s.tx, s.position) <
                (SELECT l.tx, l.position FROM eventbus.log l WHERE l.topic = '{Topic}' ORDER BY l.tx DESC, l.position DESC LIMIT 1)
            """) == 0);

        await using var admin = Db.AdminDataSource();
        await using var sweeping = await admin.OpenConnectionAsync();
        await using var batch = await sweeping.BeginTransactionAsync();
        await sweeping.ExecuteAsync("UPDATE eventbus.log SET appended_at = now() - interval '2 hours'", transaction: batch);
        Assert.Equal(2, await sweeping.ExecuteScalarAsync<int?>("SELECT eventbus.prune_log(interval '1 hour', 100)", transaction: batch));

        // While that batch is open (its row locks and the sweep lock held), profile's relay appends
        // and another sweep returns at once without deleting.
        await RegisterAsync("Meanwhile");
        await Eventually.True("the append went through (the two being deleted are still there for others)", async () =>
            await OnTheLogAsync() == 3);
        Assert.Null(await PruneOnceAsync());

        await batch.CommitAsync();
        await Eventually.True("only the new one is left", async () => await OnTheLogAsync() == 1);
    }
}
