using System.Net;
using System.Net.Http.Json;
using Dapper;
using Mentoring.BuildingBlocks.Events.Operations;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Events;

/// <summary>The postgres transport keeps what it accepted: late subscribers, redelivery, dead letters, replay.</summary>
public sealed class DeliveryDurabilityTests() : ServicesUnderTest("profile")
{
    private ProfileService.ProfileServiceClient profile = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        profile = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync());
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var admin = Db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task A_subscriber_that_was_down_receives_every_event_when_it_comes_back()
    {
        var names = new List<string>();
        for (var i = 0; i < 5; i++)
            names.Add((await profile.RegisterPersonAsync(Register(Person($"Early {i}", PersonRole.Mentor, SeniorityLevel.Senior)))).Name);
        await Eventually.True("all five are on the log", async () => await CountAsync("SELECT count(*) FROM eventbus.log") == 5);

        // Matching starts only now, and stops half-way through further registrations.
        var matching = await Apps.StartAsync("matching", Db);
        await Eventually.True("the early events are projected", async () => await CountAsync("SELECT count(*) FROM matching.candidate") == 5);
        await matching.DisposeAsync();
        for (var i = 0; i < 3; i++)
            await profile.RegisterPersonAsync(Register(Person($"While down {i}", PersonRole.Mentor, SeniorityLevel.Senior)));

        await using var back = await Apps.StartAsync("matching", Db);
        await Eventually.True("every event is projected after the restart", async () => await CountAsync("SELECT count(*) FROM matching.candidate") == 8);
        Assert.Equal(8, await CountAsync("SELECT count(*) FROM matching.inbox"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM matching.event_failure"));
    }

    [Fact]
    public async Task A_failing_handler_is_retried_then_dead_lettered_without_blocking_others_and_can_be_replayed()
    {
        var settings = await TestIdentity.ResourceServerSettingsAsync();
        settings["ConnectionStrings:Service"] = Db.ServiceConnectionString("feedback");
        settings["Events:MaxDeliveryAttempts"] = "3";
        await using var probe = await RunningService.StartAsync("probe", ProbeApp.Factory, settings);
        using var ops = probe.CreateHttpClient(await TestIdentity.AdministratorAsync());

        await profile.RegisterPersonAsync(Register(Person("Fail Fast", PersonRole.Mentee, SeniorityLevel.Junior)));
        await profile.RegisterPersonAsync(Register(Person("Fine", PersonRole.Mentee, SeniorityLevel.Junior)));

        var deadLetter = (await Eventually.Until("the failing event is dead-lettered", async () =>
            (await ops.GetFromJsonAsync<DeadLetter[]>("/ops/events/dead-letters")) is { Length: 1 } list ? list : null))[0];
        Assert.Equal(ProbeApp.Subscriber, deadLetter.Subscriber);
        Assert.Equal(3, deadLetter.Attempts);
        // The kind of failure, never the exception's text (which here quotes the person's name).
        Assert.Equal("The handler failed; the service's log has the error for this event.", deadLetter.LastError);
        Assert.Equal("profile.person-registered", deadLetter.Topic);
        // The event behind the failing one was not held up.
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM feedback.probe_effect WHERE display_name = 'Fine'"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM feedback.probe_effect WHERE display_name = 'Fail Fast'"));

        probe.Services.GetRequiredService<ProbeApp.FailureSwitch>().Failing = false;
        var replay = await ops.PostAsync($"/ops/events/dead-letters/{deadLetter.Subscriber}/{deadLetter.EventId}:replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);

        await Eventually.True("the replayed event is handled", async () =>
            await CountAsync("SELECT count(*) FROM feedback.probe_effect WHERE display_name = 'Fail Fast'") == 1);
        Assert.Empty((await ops.GetFromJsonAsync<DeadLetter[]>("/ops/events/dead-letters"))!);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM feedback.event_failure"));
        var again = await ops.PostAsync($"/ops/events/dead-letters/{deadLetter.Subscriber}/{deadLetter.EventId}:replay", null);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Events_waiting_on_the_log_are_handled_a_batch_per_transaction_and_a_failing_one_is_set_aside_alone()
    {
        string[] order = ["Before 0", "Before 1", "Before 2", "Fail Batch", "After 0", "After 1", "After 2", "After 3"];
        foreach (var name in order)
            await profile.RegisterPersonAsync(Register(Person(name, PersonRole.Mentee, SeniorityLevel.Junior)));
        await Eventually.True("all eight are on the log", async () => await CountAsync("SELECT count(*) FROM eventbus.log") == 8);

        var settings = await TestIdentity.ResourceServerSettingsAsync();
        settings["ConnectionStrings:Service"] = Db.ServiceConnectionString("feedback");
        settings["Events:BatchSize"] = "3";
        settings["Events:MaxDeliveryAttempts"] = "1";
        await using var probe = await RunningService.StartAsync("probe", ProbeApp.Factory, settings);

        await Eventually.True("the seven good events are handled", async () =>
            await CountAsync("SELECT count(*) FROM feedback.probe_effect") == 7);
        await Eventually.True("the failing one is a dead letter", async () =>
            await CountAsync("SELECT count(*) FROM feedback.event_failure WHERE dead_lettered_at IS NOT NULL") == 1);
        Assert.Equal(7, await CountAsync("SELECT count(DISTINCT event_id) FROM feedback.probe_effect"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM feedback.probe_effect WHERE display_name = 'Fail Batch'"));
        Assert.Equal(7, await CountAsync("SELECT count(*) FROM feedback.inbox"));
        Assert.Equal(await CountAsync("SELECT max(position) FROM eventbus.log"),
            await CountAsync($"SELECT position FROM feedback.event_cursor WHERE subscriber = '{ProbeApp.Subscriber}'"));
        // Rows written by one transaction share its xmin: batches committed several events at once
        // (one transaction per event would give 7). How the log splits into batches depends on the
        // transactions running elsewhere on the server (the worker reads only below their horizon).
        Assert.InRange(await CountAsync("SELECT count(DISTINCT xmin::text) FROM feedback.probe_effect"), 1, 6);
    }

    [Fact]
    public async Task A_subscriber_added_later_replays_the_whole_log_from_the_start()
    {
        var person = await profile.RegisterPersonAsync(Register(Person("Historic", PersonRole.Mentor, SeniorityLevel.Senior)));
        await Eventually.True("on the log", async () => await CountAsync("SELECT count(*) FROM eventbus.log") == 1);

        await using var scheduling = await Apps.StartAsync("scheduling", Db);
        await Eventually.True("scheduling projects the history", async () =>
            await CountAsync($"SELECT count(*) FROM scheduling.participant WHERE person_id = '{person.Name["people/".Length..]}'") == 1);
    }
}
