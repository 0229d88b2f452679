using CsCheck;
using Mentoring.Scheduling.Engine.Reminders;

namespace Mentoring.Scheduling.Engine.Tests.Reminders;

public class ReminderScheduleTests
{
    private static readonly DateTime Now = new(2031, 3, 10, 12, 0, 0, DateTimeKind.Utc);
    private static readonly ReminderRules Rules = new([1440, 60], TimeSpan.FromMinutes(10), TimeSpan.FromDays(2));

    private static MeetingClock Meeting(TimeSpan startsIn, TimeSpan bookedAgo, int minutes = 60) =>
        new(Now + startsIn, Now + startsIn + TimeSpan.FromMinutes(minutes), Now - bookedAgo);

    [Fact]
    public void A_meeting_booked_days_ahead_has_nothing_due_and_next_its_first_reminder()
    {
        var visit = ReminderSchedule.At(Meeting(TimeSpan.FromDays(3), TimeSpan.Zero), Rules, Now);
        Assert.Empty(visit.Before);
        Assert.Equal((false, false, Now + TimeSpan.FromDays(2)), (visit.Attendance, visit.Expired, visit.NextDue));
    }

    [Fact]
    public void After_downtime_every_reminder_that_fell_due_goes_at_once_largest_offset_first()
    {
        var visit = ReminderSchedule.At(Meeting(TimeSpan.FromMinutes(30), TimeSpan.FromDays(2)), Rules, Now);
        Assert.Equal([1440, 60], visit.Before);
        Assert.False(visit.Attendance);
        Assert.Equal(Now + TimeSpan.FromMinutes(100), visit.NextDue); // the end, 90 minutes away, plus 10
    }

    [Fact]
    public void Reminders_due_before_the_booking_are_skipped()
    {
        var visit = ReminderSchedule.At(Meeting(TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(1)), Rules, Now);
        Assert.Empty(visit.Before);
        Assert.Equal(Now + TimeSpan.FromMinutes(115), visit.NextDue);
    }

    [Fact]
    public void A_started_meeting_gets_no_reminder_before_it_and_attendance_after_its_end()
    {
        Assert.Empty(ReminderSchedule.At(Meeting(TimeSpan.FromMinutes(-5), TimeSpan.FromDays(2)), Rules, Now).Before);
        var ended = ReminderSchedule.At(Meeting(TimeSpan.FromMinutes(-75), TimeSpan.FromDays(2)), Rules, Now);
        Assert.Empty(ended.Before);
        Assert.Equal((true, false), (ended.Attendance, ended.Expired));
        Assert.Equal(Now + TimeSpan.FromDays(2) - TimeSpan.FromMinutes(15), ended.NextDue);
    }

    [Fact]
    public void Past_the_window_the_meeting_expires_and_nothing_is_due_any_more()
    {
        var visit = ReminderSchedule.At(Meeting(TimeSpan.FromDays(-3), TimeSpan.FromDays(5), 30), Rules, Now);
        Assert.Equal((false, true, (DateTime?)null), (visit.Attendance, visit.Expired, visit.NextDue));
    }

    /// <summary>
    /// A sweeper that visits a meeting from its booking on whenever its stored next due time has come
    /// (and at arbitrary extra times before it, as a restart may cause) sends every reminder due after
    /// the booking and before the start, each at or after its due time, attendance when the booking
    /// came before the window closed, and ends with the meeting expired. (Extra visits may repeat a
    /// reminder, which the sweeper's unique key drops: counted as sets here.)
    /// </summary>
    [Fact]
    public void Following_next_due_sends_every_reminder_due_after_the_booking_and_ends_expired()
    {
        Gen.Select(Gen.Int[-4000, 4000], Gen.Int[0, 3000], Gen.Int[5, 480], Gen.Int[0, 1_000_000], Gen.Int[1, 4]).Sample((startIn, bookedBefore, minutes, seed, offsetCount) =>
        {
            var random = new Random(seed);
            var offsets = Enumerable.Range(0, offsetCount).Select(_ => random.Next(1, 3000)).ToList();
            var rules = Rules with { OffsetMinutes = offsets };
            var booked = Now.AddMinutes(-bookedBefore);
            var m = new MeetingClock(Now.AddMinutes(startIn), Now.AddMinutes(startIn + minutes), booked);
            var expected = offsets.Where(o => m.Start.AddMinutes(-o) >= booked).ToHashSet();

            var sent = new HashSet<int>();
            var attendance = false;
            ReminderVisit? last = null;
            DateTime? at = booked;
            var visits = 0;
            while (at is { } t)
            {
                Assert.True(++visits < 100, "the sweeper keeps coming back");
                var visit = last = ReminderSchedule.At(m, rules, t);
                Assert.All(visit.Before, o => Assert.True(t < m.Start && m.Start.AddMinutes(-o) <= t, "a reminder before it was due, or after the start"));
                sent.UnionWith(visit.Before);
                attendance |= visit.Attendance;
                Assert.True(visit.NextDue is null || visit.NextDue > t, "the next due time is not after the visit");
                at = visit.NextDue is { } next && random.Next(4) == 0 ? t + (next - t) / 2 : visit.NextDue;
            }
            Assert.Equal(expected.Order(), sent.Order());
            Assert.Equal(booked < m.End + rules.AttendanceWindow, attendance);
            Assert.True(last!.Expired);
        });
    }
}
