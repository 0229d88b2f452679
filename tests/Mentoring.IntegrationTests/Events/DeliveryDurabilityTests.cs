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
        Assert.Contains("probe refuses Fail Fast", deadLetter.LastError);
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
    public async Task A_subscriber_added_later_replays_the_whole_log_from_the_start()
    {
        var person = await profile.RegisterPersonAsync(Register(Person("Historic", PersonRole.Mentor, SeniorityLevel.Senior)));
        await Eventually.True("on the log", async () => await CountAsync("SELECT count(*) FROM eventbus.log") == 1);

        await using var scheduling = await Apps.StartAsync("scheduling", Db);
        await Eventually.True("scheduling projects the history", async () =>
            await CountAsync($"SELECT count(*) FROM scheduling.participant WHERE person_id = '{person.Name["people/".Length..]}'") == 1);
    }
}
