using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Availability;
using Mentoring.Scheduling.Calendars;
using Mentoring.Scheduling.Meetings;
using MimeKit;
using NodaTime;

namespace Mentoring.Scheduling.Notifications;

/// <summary>
/// Mails the participants of a meeting when its reminder or attendance request falls due
/// (<c>MeetingReminderDue</c>, <c>AttendanceDue</c>), with the meeting's .ics attached to reminders.
/// Off unless <c>Notifications:Email:Enabled</c>; once per event and person (<see cref="NotificationMail"/>).
/// </summary>
public sealed class MeetingMailer(NotificationMail mail)
    : IEventHandler<MeetingReminderDue>, IEventHandler<AttendanceDue>
{
    public const string ReminderSubscriber = "reminder-mail";
    public const string AttendanceSubscriber = "attendance-mail";

    public Task HandleAsync(MeetingReminderDue @event, EventContext context, CancellationToken ct) =>
        SendAsync(@event.Meeting, context, reminder: true, ct);

    public Task HandleAsync(AttendanceDue @event, EventContext context, CancellationToken ct) =>
        SendAsync(@event.Meeting, context, reminder: false, ct);

    private async Task SendAsync(string meetingName, EventContext context, bool reminder, CancellationToken ct)
    {
        if (!mail.Enabled || !ResourceName.TryParse(MeetingRecord.Collection, meetingName, out var meetingId)) return;
        var meeting = await MeetingStore.LoadAsync(context.Connection, context.Transaction, context.TenantId, meetingId, ct);
        if (meeting is null || meeting.StateValue == MeetingState.Cancelled) return;
        var invited = meeting.Attendees.Where(a => a.Response != (short)Response.Declined).Select(a => a.PersonId).ToArray();
        var recipients = await mail.NotYetMailedAsync(context, invited, ct);
        if (recipients.Count == 0) return;
        var ics = reminder ? MeetingCalendar.Write([meeting], meeting.Title.Length > 0 ? meeting.Title : "Mentoring session") : null;
        await mail.SendAsync(context, recipients, r => Compose(meeting, r, ics), ct);
    }

    private static MimeMessage Compose(MeetingRecord meeting, Recipient r, string? ics)
    {
        var zone = PersonCalendars.Zone(r.TimeZone);
        var local = Instant.FromDateTimeUtc(DateTime.SpecifyKind(meeting.StartAt, DateTimeKind.Utc)).InZone(zone).ToDateTimeOffset();
        var title = meeting.Title.Length > 0 ? meeting.Title : "Mentoring session";
        var where = (MeetingFormat)meeting.Format switch
        {
            MeetingFormat.InPerson => meeting.Location,
            MeetingFormat.Video => meeting.JoinUrl,
            _ => "",
        };
        var text = ics is not null
            ? MailTemplates.Reminder(r.Language, r.DisplayName, title, local, zone.Id, where)
            : MailTemplates.Attendance(r.Language, r.DisplayName, title, local, zone.Id);
        var message = new MimeMessage { Subject = text.Subject };
        var body = new BodyBuilder { TextBody = text.Body };
        if (ics is not null)
            body.Attachments.Add("meeting.ics", System.Text.Encoding.UTF8.GetBytes(ics), new ContentType("text", "calendar") { Parameters = { { "method", "PUBLISH" } } });
        message.Body = body.ToMessageBody();
        return message;
    }
}
