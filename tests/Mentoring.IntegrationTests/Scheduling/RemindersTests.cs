using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Scheduling.Reminders;
using Mentoring.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mentoring.IntegrationTests.Scheduling;

/// <summary>The durable reminder scheduler: once per meeting, offset and start time; catches up; replicas share the work.</summary>
public sealed class RemindersTests() : ServicesUnderTest("scheduling")
{
    private SchedulingWorld world = null!;
    private SchedulingService.SchedulingServiceClient partner = null!;
    private string relationship = null!;

    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) => new Dictionary<string, string?>
    {
        // Long enough that only the explicit sweeps below run while a test looks.
        ["Scheduling:SweepInterval"] = "01:00:00",
        ["Scheduling:ReminderOffsets:0"] = "1.00:00:00",
        ["Scheduling:ReminderOffsets:1"] = "01:00:00",
        ["Scheduling:AttendanceDueAfter"] = "00:10:00",
        ["Scheduling:AttendanceWindow"] = "2.00:00:00",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        partner = Client<SchedulingService.SchedulingServiceClient>("scheduling", await TestIdentity.PartnerAsync());
        world = new SchedulingWorld(Db, partner);
        var mentor = $"people/{Guid.NewGuid()}";
        await world.PersonAsync(mentor, "Europe/London");
        await world.KnownAsync(mentor, withAvailability: false);
        relationship = await world.RelationshipAsync([mentor], [$"people/{Guid.NewGuid()}"]);
    }

    private Task<int> SweepAsync(RunningService service) => service.Services.GetRequiredService<ReminderSweeper>().SweepAsync(CancellationToken.None);

    private int booked;

    private async Task<Meeting> BookedTwoDaysAgoAsync(TimeSpan startsIn, int minutes = 60)
    {
        var meeting = await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, DateTime.UtcNow.AddDays(3).AddHours(2 * booked++)));
        var start = DateTime.UtcNow + startsIn;
        await world.SetTimesAsync(meeting.Name, start, start.AddMinutes(minutes), DateTime.UtcNow.AddDays(-2));
        return meeting;
    }

    [Fact]
    public async Task Due_reminders_go_out_once_each_even_after_downtime_and_across_replicas()
    {
        // Both offsets passed while "down": 24 h and 1 h before a meeting 30 minutes away.
        var soon = await BookedTwoDaysAgoAsync(TimeSpan.FromMinutes(30));
        // Only the 24 h reminder is due for a meeting 5 hours away.
        var later = await BookedTwoDaysAgoAsync(TimeSpan.FromHours(5));
        // Started already: reminders before it make no sense any more.
        await BookedTwoDaysAgoAsync(TimeSpan.FromMinutes(-5));

        await using var replica = await Apps.StartAsync("scheduling", Db, SettingsOf("scheduling"));
        await Task.WhenAll(SweepAsync(Service("scheduling")), SweepAsync(replica), SweepAsync(Service("scheduling")), SweepAsync(replica));
        await SweepAsync(replica);

        var due = await Eventually.Until("three reminders published", async () =>
            (await EventBus.ReadAsync<MeetingReminderDue>(Db)) is { Count: >= 3 } all ? all : null);
        await SweepAsync(Service("scheduling"));
        Assert.Equal(3, (await EventBus.ReadAsync<MeetingReminderDue>(Db)).Count);
        Assert.Equal(new[] { (soon.Name, 60), (soon.Name, 1440), (later.Name, 1440) }.Order(),
            due.Select(e => (e.Meeting, e.OffsetMinutes)).Order());
    }

    [Fact]
    public async Task Replicas_claim_each_due_meeting_once_and_a_sweep_never_revisits_work_done()
    {
        // A replica sweeps once as it starts: a meeting due before it starts shows when that pass is over.
        var canary = await BookedTwoDaysAgoAsync(TimeSpan.FromMinutes(10));
        await using var replica = await Apps.StartAsync("scheduling", Db, SettingsOf("scheduling"));
        await Eventually.True("the replica's start-up sweep is over", async () => await NextDueAsync(canary.Name) > DateTime.UtcNow);

        const int meetings = 24;
        for (var i = 0; i < meetings; i++) await BookedTwoDaysAgoAsync(TimeSpan.FromMinutes(20 + i));
        var claims = await Task.WhenAll(new[] { Service("scheduling"), replica, Service("scheduling"), replica }.Select(async service =>
        {
            var total = 0;
            for (int k; (k = await SweepAsync(service)) > 0;) total += k;
            return total;
        }));

        // Each meeting had work due once (both its reminders, caught up in one visit): claimed once in all.
        Assert.Equal(meetings, claims.Sum());
        var due = await Eventually.Until("every reminder published", async () =>
            (await EventBus.ReadAsync<MeetingReminderDue>(Db)) is { Count: >= 2 * meetings + 2 } all ? all : null);
        Assert.Equal(2 * meetings + 2, due.Select(e => (e.Meeting, e.OffsetMinutes)).Distinct().Count());
        Assert.Equal(0, await SweepAsync(replica));

        // A meeting booked days ahead is looked at once (its schedule is computed), then not until its first reminder.
        await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, DateTime.UtcNow.AddDays(4)));
        Assert.Equal(1, await SweepAsync(Service("scheduling")));
        Assert.Equal(0, await SweepAsync(Service("scheduling")));
        Assert.Equal(2 * meetings + 2, (await EventBus.ReadAsync<MeetingReminderDue>(Db)).Count);
    }

    private async Task<DateTime?> NextDueAsync(string meeting)
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<DateTime?>(c,
            "SELECT next_due_at FROM scheduling.meeting_clock WHERE meeting_id = @id", new { id = Guid.Parse(meeting["meetings/".Length..]) });
    }

    [Fact]
    public async Task A_meeting_booked_after_its_reminders_were_due_gets_none_and_a_moved_one_is_reminded_for_its_new_time()
    {
        // Booked 45 minutes ahead: both reminders were due before the booking.
        await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, DateTime.UtcNow.AddMinutes(45)));
        await SweepAsync(Service("scheduling"));

        var meeting = await BookedTwoDaysAgoAsync(TimeSpan.FromMinutes(30));
        await SweepAsync(Service("scheduling"));
        var first = await Eventually.Until("two reminders of the booked meeting", async () =>
            (await EventBus.ReadAsync<MeetingReminderDue>(Db)) is { Count: 2 } all ? all : null);
        Assert.All(first, e => Assert.Equal(meeting.Name, e.Meeting));

        // Moved (long ago, as time goes) to 40 minutes from now: its 1 h reminder is due again, for the new start.
        var newStart = DateTime.UtcNow.AddMinutes(40);
        await world.SetTimesAsync(meeting.Name, newStart, newStart.AddHours(1), DateTime.UtcNow.AddDays(-2));
        await SweepAsync(Service("scheduling"));
        var all = await Eventually.Until("a reminder for the new time", async () =>
            (await EventBus.ReadAsync<MeetingReminderDue>(Db)) is { Count: 4 } all ? all : null);
        Assert.Equal([60, 1440], all.Skip(2).Select(e => e.OffsetMinutes).Order());
        Assert.All(all.Skip(2), e => Assert.Equal(newStart, e.StartTime.ToDateTime(), TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public async Task Attendance_is_asked_for_after_the_end_and_an_unrecorded_meeting_becomes_unconfirmed()
    {
        var ended = await BookedTwoDaysAgoAsync(TimeSpan.FromMinutes(-75));           // ended 15 minutes ago
        var longAgo = await BookedTwoDaysAgoAsync(TimeSpan.FromDays(-3), minutes: 30);   // beyond the 2-day window

        await SweepAsync(Service("scheduling"));
        await SweepAsync(Service("scheduling"));

        var asked = await Eventually.Until("AttendanceDue", async () => (await EventBus.ReadAsync<AttendanceDue>(Db)).SingleOrDefault());
        Assert.Equal(ended.Name, asked.Meeting);
        Assert.Equal(MeetingState.Unconfirmed, (await partner.GetMeetingAsync(new GetMeetingRequest { Name = longAgo.Name })).State);
        Assert.Equal(MeetingState.Proposed, (await partner.GetMeetingAsync(new GetMeetingRequest { Name = ended.Name })).State);

        // A record still settles an unconfirmed meeting.
        var held = await partner.RecordAttendanceAsync(new RecordAttendanceRequest { Name = longAgo.Name, Held = true });
        Assert.Equal(MeetingState.Held, held.State);
    }
}
