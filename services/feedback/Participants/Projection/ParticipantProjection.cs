using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;

namespace Mentoring.Feedback.Participants.Projection;

/// <summary>Keeps <c>participant</c> in step with profile's registrations (idempotent upsert).</summary>
public sealed class ParticipantProjection : IEventHandler<PersonRegistered>
{
    public const string Subscriber = "participants";

    public Task HandleAsync(PersonRegistered @event, EventContext context, CancellationToken ct)
    {
        var p = @event.Person;
        if (!ResourceName.TryParse("people", p.Name, out var personId))
            throw new InvalidOperationException($"PersonRegistered with a malformed name '{p.Name}'");
        return context.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO participant (tenant_id, person_id, display_name, time_zone, registered_at)
            VALUES (@TenantId, @personId, @DisplayName, @TimeZone, @RegisteredAt)
            ON CONFLICT (tenant_id, person_id) DO UPDATE SET
                display_name = excluded.display_name, time_zone = excluded.time_zone
            """,
            new
            {
                context.TenantId,
                personId,
                p.DisplayName,
                TimeZone = p.TimeZone.Length > 0 ? p.TimeZone : "UTC",
                RegisteredAt = p.CreateTime?.ToDateTime() ?? context.Envelope.Time.UtcDateTime,
            }, context.Transaction, cancellationToken: ct));
    }
}
