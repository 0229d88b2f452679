namespace Mentoring.Scheduling;

/// <summary>Settings of the <c>Scheduling</c> section.</summary>
public sealed class SchedulingOptions
{
    /// <summary>
    /// A reschedule or cancellation this close to a meeting's start needs a note and counts as late
    /// (the relationship's agreement will set its own; until then this default applies).
    /// </summary>
    public TimeSpan NoticePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long before a meeting its reminders are due (<c>MeetingReminderDue</c>), one per offset.</summary>
    public List<TimeSpan> ReminderOffsets { get; set; } = [];

    /// <summary>The offsets in effect: <see cref="ReminderOffsets"/>, or 24 hours and 1 hour when none are configured.</summary>
    public IReadOnlyList<TimeSpan> EffectiveReminderOffsets =>
        ReminderOffsets.Count > 0 ? ReminderOffsets : [TimeSpan.FromHours(24), TimeSpan.FromHours(1)];

    /// <summary>How long after a meeting's end <c>AttendanceDue</c> is emitted.</summary>
    public TimeSpan AttendanceDueAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A meeting nobody records within this time after its end becomes UNCONFIRMED.</summary>
    public TimeSpan AttendanceWindow { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How often the reminder sweeper looks for due work (it also catches up after downtime).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}
