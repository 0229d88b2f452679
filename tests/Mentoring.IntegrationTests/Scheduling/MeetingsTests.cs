using Grpc.Core;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.IntegrationTests.Scheduling;

/// <summary>Meetings of a relationship: proposing, answering, conflicts, moving, cancelling, agendas, attendance, privacy.</summary>
public sealed class MeetingsTests() : ServicesUnderTest("scheduling")
{
    private SchedulingWorld world = null!;
    private SchedulingService.SchedulingServiceClient partner = null!, admin = null!, mentor = null!, mentee = null!, manager = null!;
    private string mentorPerson = null!, menteePerson = null!, colleaguePerson = null!;
    private string relationship = null!;

    /// <summary>A Monday at 14:00 UTC, two weeks or more ahead: far outside any notice period.</summary>
    private static readonly DateTime Later = NextMonday(DateTime.UtcNow.Date.AddDays(14)).AddHours(14);

    private static DateTime NextMonday(DateTime day)
    {
        while (day.DayOfWeek != System.DayOfWeek.Monday) day = day.AddDays(1);
        return day;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        partner = Client<SchedulingService.SchedulingServiceClient>("scheduling", await TestIdentity.PartnerAsync());
        admin = Client<SchedulingService.SchedulingServiceClient>("scheduling", await TestIdentity.AdministratorAsync());
        string token;
        (token, mentorPerson) = await TestIdentity.CastAsync("mentor");
        mentor = Client<SchedulingService.SchedulingServiceClient>("scheduling", token);
        (token, menteePerson) = await TestIdentity.CastAsync("mentee");
        mentee = Client<SchedulingService.SchedulingServiceClient>("scheduling", token);
        (token, _) = await TestIdentity.CastAsync("manager");
        manager = Client<SchedulingService.SchedulingServiceClient>("scheduling", token);
        (_, colleaguePerson) = await TestIdentity.CastAsync("colleague");
        world = new SchedulingWorld(Db, partner);
        await world.PersonAsync(mentorPerson, "Europe/London");
        await world.PersonAsync(menteePerson, "America/New_York");
        await world.KnownAsync(mentorPerson, withAvailability: false);
        relationship = await world.RelationshipAsync([mentorPerson], [menteePerson]);
    }

    [Fact]
    public async Task A_proposal_invites_every_participant_and_is_confirmed_when_all_accept()
    {
        var proposed = await mentor.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later));

        Assert.Equal(MeetingState.Proposed, proposed.State);
        Assert.Equal(mentorPerson, proposed.Organizer);
        Assert.Equal("Europe/London", proposed.TimeZone);
        Assert.Equal([(mentorPerson, Response.Accepted, true), (menteePerson, Response.Unspecified, false)],
            proposed.Attendees.Select(a => (a.Person, a.Response, a.Mentor)));

        var confirmed = await mentee.RespondToMeetingAsync(new RespondToMeetingRequest { Name = proposed.Name, Response = Response.Accepted });
        Assert.Equal(MeetingState.Confirmed, confirmed.State);

        var scheduled = await Eventually.Until("MeetingScheduled is published", async () =>
            (await EventBus.ReadAsync<MeetingScheduled>(Db)).SingleOrDefault(e => e.Meeting == proposed.Name));
        Assert.Equal((relationship, Proto.MeetingFormat.Video), (scheduled.Relationship, scheduled.Format));
        Assert.Equal([mentorPerson, menteePerson], scheduled.Participants);
    }

    [Fact]
    public async Task Agendas_are_for_participants_only_and_outsiders_are_refused()
    {
        var meeting = await mentor.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later));
        await mentee.AddAgendaItemAsync(new AddAgendaItemRequest { Name = meeting.Name, Text = "My promotion case" });

        var asMentor = await mentor.GetMeetingAsync(new GetMeetingRequest { Name = meeting.Name });
        Assert.Equal([("My promotion case", menteePerson)], asMentor.Agenda.Select(i => (i.Text, i.Author)));
        var asAdmin = await admin.GetMeetingAsync(new GetMeetingRequest { Name = meeting.Name });
        Assert.Empty(asAdmin.Agenda);
        Assert.Equal(meeting.StartTime, asAdmin.StartTime);
        Assert.Empty((await partner.ListMeetingsAsync(new ListMeetingsRequest())).Meetings.Single().Agenda);
        Assert.Single((await mentee.ListMeetingsAsync(new ListMeetingsRequest())).Meetings.Single().Agenda);

        var refused = await Assert.ThrowsAsync<RpcException>(() => manager.GetMeetingAsync(new GetMeetingRequest { Name = meeting.Name }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Empty((await manager.ListMeetingsAsync(new ListMeetingsRequest())).Meetings);
        var notTheirs = await Assert.ThrowsAsync<RpcException>(() =>
            manager.AddAgendaItemAsync(new AddAgendaItemRequest { Name = meeting.Name, Text = "x" }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notTheirs.StatusCode);
    }

    [Fact]
    public async Task Nobody_is_double_booked_and_the_refusal_names_the_meeting_in_the_way()
    {
        var first = await mentor.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later));
        var other = await world.RelationshipAsync([mentorPerson], [colleaguePerson]);

        var clash = await Assert.ThrowsAsync<RpcException>(() =>
            partner.ProposeMeetingAsync(SchedulingWorld.Proposal(other, Later.AddMinutes(30))).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, clash.StatusCode);
        Assert.Contains(mentorPerson, clash.Status.Detail);
        Assert.Contains(first.Name, clash.Status.Detail);

        // Touching is not overlapping; a cancelled meeting frees its time.
        await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(other, Later.AddMinutes(60)));
        await mentor.CancelMeetingAsync(new CancelMeetingRequest { Name = first.Name, Reason = "Travelling" });
        await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(other, Later.AddMinutes(-30)));
    }

    [Fact]
    public async Task Concurrent_overlapping_proposals_book_one_meeting()
    {
        var relationships = new List<string>();
        for (var i = 0; i < 6; i++) relationships.Add(await world.RelationshipAsync([mentorPerson], [$"people/{Guid.NewGuid()}"]));

        var outcomes = await Task.WhenAll(relationships.Select(async (r, i) =>
        {
            try
            {
                await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(r, Later.AddMinutes(i * 5)));
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == StatusCode.OK));
        Assert.All(outcomes.Where(o => o != StatusCode.OK), o => Assert.Equal(StatusCode.FailedPrecondition, o));
        Assert.Equal(1, await world.MeetingsStoredAsync());
    }

    [Fact]
    public async Task A_replayed_proposal_returns_the_first_meeting()
    {
        var first = await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later, requestId: "sync-42"));
        var again = await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later, requestId: "sync-42"));
        Assert.Equal(first.Name, again.Name);
        Assert.Equal(1, await world.MeetingsStoredAsync());
    }

    public static TheoryData<string, string> BadProposals() => new()
    {
        { "past", "meeting.start_time" },
        { "end before start", "meeting.end_time" },
        { "nine hours", "meeting.end_time" },
        { "video without link", "meeting.join_url" },
        { "http link", "meeting.join_url" },
        { "in person without place", "meeting.location" },
        { "no format", "meeting.format" },
        { "bad relationship", "meeting.relationship" },
        { "bad timestamp", "meeting.start_time" },
        { "long title", "meeting.title" },
    };

    [Theory]
    [MemberData(nameof(BadProposals))]
    public async Task Bad_proposals_name_the_field_and_store_nothing(string mistake, string field)
    {
        var request = SchedulingWorld.Proposal(relationship, Later);
        var m = request.Meeting;
        switch (mistake)
        {
            case "past": m.StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow.AddHours(-1)); break;
            case "end before start": m.EndTime = m.StartTime; break;
            case "nine hours": m.EndTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(Later.AddHours(9)); break;
            case "video without link": m.JoinUrl = ""; break;
            case "http link": m.JoinUrl = "http://meet.example/abc"; break;
            case "in person without place": m.Format = Proto.MeetingFormat.InPerson; break;
            case "no format": m.Format = Proto.MeetingFormat.Unspecified; break;
            case "bad relationship": m.Relationship = "programmes/x"; break;
            case "bad timestamp": m.StartTime = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = long.MaxValue }; break;
            case "long title": m.Title = new string('t', 201); break;
        }

        var e = await Assert.ThrowsAsync<RpcException>(() => partner.ProposeMeetingAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains(field, ViolatedFields(e));
        Assert.Equal(0, await world.MeetingsStoredAsync());
    }

    [Fact]
    public async Task Only_live_relationships_meet_and_closing_one_cancels_its_future_meetings()
    {
        var proposedOnly = await world.RelationshipAsync([mentorPerson], [colleaguePerson], RelationshipState.Proposed);
        var notLive = await Assert.ThrowsAsync<RpcException>(() =>
            partner.ProposeMeetingAsync(SchedulingWorld.Proposal(proposedOnly, Later)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, notLive.StatusCode);

        var meeting = await mentor.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later));
        await world.StateAsync(relationship, [mentorPerson], [menteePerson], RelationshipState.Closed, version: 2);

        var cancelled = await Eventually.Until("the meeting is cancelled", async () =>
        {
            var m = await partner.GetMeetingAsync(new GetMeetingRequest { Name = meeting.Name });
            return m.State == MeetingState.Cancelled ? m : null;
        });
        Assert.Equal("The relationship closed.", cancelled.CancelReason);
        await Eventually.Until("MeetingCancelled is published", async () =>
            (await EventBus.ReadAsync<MeetingCancelled>(Db)).SingleOrDefault(e => e.Meeting == meeting.Name));

        // A late, older event changes nothing.
        await world.StateAsync(relationship, [mentorPerson], [menteePerson], RelationshipState.Active, version: 1);
        var stillClosed = await Assert.ThrowsAsync<RpcException>(() =>
            partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later.AddDays(1))).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, stillClosed.StatusCode);
    }

    [Fact]
    public async Task Moving_inside_the_notice_period_needs_a_note_and_counts_as_late()
    {
        var soon = DateTime.UtcNow.AddHours(3);
        var meeting = await mentor.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, soon));
        var accepted = await mentee.RespondToMeetingAsync(new RespondToMeetingRequest { Name = meeting.Name, Response = Response.Accepted });

        var noNote = await Assert.ThrowsAsync<RpcException>(() => mentee.RescheduleMeetingAsync(new RescheduleMeetingRequest
        {
            Name = meeting.Name, StartTime = Ts(soon.AddDays(2)), EndTime = Ts(soon.AddDays(2).AddHours(1)),
        }).ResponseAsync);
        Assert.Equal(["note"], ViolatedFields(noNote));

        var moved = await mentee.RescheduleMeetingAsync(new RescheduleMeetingRequest
        {
            Name = meeting.Name, StartTime = Ts(soon.AddDays(2)), EndTime = Ts(soon.AddDays(2).AddHours(1)), Note = "Sick child", Etag = accepted.Etag,
        });
        Assert.Equal((1, 1, MeetingState.Proposed), (moved.LateChanges, moved.Sequence, moved.State));
        Assert.Equal([Response.Unspecified, Response.Accepted], moved.Attendees.Select(a => a.Response));

        var stale = await Assert.ThrowsAsync<RpcException>(() => mentor.CancelMeetingAsync(new CancelMeetingRequest
        {
            Name = meeting.Name, Reason = "x", Etag = meeting.Etag,
        }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);

        var rescheduled = await Eventually.Until("MeetingRescheduled is published", async () =>
            (await EventBus.ReadAsync<MeetingRescheduled>(Db)).SingleOrDefault(e => e.Meeting == meeting.Name));
        Assert.True(rescheduled.Late);
        Assert.Equal(meeting.StartTime, rescheduled.PreviousStartTime);
    }

    [Fact]
    public async Task Attendance_is_recorded_after_the_start_and_published()
    {
        var meeting = await mentor.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later, minutes: 45));
        var early = await Assert.ThrowsAsync<RpcException>(() =>
            mentor.RecordAttendanceAsync(new RecordAttendanceRequest { Name = meeting.Name, Held = true }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);

        await world.MoveIntoThePastAsync(meeting.Name, TimeSpan.FromHours(2));
        var everyone = await Assert.ThrowsAsync<RpcException>(() => mentor.RecordAttendanceAsync(new RecordAttendanceRequest
        {
            Name = meeting.Name, Held = true, Absent = { mentorPerson, menteePerson },
        }).ResponseAsync);
        Assert.Equal(["absent"], ViolatedFields(everyone));

        var held = await mentee.RecordAttendanceAsync(new RecordAttendanceRequest { Name = meeting.Name, Held = true, Absent = { mentorPerson } });
        Assert.Equal(MeetingState.Held, held.State);
        Assert.Equal([true, false], held.Attendees.Select(a => a.Absent));

        var published = await Eventually.Until("MeetingHeld is published", async () =>
            (await EventBus.ReadAsync<MeetingHeld>(Db)).SingleOrDefault(e => e.Meeting == meeting.Name));
        Assert.Equal([menteePerson], published.Attendees);
        Assert.Equal([mentorPerson], published.Absent);
        Assert.Equal(45, published.DurationMinutes);
    }

    [Fact]
    public async Task Listing_pages_by_start_time_with_filters()
    {
        var names = new List<string>();
        for (var i = 0; i < 5; i++) names.Add((await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later.AddDays(i)))).Name);

        var seen = new List<string>();
        var request = new ListMeetingsRequest { Relationship = relationship, PageSize = 2 };
        do
        {
            var page = await mentee.ListMeetingsAsync(request);
            seen.AddRange(page.Meetings.Select(m => m.Name));
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);
        Assert.Equal(names, seen);

        var window = await partner.ListMeetingsAsync(new ListMeetingsRequest { StartTime = Ts(Later.AddDays(1)), EndTime = Ts(Later.AddDays(3)) });
        Assert.Equal(names[1..3], window.Meetings.Select(m => m.Name));
        var foreign = await Assert.ThrowsAsync<RpcException>(() =>
            partner.ListMeetingsAsync(new ListMeetingsRequest { Relationship = relationship, PageToken = "bm9wZQ==" }).ResponseAsync);
        Assert.Equal(["page_token"], ViolatedFields(foreign));
    }

    private static Google.Protobuf.WellKnownTypes.Timestamp Ts(DateTime at) =>
        Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
