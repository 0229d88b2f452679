using Dapper;
using MailKit.Net.Smtp;
using MailKit.Security;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Availability;
using Mentoring.Scheduling.Calendars;
using Mentoring.Scheduling.Meetings;
using Microsoft.Extensions.Options;
using MimeKit;
using NodaTime;

namespace Mentoring.Scheduling.Notifications;

/// <summary>
/// Mails the participants of a meeting when its reminder or attendance request falls due
/// (<c>MeetingReminderDue</c>, <c>AttendanceDue</c>), with the meeting's .ics attached to reminders.
/// Off unless <c>Notifications:Email:Enabled</c>. Each mail is recorded as it goes out (in a
/// transaction of its own), so a redelivered event mails nobody twice; a failure to reach the
/// SMTP server fails the handler, and the event is retried with backoff.
/// </summary>
public sealed class MeetingMailer(IOptions<EmailOptions> options, ServiceDatabase db)
    : IEventHandler<MeetingReminderDue>, IEventHandler<AttendanceDue>
{
    public const string ReminderSubscriber = "reminder-mail";
    public const string AttendanceSubscriber = "attendance-mail";

    private sealed record Recipient(Guid PersonId, string Email, string DisplayName, string Language, string TimeZone);

    public Task HandleAsync(MeetingReminderDue @event, EventContext context, CancellationToken ct) =>
        SendAsync(@event.Meeting, context, reminder: true, ct);

    public Task HandleAsync(AttendanceDue @event, EventContext context, CancellationToken ct) =>
        SendAsync(@event.Meeting, context, reminder: false, ct);

    private async Task SendAsync(string meetingName, EventContext context, bool reminder, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled || !ResourceName.TryParse(MeetingRecord.Collection, meetingName, out var meetingId)) return;
        var meeting = await MeetingStore.LoadAsync(context.Connection, context.Transaction, context.TenantId, meetingId, ct);
        if (meeting is null || meeting.StateValue == MeetingState.Cancelled) return;
        var invited = meeting.Attendees.Where(a => a.Response != (short)Response.Declined).Select(a => a.PersonId).ToArray();
        var recipients = (await context.Connection.QueryAsync<Recipient>(new CommandDefinition(
            """
            SELECT p.person_id AS PersonId, p.email AS Email, p.display_name AS DisplayName, p.language AS Language, p.time_zone AS TimeZone
            FROM participant p
            WHERE p.tenant_id = @TenantId AND p.person_id = ANY(@invited) AND p.email <> ''
              AND NOT EXISTS (SELECT 1 FROM notification_sent s WHERE s.tenant_id = p.tenant_id AND s.event_id = @eventId AND s.person_id = p.person_id)
            """, new { context.TenantId, invited, eventId = context.Envelope.EventId }, context.Transaction, cancellationToken: ct))).ToList();
        if (recipients.Count == 0) return;

        using var smtp = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        await smtp.ConnectAsync(o.Host, o.Port, o.StartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(o.User)) await smtp.AuthenticateAsync(o.User, o.Password ?? "", ct);
        var ics = reminder ? MeetingCalendar.Write([meeting], meeting.Title.Length > 0 ? meeting.Title : "Mentoring session") : null;
        foreach (var r in recipients)
        {
            await smtp.SendAsync(Compose(o, meeting, r, ics), ct);
            await db.InTransactionAsync(async (c, tx, token) =>
            {
                await TenantScope.EnterAsync(c, tx, context.TenantId, token);
                return await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO notification_sent (tenant_id, event_id, person_id) VALUES (@TenantId, @eventId, @PersonId) ON CONFLICT DO NOTHING",
                    new { context.TenantId, eventId = context.Envelope.EventId, r.PersonId }, tx, cancellationToken: token));
            }, ct);
        }
        await smtp.DisconnectAsync(quit: true, ct);
    }

    private static MimeMessage Compose(EmailOptions o, MeetingRecord meeting, Recipient r, string? ics)
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
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        message.To.Add(new MailboxAddress(r.DisplayName, r.Email));
        message.Subject = text.Subject;
        var body = new BodyBuilder { TextBody = text.Body };
        if (ics is not null)
            body.Attachments.Add("meeting.ics", System.Text.Encoding.UTF8.GetBytes(ics), new ContentType("text", "calendar") { Parameters = { { "method", "PUBLISH" } } });
        message.Body = body.ToMessageBody();
        return message;
    }
}
