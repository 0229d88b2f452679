using Dapper;
using Grpc.Core;
using Mentoring.Contracts.Matching.V1;
using Npgsql;

namespace Mentoring.Scheduling.Relationships;

/// <summary>A participant of a relationship as scheduling projects it: mentors first, in matching's order.</summary>
public sealed record RelationshipMember(Guid PersonId, bool Mentor, short Position);

/// <summary>The projected relationship: its phase and participants.</summary>
public sealed record RelationshipRow(Guid Id, RelationshipState State, IReadOnlyList<RelationshipMember> Members)
{
    public const string Collection = "relationships";

    /// <summary>Phases in which the participants meet: from accepted to closing (a last meeting to move on).</summary>
    public bool Live => State is RelationshipState.Accepted or RelationshipState.Rapport or RelationshipState.Contracting
        or RelationshipState.Active or RelationshipState.Closing;

    public RelationshipMember LeadMentor => Members.FirstOrDefault(m => m.Mentor) ?? Members[0];
}

/// <summary>Reads of the relationship projection.</summary>
public static class RelationshipStore
{
    private sealed record Head(Guid Id, short State);

    /// <summary>The relationship, which must be known with participants (NOT_FOUND) and live (FAILED_PRECONDITION naming its phase).</summary>
    public static async Task<RelationshipRow> LoadLiveAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, string name, CancellationToken ct)
    {
        var relationship = await LoadAsync(c, tx, tenantId, id, ct);
        if (relationship is null || relationship.Members.Count == 0) throw new RpcException(new Status(StatusCode.NotFound, $"{name} not found."));
        if (!relationship.Live)
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"{name} is not live (its phase is {relationship.State}); only accepted to closing relationships meet."));
        return relationship;
    }

    public static async Task<RelationshipRow?> LoadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, CancellationToken ct)
    {
        var head = await c.QuerySingleOrDefaultAsync<Head>(new CommandDefinition(
            "SELECT id AS Id, state AS State FROM relationship WHERE tenant_id = @tenantId AND id = @id",
            new { tenantId, id }, tx, cancellationToken: ct));
        if (head is null) return null;
        var members = await c.QueryAsync<RelationshipMember>(new CommandDefinition(
            """
            SELECT person_id AS PersonId, mentor AS Mentor, position AS Position FROM relationship_participant
            WHERE tenant_id = @tenantId AND relationship_id = @id ORDER BY mentor DESC, position
            """, new { tenantId, id }, tx, cancellationToken: ct));
        return new RelationshipRow(head.Id, (RelationshipState)head.State, members.ToList());
    }
}
