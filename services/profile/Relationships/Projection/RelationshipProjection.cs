using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Profile.Relationships.Projection;

/// <summary>
/// Keeps <c>relationship</c> (its phase and programme) and its participants (and which are mentors)
/// in step with matching, for the share rule of the rapport profile and the programme report. Each
/// event carries the relationship's version; an older one delivered late
/// changes nothing, so replays are harmless. When a relationship closes, the rapport profiles
/// shared with it are unshared (docs/feedback.md, "Who sees what").
/// </summary>
public sealed class RelationshipProjection : IEventHandler<RelationshipStateChanged>, IEventHandler<RelationshipParticipantsChanged>
{
    public const string StateSubscriber = "relationship-states";
    public const string ParticipantsSubscriber = "relationship-participants";

    public async Task HandleAsync(RelationshipStateChanged @event, EventContext context, CancellationToken ct)
    {
        var id = Parse(RelationshipRow.Collection, @event.Relationship);
        var applied = await context.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO relationship (tenant_id, id, state, version, programme_id) VALUES (@TenantId, @id, @state, @Version, @programmeId)
            ON CONFLICT (tenant_id, id) DO UPDATE SET state = excluded.state, version = excluded.version, programme_id = coalesce(excluded.programme_id, relationship.programme_id)
            WHERE relationship.version < excluded.version
            """, new { context.TenantId, id, state = (short)@event.State, @event.Version, programmeId = @event.Programme == "" ? (Guid?)null : Parse("programmes", @event.Programme) },
            context.Transaction, cancellationToken: ct));
        if (applied == 0) return;
        await ReplaceParticipantsIfNewerAsync(context, id, @event.Mentors, @event.Mentees, @event.Version, ct);
        if (@event.State == RelationshipState.Closed)
            await context.Connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM rapport_share WHERE tenant_id = @TenantId AND relationship_id = @id",
                new { context.TenantId, id }, context.Transaction, cancellationToken: ct));
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

    private static async Task ReplaceParticipantsIfNewerAsync(EventContext context, Guid id, IEnumerable<string> mentorNames, IEnumerable<string> menteeNames,
        long version, CancellationToken ct)
    {
        var mentors = mentorNames.Select(p => Parse("people", p)).Distinct().ToArray();
        var people = mentors.Concat(menteeNames.Select(p => Parse("people", p))).Distinct().ToArray();
        var newer = await context.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE relationship SET participants_version = @version WHERE tenant_id = @TenantId AND id = @id AND participants_version < @version",
            new { context.TenantId, id, version }, context.Transaction, cancellationToken: ct));
        if (newer == 0) return;
        // A person who left the relationship no longer shares with it either.
        await context.Connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM relationship_participant WHERE tenant_id = @TenantId AND relationship_id = @id;
            INSERT INTO relationship_participant (tenant_id, relationship_id, person_id, mentor)
            SELECT @TenantId, @id, p, p = ANY(@mentors) FROM unnest(@people) AS p;
            DELETE FROM rapport_share WHERE tenant_id = @TenantId AND relationship_id = @id AND person_id <> ALL(@people);
            """,
            new { context.TenantId, id, people, mentors },
            context.Transaction, cancellationToken: ct));
    }

    private static Guid Parse(string collection, string name) =>
        ResourceName.TryParse(collection, name, out var id) ? id
            : throw new InvalidOperationException($"Event with a malformed name '{name}' (expected {collection}/{{id}})");
}
