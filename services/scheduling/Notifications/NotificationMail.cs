using Dapper;
using MailKit.Net.Smtp;
using MailKit.Security;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.BuildingBlocks.Tenancy;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Mentoring.Scheduling.Notifications;

/// <summary>A person to mail, from the participant projection (profile's people).</summary>
public sealed record Recipient(Guid PersonId, string Email, string DisplayName, string Language, string TimeZone);

/// <summary>
/// E-mail of the notification handlers, once per event and person (docs/scheduling.md, "Reminders
/// and mail"): who is still to be mailed for the event being handled, and one SMTP session sending
/// each their message. Each mail is recorded in <c>notification_sent</c> as it goes out, in a
/// transaction of its own, so a redelivered event — even one whose handler failed after some mails
/// went out — mails nobody twice. Off unless <c>Notifications:Email:Enabled</c>.
/// </summary>
public sealed class NotificationMail(IOptions<EmailOptions> options, ServiceDatabase db)
{
    public bool Enabled => options.Value.Enabled;

    /// <summary>Those of <paramref name="people"/> with an e-mail address not yet mailed for this event.</summary>
    public async Task<IReadOnlyList<Recipient>> NotYetMailedAsync(EventContext context, Guid[] people, CancellationToken ct) =>
        (await context.Connection.QueryAsync<Recipient>(new CommandDefinition(
            """
            SELECT p.person_id AS PersonId, p.email AS Email, p.display_name AS DisplayName, p.language AS Language, p.time_zone AS TimeZone
            FROM participant p
            WHERE p.tenant_id = @TenantId AND p.person_id = ANY(@people) AND p.email <> ''
              AND NOT EXISTS (SELECT 1 FROM notification_sent s WHERE s.tenant_id = p.tenant_id AND s.event_id = @eventId AND s.person_id = p.person_id)
            """, new { context.TenantId, people, eventId = context.Envelope.EventId }, context.Transaction, cancellationToken: ct))).ToList();

    /// <summary>
    /// Sends each recipient the message <paramref name="compose"/> makes (subject and body; sender and
    /// addressee are set here). A failure to reach the SMTP server fails the handler, and the event is
    /// retried with backoff.
    /// </summary>
    public async Task SendAsync(EventContext context, IReadOnlyList<Recipient> recipients, Func<Recipient, MimeMessage> compose, CancellationToken ct)
    {
        if (recipients.Count == 0) return;
        var o = options.Value;
        using var smtp = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        await smtp.ConnectAsync(o.Host, o.Port, o.StartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(o.User)) await smtp.AuthenticateAsync(o.User, o.Password ?? "", ct);
        foreach (var r in recipients)
        {
            var message = compose(r);
            message.From.Add(MailboxAddress.Parse(o.From));
            message.To.Add(new MailboxAddress(r.DisplayName, r.Email));
            await smtp.SendAsync(message, ct);
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
}
