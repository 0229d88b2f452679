using Dapper;
using Grpc.Core;
using Mentoring.Contracts.Matching.V1;
using Npgsql;

namespace Mentoring.Feedback.Relationships;

/// <summary>A participant of a relationship as feedback projects it: mentors first, in matching's order.</summary>
public sealed record RelationshipMember(Guid PersonId, bool Mentor, short Position);

/// <summary>The projected relationship: its programme, phase and participants.</summary>
public sealed record RelationshipRow(Guid Id, Guid? ProgrammeId, RelationshipState State, IReadOnlyList<RelationshipMember> Members)
{
    public const string Collection = "relationships";

    /// <summary>Phases in which the participants work together: from accepted to closing.</summary>
    public bool Live => State is RelationshipState.Accepted or RelationshipState.Rapport or RelationshipState.Contracting
        or RelationshipState.Active or RelationshipState.Closing;

    public bool IsParticipant(Guid personId) => Members.Any(m => m.PersonId == personId);

    /// <summary>PERMISSION_DENIED unless <paramref name="personId"/> takes part ("Only participants {act}.").</summary>
    public void EnsureParticipant(Guid personId, string act)
    {
        if (!IsParticipant(personId)) throw new RpcException(new Status(StatusCode.PermissionDenied, $"Only participants {act}."));
    }
}

/// <summary>Reads of the relationship projection.</summary>
public static class RelationshipStore
{
    private sealed record Head(Guid Id, Guid? ProgrammeId, short State);

    /// <summary>The relationship with its participants; NOT_FOUND when it is not (yet) known here.</summary>
    public static async Task<RelationshipRow> LoadKnownAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, string name, CancellationToken ct) =>
        await LoadAsync(c, tx, tenantId, id, ct) is { Members.Count: > 0 } relationship ? relationship
            : throw new RpcException(new Status(StatusCode.NotFound, $"{name} not found."));

    /// <summary>As <see cref="LoadKnownAsync"/>, and live (FAILED_PRECONDITION naming its phase otherwise).</summary>
    public static async Task<RelationshipRow> LoadLiveAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, string name, CancellationToken ct)
    {
        var relationship = await LoadKnownAsync(c, tx, tenantId, id, name, ct);
        return relationship.Live ? relationship
            : throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"{name} is not live (its phase is {relationship.State}); its content changes from acceptance to closing only."));
    }

    /// <summary>Locks the relationship's row: serialises work on it even before its content's first row exists.</summary>
    public static Task LockAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("SELECT 1 FROM relationship WHERE tenant_id = @tenantId AND id = @id FOR UPDATE",
            new { tenantId, id }, tx, cancellationToken: ct));

    public static async Task<RelationshipRow?> LoadAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, CancellationToken ct)
    {
        var head = await c.QuerySingleOrDefaultAsync<Head>(new CommandDefinition(
            "SELECT id AS Id, programme_id AS ProgrammeId, state AS State FROM relationship WHERE tenant_id = @tenantId AND id = @id",
            new { tenantId, id }, tx, cancellationToken: ct));
        if (head is null) return null;
        var members = await c.QueryAsync<RelationshipMember>(new CommandDefinition(
            """
            SELECT person_id AS PersonId, mentor AS Mentor, position AS Position FROM relationship_participant
            WHERE tenant_id = @tenantId AND relationship_id = @id ORDER BY mentor DESC, position
            """, new { tenantId, id }, tx, cancellationToken: ct));
        return new RelationshipRow(head.Id, head.ProgrammeId, (RelationshipState)head.State, members.ToList());
    }
}
