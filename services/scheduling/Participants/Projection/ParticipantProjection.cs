using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Scheduling.Participants.Projection;

/// <summary>
/// Keeps <c>participant</c> in step with profile's people (idempotent upsert); a change carries the
/// person's version, so an older one delivered late never overwrites a newer one.
/// </summary>
public sealed class ParticipantProjection : IEventHandler<PersonRegistered>, IEventHandler<PersonUpdated>
{
    public const string Subscriber = "participants";
    public const string UpdatesSubscriber = "participant-updates";

    public Task HandleAsync(PersonRegistered @event, EventContext context, CancellationToken ct) =>
        UpsertAsync(@event.Person, version: 1, context, ct);

    public Task HandleAsync(PersonUpdated @event, EventContext context, CancellationToken ct) =>
        UpsertAsync(@event.Person, @event.Version, context, ct);

    private static Task UpsertAsync(Person p, long version, EventContext context, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", p.Name, out var personId))
            throw new InvalidOperationException($"Event with a malformed person name '{p.Name}'");
        return context.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO participant (tenant_id, person_id, display_name, time_zone, registered_at, version, email, language)
            VALUES (@TenantId, @personId, @DisplayName, @TimeZone, @RegisteredAt, @version, @Email, @language)
            ON CONFLICT (tenant_id, person_id) DO UPDATE SET
                display_name = excluded.display_name, time_zone = excluded.time_zone, version = excluded.version,
                email = excluded.email, language = excluded.language
            WHERE participant.version < excluded.version
            """,
            new
            {
                context.TenantId,
                personId,
                p.DisplayName,
                TimeZone = p.TimeZone.Length > 0 ? p.TimeZone : "UTC",
                RegisteredAt = p.CreateTime?.ToDateTime() ?? context.Envelope.Time.UtcDateTime,
                version,
                p.Email,
                language = p.Languages.FirstOrDefault() ?? "",
            }, context.Transaction, cancellationToken: ct));
    }
}
