namespace Mentoring.Scheduling.Engine.Reminders;

/// <summary>An open meeting as the reminder sweeper sees it (UTC): its times, and when its start was last set (booked or moved).</summary>
public readonly record struct MeetingClock(DateTime Start, DateTime End, DateTime ChangedAt);

/// <summary>When reminders are due: minutes before the start (one reminder each), attendance after the end, and the window after it.</summary>
public sealed record ReminderRules(IReadOnlyList<int> OffsetMinutes, TimeSpan AttendanceDueAfter, TimeSpan AttendanceWindow);

/// <summary>
/// What a visit of the sweeper at one instant does for one meeting: the reminders before it that are
/// due (offsets, largest first), whether attendance is due, whether the meeting expired (nobody
/// recorded it within the window: it becomes unconfirmed), and when the meeting next has something
/// due (null: nothing any more).
/// </summary>
public sealed record ReminderVisit(IReadOnlyList<int> Before, bool Attendance, bool Expired, DateTime? NextDue);

/// <summary>
/// The reminder schedule of one meeting (pure). A reminder before the meeting is due at start −
/// offset, while the meeting has not started, unless that time lies before the meeting was booked
/// or moved (nobody wants "in 24 hours" for a meeting booked an hour ahead). Attendance is due from
/// end + <see cref="ReminderRules.AttendanceDueAfter"/> until end + window, when the meeting expires.
/// Everything due up to the visit is returned at once (a catch-up after downtime), and the next due
/// time is always after the visit, so a sweeper that stores it never visits a meeting twice for the
/// same work. Whether a reminder already went out is not known here: the sweeper records each one
/// under a unique key, which makes a repeated one a no-op.
/// </summary>
public static class ReminderSchedule
{
    public static ReminderVisit At(MeetingClock m, ReminderRules rules, DateTime now)
    {
        var offsets = rules.OffsetMinutes.Where(o => o > 0).Distinct().OrderDescending().ToList();
        var counted = offsets.Select(o => (Minutes: o, Due: m.Start.AddMinutes(-o))).Where(x => x.Due >= m.ChangedAt).ToList();
        var before = m.Start > now ? counted.Where(x => x.Due <= now).Select(x => x.Minutes).ToList() : [];
        var attendanceDue = m.End + rules.AttendanceDueAfter;
        var expiry = m.End + rules.AttendanceWindow;
        var expired = expiry <= now;
        var attendance = !expired && attendanceDue <= now;

        DateTime? next = null;
        if (!expired)
        {
            IEnumerable<DateTime> later = [.. counted.Select(x => x.Due), attendanceDue, expiry];
            next = later.Where(t => t > now).Min();
        }
        return new ReminderVisit(before, attendance, expired, next);
    }
}
