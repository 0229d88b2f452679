using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Scheduling.Relationships;
using MimeKit;

namespace Mentoring.Scheduling.Notifications;

/// <summary>
/// Mails the participants of a relationship a short reminder to draft and sign their agreement when
/// feedback says it has sat in CONTRACTING without one (<c>AgreementReminderDue</c>), each in their
/// language, to the address the participant projection has. Not when scheduling already knows the
/// relationship has moved past CONTRACTING (active, closing, closed: the reminder is stale). Off unless
/// <c>Notifications:Email:Enabled</c>; once per event and person (<see cref="NotificationMail"/>).
/// </summary>
public sealed class AgreementMailer(NotificationMail mail) : IEventHandler<AgreementReminderDue>
{
    public const string Subscriber = "agreement-reminder-mail";

    public async Task HandleAsync(AgreementReminderDue @event, EventContext context, CancellationToken ct)
    {
        if (!mail.Enabled || !ResourceName.TryParse(RelationshipRow.Collection, @event.Relationship, out var relationshipId)) return;
        var state = await context.Connection.QuerySingleOrDefaultAsync<short?>(new CommandDefinition(
            "SELECT state FROM relationship WHERE tenant_id = @TenantId AND id = @relationshipId",
            new { context.TenantId, relationshipId }, context.Transaction, cancellationToken: ct));
        if (state is { } known && (RelationshipState)known is RelationshipState.Active or RelationshipState.Closing or RelationshipState.Closed) return;

        var people = @event.Participants.Select(p => ResourceName.TryParse("people", p, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).Distinct().ToArray();
        var recipients = await mail.NotYetMailedAsync(context, people, ct);
        await mail.SendAsync(context, recipients, r => Compose(r, @event.DaysWaiting), ct);
    }

    private static MimeMessage Compose(Recipient r, int days)
    {
        var text = MailTemplates.AgreementReminder(r.Language, r.DisplayName, days);
        return new MimeMessage { Subject = text.Subject, Body = new TextPart("plain") { Text = text.Body } };
    }
}
