using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;

namespace Mentoring.Scheduling.Participants.Projection;

/// <summary>
/// PersonErased: the participant becomes a tombstone without personal data; their availability,
/// the agenda items they wrote and their linked calendar (address and busy times) go. Meetings keep only the person's id (who attended), no data of theirs.
/// </summary>
public sealed class ParticipantErasure : IEventHandler<PersonErased>
{
    public const string Subscriber = "participant-erasure";

    public Task HandleAsync(PersonErased @event, EventContext context, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", @event.Person, out var personId))
            throw new InvalidOperationException($"PersonErased with a malformed person '{@event.Person}'");
        return context.Connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO participant (tenant_id, person_id, display_name, time_zone, registered_at, version)
            VALUES (@TenantId, @personId, '', 'UTC', now(), @tombstone)
            ON CONFLICT (tenant_id, person_id) DO UPDATE SET display_name = '', time_zone = 'UTC', email = '', language = '', version = @tombstone;
            DELETE FROM availability WHERE tenant_id = @TenantId AND person_id = @personId;
            DELETE FROM agenda_item WHERE tenant_id = @TenantId AND author_id = @personId;
            DELETE FROM external_busy WHERE tenant_id = @TenantId AND person_id = @personId;
            DELETE FROM external_calendar_due WHERE tenant_id = @TenantId AND person_id = @personId;
            DELETE FROM external_calendar WHERE tenant_id = @TenantId AND person_id = @personId;
            {Erasure.ScrubFailedDeliveriesSql};
            """,
            new { context.TenantId, personId, tombstone = Erasure.TombstoneVersion, name = @event.Person },
            context.Transaction, cancellationToken: ct));
    }
}
