using Dapper;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Events.Inbox;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Contracts.Integration.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Integration.PartnerLog;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mentoring.IntegrationTests.Integration;

/// <summary>
/// WatchEvents through the gateway (docs/integration.md): the backlog then live events in position
/// order, heartbeats, resuming after the gateway and the service restart with no gap and no
/// duplicate, one organisation only, only the event types the token's scopes allow, bad input.
/// Events are published on the log as their services would (<see cref="EventBus"/>).
/// </summary>
public sealed class WatchEventsTests() : ServicesBehindGateway("integration")
{
    [Fact]
    public async Task The_backlog_then_live_events_arrive_in_position_order_with_heartbeats()
    {
        var backlog = await PartnerEvents.PublishMeetingsAsync(Db, 3);
        await PartnerEvents.RecordedAsync(Db, TestIdentity.Acme, 3);

        await using var watch = await WatchAsync(Gateway, await TestIdentity.PartnerAsync(), resumeAfter: "0");
        Assert.Equal(0, watch.Start);
        var first = await watch.EventsAsync(3);
        Assert.Equal([1L, 2L, 3L], first.Select(e => e.Position));
        Assert.Equal(backlog, first.Select(e => e.Id));
        Assert.All(first, e => Assert.Equal("scheduling.meeting-scheduled", e.Topic));
        Assert.Equal("/mentoring/scheduling", first[0].Source);

        var live = await PartnerEvents.PublishMeetingsAsync(Db, 2);
        var next = await watch.EventsAsync(2);
        Assert.Equal([4L, 5L], next.Select(e => e.Position));
        Assert.Equal(live, next.Select(e => e.Id));
        Assert.Equal(live[0].Replace("-", ""), next[0].Data.Unpack<MeetingScheduled>().Meeting["meetings/".Length..]);

        // Heartbeats keep coming, carrying the position reached.
        var heartbeat = await watch.HeartbeatAsync(h => h.Position == 5);
        Assert.Equal(5, heartbeat.Position);
    }

    [Fact]
    public async Task An_empty_cursor_starts_from_now_and_the_first_heartbeat_tells_the_position()
    {
        await PartnerEvents.PublishMeetingsAsync(Db, 2);
        await PartnerEvents.RecordedAsync(Db, TestIdentity.Acme, 2);

        await using var watch = await WatchAsync(Gateway, await TestIdentity.PartnerAsync(), resumeAfter: "");
        Assert.Equal(2, watch.Start);
        var live = await PartnerEvents.PublishMeetingsAsync(Db, 1);
        var events = await watch.EventsAsync(1);
        Assert.Equal(3, events[0].Position);
        Assert.Equal(live, events.Select(e => e.Id));
    }

    [Fact]
    public async Task A_client_resumes_from_its_cursor_after_the_gateway_and_the_service_restart_with_no_gap_and_no_duplicate()
    {
        var token = await TestIdentity.PartnerAsync();
        var published = new List<string>(await PartnerEvents.PublishMeetingsAsync(Db, 3));
        var received = new List<PartnerEvent>();

        await using (var watch = await WatchAsync(Gateway, token, resumeAfter: "0"))
            received.AddRange(await watch.EventsAsync(3));

        // The gateway restarts (same address); events keep coming meanwhile.
        await RestartGatewayAsync(async () => published.AddRange(await PartnerEvents.PublishMeetingsAsync(Db, 2)));
        await using (var watch = await WatchAsync(Gateway, token, resumeAfter: received[^1].Position.ToString()))
        {
            received.AddRange(await watch.EventsAsync(2));

            // The service restarts under a live stream: the stream ends (UNAVAILABLE), it does not hang.
            await RestartServiceAsync("integration", async () => published.AddRange(await PartnerEvents.PublishMeetingsAsync(Db, 2)));
            var broken = await Assert.ThrowsAnyAsync<RpcException>(() => watch.EventsAsync(1));
            Assert.NotEqual(StatusCode.OK, broken.StatusCode);
        }

        await using (var watch = await WatchAsync(Gateway, token, resumeAfter: received[^1].Position.ToString()))
            received.AddRange(await watch.EventsAsync(2));

        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), received.Select(e => e.Position));
        Assert.Equal(published, received.Select(e => e.Id));
    }

    [Fact]
    public async Task Another_organisations_events_never_appear()
    {
        var acme = await PartnerEvents.PublishMeetingsAsync(Db, 2);
        var globex = await PartnerEvents.PublishMeetingsAsync(Db, 2, TestIdentity.Globex);
        acme = [.. acme, .. await PartnerEvents.PublishMeetingsAsync(Db, 1)];
        await PartnerEvents.RecordedAsync(Db, TestIdentity.Acme, 3);
        await PartnerEvents.RecordedAsync(Db, TestIdentity.Globex, 2);

        await using (var watch = await WatchAsync(Gateway, await TestIdentity.PartnerAsync(), resumeAfter: "0"))
        {
            var events = await watch.EventsAsync(3);
            Assert.Equal(acme, events.Select(e => e.Id));
            // Nothing more: the next heartbeat is at the end of acme's log, with no event before it.
            var (more, heartbeat) = await watch.UntilHeartbeatAsync(h => h.Position >= 3);
            Assert.Empty(more);
        }
        await using (var watch = await WatchAsync(Gateway, await TestIdentity.PartnerAsync(TestIdentity.Globex), resumeAfter: "0"))
        {
            var events = await watch.EventsAsync(2);
            Assert.Equal(globex, events.Select(e => e.Id));
            Assert.Equal([1L, 2L], events.Select(e => e.Position));
            var (more, _) = await watch.UntilHeartbeatAsync(h => h.Position >= 2);
            Assert.Empty(more);
        }
    }

    [Fact]
    public async Task Event_types_whose_area_scope_the_token_lacks_never_appear_and_asking_for_one_is_denied()
    {
        var scheduling = await PartnerTokenAsync("events.read", "scheduling.read");
        var meeting = (await PartnerEvents.PublishMeetingsAsync(Db, 1))[0];
        var person = await PublishAsync(new PersonRegistered { Person = PersonWithPrivateFields() }, "profile");
        var later = (await PartnerEvents.PublishMeetingsAsync(Db, 1))[0];
        await PartnerEvents.RecordedAsync(Db, TestIdentity.Acme, 3);

        await using (var watch = await WatchAsync(Gateway, scheduling, resumeAfter: "0"))
        {
            var events = await watch.EventsAsync(2);
            Assert.Equal([meeting, later], events.Select(e => e.Id));
            Assert.DoesNotContain(events, e => e.Id == person);
            // The stream moves past the person's event without sending it.
            var (more, _) = await watch.UntilHeartbeatAsync(h => h.Position == 3);
            Assert.Empty(more);
        }

        var denied = await Assert.ThrowsAsync<RpcException>(() => WatchAsync(Gateway, scheduling, "0", PersonRegistered.Descriptor.FullName));
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var noArea = await Assert.ThrowsAsync<RpcException>(async () => await WatchAsync(Gateway, await PartnerTokenAsync("events.read"), "0"));
        Assert.Equal(StatusCode.PermissionDenied, noArea.StatusCode);
        var noEvents = await Assert.ThrowsAsync<RpcException>(async () => await WatchAsync(Gateway, await PartnerTokenAsync("scheduling.read"), "0"));
        Assert.Equal(StatusCode.PermissionDenied, noEvents.StatusCode);
        var administrator = await Assert.ThrowsAsync<RpcException>(async () => await WatchAsync(Gateway, await TestIdentity.AdministratorAsync(), "0"));
        Assert.Equal(StatusCode.PermissionDenied, administrator.StatusCode);

        // Asking for the allowed type only narrows the stream to it.
        await using var narrowed = await WatchAsync(Gateway, await TestIdentity.PartnerAsync(), "0", PersonRegistered.Descriptor.FullName);
        Assert.Equal([person], (await narrowed.EventsAsync(1)).Select(e => e.Id));
        var (others, _) = await narrowed.UntilHeartbeatAsync(h => h.Position == 3);
        Assert.Empty(others);
    }

    [Fact]
    public async Task Bad_input_is_invalid_argument_naming_the_field()
    {
        await PartnerEvents.PublishMeetingsAsync(Db, 1);
        await PartnerEvents.RecordedAsync(Db, TestIdentity.Acme, 1);
        var token = await TestIdentity.PartnerAsync();

        async Task<IReadOnlyList<string>> Violated(string resumeAfter, params string[] types) =>
            Samples.ViolatedFields(await Assert.ThrowsAsync<RpcException>(() => WatchAsync(Gateway, token, resumeAfter, types)));

        Assert.Equal(["event_types[1]"], await Violated("0", MeetingScheduled.Descriptor.FullName, "mentoring.events.v1.NoSuchEvent"));
        Assert.Equal(["event_types[0]"], await Violated("0", MeetingReminderDue.Descriptor.FullName)); // hidden from partners
        Assert.Equal(["event_types[0]"], await Violated("0", "scheduling.meeting-scheduled")); // a topic, not a type
        Assert.Equal(["resume_after"], await Violated("-1"));
        Assert.Equal(["resume_after"], await Violated("abc"));
        Assert.Equal(["resume_after"], await Violated("99999999999999999999"));
        Assert.Equal(["resume_after"], await Violated("2")); // beyond the end of the log
        Assert.Equal(["event_types", "resume_after"],
            await Violated("x", [.. Enumerable.Repeat(MeetingScheduled.Descriptor.FullName, 101)]));
    }

    [Fact]
    public async Task Partners_see_no_email_location_join_link_or_private_text()
    {
        var person = PersonWithPrivateFields();
        await PublishAsync(new PersonRegistered { Person = person }, "profile");
        await PublishAsync(new AgreementSigned
        {
            Relationship = $"relationships/{Guid.NewGuid()}", Version = 2, Signatories = { "people/a", "people/b" },
            Logistics = new AgreementLogistics
            {
                FirstStart = "2030-01-07T10:00", TimeZone = "Europe/Paris", Recurrence = "FREQ=WEEKLY;COUNT=10", DurationMinutes = 60,
                Format = MeetingFormat.Video, Location = "Room 4, 3rd floor", JoinUrl = "https://meet.example/secret", Notes = "private notes",
                NoticeHours = 24,
            },
        }, "feedback");
        await PublishAsync(new MeetingCancelled { Meeting = $"meetings/{Guid.NewGuid()}", Reason = "my divorce hearing", Late = true }, "scheduling");
        await PartnerEvents.RecordedAsync(Db, TestIdentity.Acme, 3);

        await using var watch = await WatchAsync(Gateway, await TestIdentity.PartnerAsync(), "0");
        var events = await watch.EventsAsync(3);
        var registered = events.Single(e => e.Type == PersonRegistered.Descriptor.FullName).Data.Unpack<PersonRegistered>().Person;
        Assert.Equal(person.DisplayName, registered.DisplayName);
        Assert.Equal(person.Name, registered.Name);
        Assert.Equal("engineering", registered.AreaOfWork);
        Assert.Equal("", registered.Email);
        Assert.Equal("", registered.Location);
        Assert.Equal("", registered.Motivation);
        var signed = events.Single(e => e.Type == AgreementSigned.Descriptor.FullName).Data.Unpack<AgreementSigned>();
        Assert.Equal("FREQ=WEEKLY;COUNT=10", signed.Logistics.Recurrence);
        Assert.Equal(60, signed.Logistics.DurationMinutes);
        Assert.Equal(24, signed.Logistics.NoticeHours);
        Assert.Equal(("", "", ""), (signed.Logistics.Location, signed.Logistics.JoinUrl, signed.Logistics.Notes));
        var cancelled = events.Single(e => e.Type == MeetingCancelled.Descriptor.FullName).Data.Unpack<MeetingCancelled>();
        Assert.True(cancelled.Late);
        Assert.Equal("", cancelled.Reason);

        // Nothing withheld is stored either.
        await using var admin = Db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        var stored = string.Join("\n", await c.QueryAsync<string>("SELECT data::text FROM integration.partner_event"));
        Assert.DoesNotContain(person.Email, stored);
        Assert.DoesNotContain("secret", stored);
        Assert.DoesNotContain("divorce", stored);
    }

    [Fact]
    public async Task A_redelivered_event_is_recorded_once()
    {
        var envelope = CloudEvent.Create(new MeetingHeld { Meeting = $"meetings/{Guid.NewGuid()}" }, "scheduling", TestIdentity.Acme, TimeProvider.System);
        var dispatcher = Service("integration").Services.GetRequiredService<EventDispatcher>();
        var subscriber = PartnerLogAppender<MeetingHeld>.Subscriber;
        Assert.Equal(DispatchOutcome.Handled, await dispatcher.DispatchAsync(subscriber, envelope, default));
        Assert.Equal(DispatchOutcome.Duplicate, await dispatcher.DispatchAsync(subscriber, envelope, default));
        await PartnerEvents.RecordedAsync(Db, TestIdentity.Acme, 1);
        await using var admin = Db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM integration.partner_event"));
    }

    [Fact]
    public async Task Over_rest_through_the_gateway_the_stream_is_json_objects_and_bad_input_is_400()
    {
        var published = await PartnerEvents.PublishMeetingsAsync(Db, 2);
        await PartnerEvents.RecordedAsync(Db, TestIdentity.Acme, 2);
        using var http = Gateway.CreateHttpClient(await TestIdentity.PartnerAsync());

        var bad = await http.GetAsync("/integration/v1/events:watch?resumeAfter=abc");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("resume_after", await bad.Content.ReadAsStringAsync());

        using var deadline = new CancellationTokenSource(Eventually.DefaultDeadline);
        using var response = await http.GetAsync(
            $"/integration/v1/events:watch?resumeAfter=0&eventTypes={MeetingScheduled.Descriptor.FullName}",
            HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        var messages = new List<System.Text.Json.JsonElement>();
        var buffer = new System.Text.StringBuilder();
        while (messages.Count(m => m.TryGetProperty("event", out _)) < 2)
        {
            var line = await reader.ReadLineAsync(deadline.Token) ?? throw new InvalidOperationException("the stream ended");
            buffer.Append(line);
            try
            {
                messages.Add(System.Text.Json.JsonDocument.Parse(buffer.ToString()).RootElement.Clone());
                buffer.Clear();
            }
            catch (System.Text.Json.JsonException)
            {
                // an object spread over several lines: read on
            }
        }
        Assert.True(messages[0].TryGetProperty("heartbeat", out _), "the first message is a heartbeat");
        var events = messages.Where(m => m.TryGetProperty("event", out _)).Select(m => m.GetProperty("event")).ToList();
        Assert.Equal(published, events.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal([1L, 2L], events.Select(e => e.GetProperty("position").GetInt64()));
        Assert.Equal("type.googleapis.com/mentoring.events.v1.MeetingScheduled", events[0].GetProperty("data").GetProperty("@type").GetString());
    }

    // ---------------------------------------------------------------------------------------------

    private static Person PersonWithPrivateFields()
    {
        var person = Samples.Person("Ada Private", PersonRole.Mentor, SeniorityLevel.Senior);
        person.Name = $"people/{Guid.NewGuid()}";
        person.Location = "12 Secret Street";
        person.Motivation = "I want to leave my manager";
        return person;
    }

    private async Task<string> PublishAsync(IMessage @event, string source, string tenant = TestIdentity.Acme)
    {
        var envelope = CloudEvent.Create(@event, source, tenant, TimeProvider.System);
        await EventBus.PublishEnvelopeAsync(Db, envelope);
        return envelope.Id;
    }

    /// <summary>Publishes <paramref name="count"/> MeetingScheduled events one by one, each meeting named after its event id; returns the ids.</summary>
    private static async Task<string> PartnerTokenAsync(params string[] scopes)
    {
        var server = await TestIdentity.ServerAsync();
        var acme = server.Tenant(TestIdentity.Acme);
        return await server.ClientCredentialsTokenAsync(acme.PartnerClientId, acme.PartnerSecret, scopes);
    }

    private static async Task<Watch> WatchAsync(RunningService through, string token, string resumeAfter, params string[] types)
    {
        var channel = through.CreateChannel(token);
        var call = new IntegrationService.IntegrationServiceClient(channel)
            .WatchEvents(new WatchEventsRequest { ResumeAfter = resumeAfter, EventTypes = { types } });
        var watch = new Watch(channel, call);
        try
        {
            watch.Start = (await watch.HeartbeatAsync(_ => true)).Position; // the first message is a heartbeat
            return watch;
        }
        catch
        {
            await watch.DisposeAsync();
            throw;
        }
    }

    /// <summary>A WatchEvents stream read with a deadline per wait (never a sleep).</summary>
    private sealed class Watch(Grpc.Net.Client.GrpcChannel channel, AsyncServerStreamingCall<WatchEventsResponse> call) : IAsyncDisposable
    {
        public long Start { get; set; }

        private async Task<WatchEventsResponse> NextAsync()
        {
            using var deadline = new CancellationTokenSource(Eventually.DefaultDeadline);
            if (!await call.ResponseStream.MoveNext(deadline.Token)) throw new InvalidOperationException("the stream ended");
            return call.ResponseStream.Current;
        }

        /// <summary>The next <paramref name="count"/> events (heartbeats in between are skipped).</summary>
        public async Task<List<PartnerEvent>> EventsAsync(int count)
        {
            var events = new List<PartnerEvent>();
            while (events.Count < count)
                if ((await NextAsync()).Event is { } e) events.Add(e);
            return events;
        }

        /// <summary>Reads until a heartbeat matching <paramref name="match"/>; returns the events read before it.</summary>
        public async Task<(List<PartnerEvent> Events, Heartbeat Heartbeat)> UntilHeartbeatAsync(Func<Heartbeat, bool> match)
        {
            var events = new List<PartnerEvent>();
            while (true)
            {
                var next = await NextAsync();
                if (next.Event is { } e) events.Add(e);
                else if (next.Heartbeat is { } h && match(h)) return (events, h);
            }
        }

        public async Task<Heartbeat> HeartbeatAsync(Func<Heartbeat, bool> match) => (await UntilHeartbeatAsync(match)).Heartbeat;

        public ValueTask DisposeAsync()
        {
            call.Dispose();
            channel.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
