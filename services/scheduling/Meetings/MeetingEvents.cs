using Mentoring.Contracts.Events.V1;

namespace Mentoring.Scheduling.Meetings;

/// <summary>The integration events of meetings; they carry times and people, never agendas.</summary>
public static class MeetingEvents
{
    public static MeetingScheduled Scheduled(MeetingRecord m) => new()
    {
        Meeting = m.Name, Relationship = Relationship(m), Participants = { m.Participants },
        StartTime = MeetingRecord.Utc(m.StartAt), EndTime = MeetingRecord.Utc(m.EndAt),
        Format = (Contracts.Profile.V1.MeetingFormat)m.Format, Sequence = m.Sequence,
    };

    public static MeetingRescheduled Rescheduled(MeetingRecord m, DateTime previousStart, bool late) => new()
    {
        Meeting = m.Name, Relationship = Relationship(m), Participants = { m.Participants },
        PreviousStartTime = MeetingRecord.Utc(previousStart), StartTime = MeetingRecord.Utc(m.StartAt),
        EndTime = MeetingRecord.Utc(m.EndAt), Late = late, Sequence = m.Sequence,
    };

    /// <summary>A change of format, place or title; the event names the fields and the format, never the place or link.</summary>
    public static MeetingUpdated Updated(MeetingRecord m, IEnumerable<string> changedFields) => new()
    {
        Meeting = m.Name, Relationship = Relationship(m), Participants = { m.Participants }, StartTime = MeetingRecord.Utc(m.StartAt),
        Format = (Contracts.Profile.V1.MeetingFormat)m.Format, ChangedFields = { changedFields }, Sequence = m.Sequence,
    };

    public static MeetingCancelled Cancelled(MeetingRecord m, bool late) => new()
    {
        Meeting = m.Name, Relationship = Relationship(m), Participants = { m.Participants },
        StartTime = MeetingRecord.Utc(m.StartAt), Reason = m.CancelReason, Late = late, Sequence = m.Sequence,
    };

    public static MeetingHeld Held(MeetingRecord m) => new()
    {
        Meeting = m.Name, Relationship = Relationship(m),
        Attendees = { m.Attendees.Where(a => !a.Absent).Select(a => MeetingRecord.Person(a.PersonId)) },
        Absent = { m.Attendees.Where(a => a.Absent).Select(a => MeetingRecord.Person(a.PersonId)) },
        StartTime = MeetingRecord.Utc(m.StartAt), DurationMinutes = m.HeldMinutes ?? 0,
    };

    public static MeetingMissed Missed(MeetingRecord m) => new()
    {
        Meeting = m.Name, Relationship = Relationship(m), Participants = { m.Participants }, StartTime = MeetingRecord.Utc(m.StartAt),
    };

    private static string Relationship(MeetingRecord m) => Mentoring.BuildingBlocks.Resources.ResourceName.Format("relationships", m.RelationshipId);
}
