using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Scheduling.Meetings;

namespace Mentoring.Scheduling.Relationships.Projection;

/// <summary>
/// Keeps <c>relationship</c> and its participants in step with matching. Each event carries the
/// relationship's version; an older one delivered late changes nothing, so replays are harmless.
/// When a relationship closes, its meetings still to come are cancelled, with events.
/// </summary>
public sealed class RelationshipProjection(MeetingCancellation cancellation)
    : IEventHandler<RelationshipStateChanged>, IEventHandler<RelationshipParticipantsChanged>
{
    public const string StateSubscriber = "relationship-states";
    public const string ParticipantsSubscriber = "relationship-participants";
    public const string ClosedReason = "The relationship closed.";

    public async Task HandleAsync(RelationshipStateChanged @event, EventContext context, CancellationToken ct)
    {
        var id = Parse(@event.Relationship);
        var applied = await context.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO relationship (tenant_id, id, state, version, programme_id) VALUES (@TenantId, @id, @state, @Version, @programmeId)
            ON CONFLICT (tenant_id, id) DO UPDATE
                SET state = excluded.state, version = excluded.version, programme_id = coalesce(excluded.programme_id, relationship.programme_id)
            WHERE relationship.version < excluded.version
            """, new { context.TenantId, id, state = (short)@event.State, @event.Version,
                programmeId = ResourceName.TryParse("programmes", @event.Programme, out var programme) ? programme : (Guid?)null },
            context.Transaction, cancellationToken: ct));
        if (applied == 0) return;
        await ReplaceParticipantsIfNewerAsync(context, id, @event.Mentors, @event.Mentees, @event.Version, ct);
        if (@event.State == RelationshipState.Closed)
            await cancellation.CancelFutureAsync(context.Connection, context.Transaction, context.TenantId, id, ClosedReason, ct);
    }

    public async Task HandleAsync(RelationshipParticipantsChanged @event, EventContext context, CancellationToken ct)
    {
        var id = Parse(@event.Relationship);
        // The participants may arrive before the relationship's first state: keep them with an unknown state.
        await context.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO relationship (tenant_id, id, state, version) VALUES (@TenantId, @id, 0, 0) ON CONFLICT DO NOTHING",
            new { context.TenantId, id }, context.Transaction, cancellationToken: ct));
        await ReplaceParticipantsIfNewerAsync(context, id, @event.Mentors, @event.Mentees, @event.Version, ct);
    }

    private static async Task ReplaceParticipantsIfNewerAsync(
        EventContext context, Guid id, IEnumerable<string> mentors, IEnumerable<string> mentees, long version, CancellationToken ct)
    {
        var newer = await context.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE relationship SET participants_version = @version WHERE tenant_id = @TenantId AND id = @id AND participants_version < @version",
            new { context.TenantId, id, version }, context.Transaction, cancellationToken: ct));
        if (newer == 0) return;
        var members = mentors.Select((m, i) => (Person: ParsePerson(m), Mentor: true, Position: (short)i))
            .Concat(mentees.Select((m, i) => (Person: ParsePerson(m), Mentor: false, Position: (short)i)))
            .DistinctBy(m => m.Person).ToList();
        await context.Connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM relationship_participant WHERE tenant_id = @TenantId AND relationship_id = @id;
            INSERT INTO relationship_participant (tenant_id, relationship_id, person_id, mentor, position)
            SELECT @TenantId, @id, * FROM unnest(@people, @mentors, @positions);
            """,
            new
            {
                context.TenantId, id,
                people = members.Select(m => m.Person).ToArray(),
                mentors = members.Select(m => m.Mentor).ToArray(),
                positions = members.Select(m => m.Position).ToArray(),
            }, context.Transaction, cancellationToken: ct));
    }

    private static Guid Parse(string relationship) =>
        ResourceName.TryParse(RelationshipRow.Collection, relationship, out var id) ? id
            : throw new InvalidOperationException($"Event with a malformed relationship '{relationship}'");

    private static Guid ParsePerson(string person) =>
        ResourceName.TryParse("people", person, out var id) ? id
            : throw new InvalidOperationException($"Event with a malformed person '{person}'");
}
