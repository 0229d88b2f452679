using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Feedback.Health;

namespace Mentoring.Feedback.Relationships.Projection;

/// <summary>
/// Keeps <c>relationship</c> and its participants in step with matching. Each event carries the
/// relationship's version; an older one delivered late changes nothing, so replays are harmless.
/// </summary>
public sealed class RelationshipProjection(HealthMonitor health) : IEventHandler<RelationshipStateChanged>, IEventHandler<RelationshipParticipantsChanged>
{
    public const string StateSubscriber = "relationship-states";
    public const string ParticipantsSubscriber = "relationship-participants";

    public async Task HandleAsync(RelationshipStateChanged @event, EventContext context, CancellationToken ct)
    {
        var id = Parse(RelationshipRow.Collection, @event.Relationship);
        Guid? programmeId = ResourceName.TryParse("programmes", @event.Programme, out var p) ? p : null;
        var applied = await context.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO relationship (tenant_id, id, programme_id, state, version, model) VALUES (@TenantId, @id, @programmeId, @state, @Version, @model)
            ON CONFLICT (tenant_id, id) DO UPDATE
                SET state = excluded.state, version = excluded.version, programme_id = coalesce(excluded.programme_id, relationship.programme_id),
                    model = CASE WHEN excluded.model <> 0 THEN excluded.model ELSE relationship.model END
            WHERE relationship.version < excluded.version
            """, new { context.TenantId, id, programmeId, state = (short)@event.State, @event.Version, model = (short)@event.Model },
            context.Transaction, cancellationToken: ct));
        if (applied == 0) return;
        await ReplaceParticipantsIfNewerAsync(context, id, @event.Mentors, @event.Mentees, @event.Version, ct);
        // When it became active (fit checks and health count from there), entered contracting (the agreement reminder)
        // and began closing (the evaluation window).
        await context.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE relationship SET
                active_since = CASE WHEN @state = @active THEN coalesce(active_since, @at) ELSE active_since END,
                contracting_since = CASE WHEN @state = @contracting THEN coalesce(contracting_since, @at) ELSE contracting_since END,
                closing_since = CASE WHEN @state IN (@closing, @closed) THEN coalesce(closing_since, @at) ELSE closing_since END
            WHERE tenant_id = @TenantId AND id = @id
            """,
            new
            {
                context.TenantId, id, state = (short)@event.State, at = context.Envelope.Time.UtcDateTime,
                active = (short)RelationshipState.Active, contracting = (short)RelationshipState.Contracting, closing = (short)RelationshipState.Closing, closed = (short)RelationshipState.Closed,
            }, context.Transaction, cancellationToken: ct));
        await health.EvaluateAsync(context.Connection, context.Transaction, context.TenantId, id, ct);
    }

    public async Task HandleAsync(RelationshipParticipantsChanged @event, EventContext context, CancellationToken ct)
    {
        var id = Parse(RelationshipRow.Collection, @event.Relationship);
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
        var members = mentors.Select((m, i) => (Person: Parse("people", m), Mentor: true, Position: (short)i))
            .Concat(mentees.Select((m, i) => (Person: Parse("people", m), Mentor: false, Position: (short)i)))
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

    private static Guid Parse(string collection, string name) =>
        ResourceName.TryParse(collection, name, out var id) ? id
            : throw new InvalidOperationException($"Event with a malformed name '{name}' (expected {collection}/{{id}})");
}
