using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Availability;
using Mentoring.Scheduling.Engine.Calendars;
using Mentoring.Scheduling.Meetings;
using NodaTime;

namespace Mentoring.Scheduling.Calendars;

/// <summary>
/// Meetings as iCalendar events (<see cref="IcsWriter"/>) for their participants: title, times in
/// the organiser's zone, place or link; never agendas or other people's names. The UID is the
/// meeting's id, so a calendar updates the same event as SEQUENCE grows.
/// </summary>
public static class MeetingCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Write(IEnumerable<MeetingRecord> meetings, string calendarName) =>
        IcsWriter.Write(meetings.Select(ToEvent).ToList(), calendarName);

    public static CalendarEvent ToEvent(MeetingRecord m) => new(
        Uid: $"{m.Id}@mentoring",
        Sequence: m.Sequence,
        Start: Instant.FromDateTimeUtc(DateTime.SpecifyKind(m.StartAt, DateTimeKind.Utc)),
        End: Instant.FromDateTimeUtc(DateTime.SpecifyKind(m.EndAt, DateTimeKind.Utc)),
        Zone: PersonCalendars.Zone(m.TimeZone),
        Summary: m.Title.Length > 0 ? m.Title : "Mentoring session",
        Location: (MeetingFormat)m.Format switch
        {
            MeetingFormat.InPerson => m.Location,
            MeetingFormat.Video => m.JoinUrl,
            MeetingFormat.Phone => "Phone",
            _ => "Chat (e-mentoring)",
        },
        Url: m.JoinUrl.Length > 0 ? m.JoinUrl : null,
        Description: null,
        Cancelled: m.StateValue == MeetingState.Cancelled,
        Stamp: Instant.FromDateTimeUtc(DateTime.SpecifyKind(m.UpdatedAt, DateTimeKind.Utc)));
}
