using Dapper;
using Mentoring.Contracts.Matching.V1;
using Npgsql;

namespace Mentoring.Matching.Relationships;

/// <summary>A new relationship: who takes part, and how it came about.</summary>
public sealed record NewRelationship(Guid ProgrammeId, IReadOnlyList<Guid> Mentors, IReadOnlyList<Guid> Mentees, double Score, Guid? RematchOf = null)
{
    /// <summary>The planned end (the programme's time box), or null.</summary>
    public DateTime? EndsAt { get; init; }

    /// <summary>For programmes that end when the gap closes: competency → target level, fixed at the start.</summary>
    public IReadOnlyDictionary<string, int>? GapTargets { get; init; }
}

/// <summary>Reads and writes relationships inside the caller's (tenant-bound) transaction.</summary>
public static class RelationshipStore
{
    public const string Columns =
        "id, programme_id AS ProgrammeId, state, close_reason AS CloseReason, score, accepted_by AS AcceptedBy, version, " +
        "rematch_of AS RematchOf, created_at AS CreatedAt, ends_at AS EndsAt";

    public static async Task<RelationshipRecord?> LoadAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, CancellationToken ct, bool forUpdate = false)
    {
        var record = await c.QuerySingleOrDefaultAsync<RelationshipRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM relationship WHERE tenant_id = @tenantId AND id = @id{(forUpdate ? " FOR UPDATE" : "")}",
            new { tenantId, id }, tx, cancellationToken: ct));
        if (record is null) return null;
        await FillAsync(c, tx, tenantId, [record], ct);
        return record;
    }

    /// <summary>Participants, history and the programme's model of the records, in three queries.</summary>
    public static async Task FillAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, IReadOnlyList<RelationshipRecord> records, CancellationToken ct)
    {
        var ids = records.Select(r => r.Id).ToArray();
        var participants = (await c.QueryAsync<(Guid RelationshipId, Guid PersonId, short Role, short Position)>(new CommandDefinition(
            "SELECT relationship_id, person_id, role, position FROM relationship_participant WHERE tenant_id = @tenantId AND relationship_id = ANY(@ids)",
            new { tenantId, ids }, tx, cancellationToken: ct))).ToLookup(p => p.RelationshipId);
        var history = (await c.QueryAsync<(Guid RelationshipId, short State, string Actor, string Note, DateTime ChangedAt)>(new CommandDefinition(
            "SELECT relationship_id, state, actor, note, changed_at FROM relationship_change WHERE tenant_id = @tenantId AND relationship_id = ANY(@ids) ORDER BY position",
            new { tenantId, ids }, tx, cancellationToken: ct))).ToLookup(h => h.RelationshipId);
        var programmeIds = records.Select(r => r.ProgrammeId).Distinct().ToArray();
        var models = (await c.QueryAsync<(Guid Id, short Model)>(new CommandDefinition(
            "SELECT id, model FROM programme WHERE tenant_id = @tenantId AND id = ANY(@programmeIds)",
            new { tenantId, programmeIds }, tx, cancellationToken: ct))).ToDictionary(p => p.Id, p => p.Model);
        foreach (var r in records)
        {
            r.Model = models.GetValueOrDefault(r.ProgrammeId);
            r.Participants = participants[r.Id].Select(p => new ParticipantRow(p.PersonId, p.Role, p.Position)).ToList();
            r.History = history[r.Id].Select(h => new ChangeRow(h.State, h.Actor, h.Note, h.ChangedAt)).ToList();
        }
    }

    /// <summary>Creates a PROPOSED relationship with its participants and first history row; returns it.</summary>
    public static async Task<RelationshipRecord> CreateAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, NewRelationship relationship, string actor, string note, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO relationship (tenant_id, id, programme_id, state, score, rematch_of, ends_at, gap_targets)
            VALUES (@tenantId, @id, @ProgrammeId, @state, @Score, @RematchOf, @EndsAt, @targets::jsonb);
            INSERT INTO relationship_deadline (tenant_id, relationship_id, ends_at)
            SELECT @tenantId, @id, @EndsAt WHERE @EndsAt::timestamptz IS NOT NULL;
            """, new { tenantId, id, relationship.ProgrammeId, state = (short)RelationshipState.Proposed, relationship.Score, relationship.RematchOf, relationship.EndsAt,
                targets = relationship.GapTargets is { } t ? System.Text.Json.JsonSerializer.Serialize(t) : null },
            tx, cancellationToken: ct));
        var rows = relationship.Mentors.Select((p, i) => (p, RelationshipRecord.MentorRole, i))
            .Concat(relationship.Mentees.Select((p, i) => (p, RelationshipRecord.MenteeRole, i)));
        foreach (var (person, role, position) in rows)
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO relationship_participant (tenant_id, relationship_id, person_id, role, position) VALUES (@tenantId, @id, @person, @role, @position)",
                new { tenantId, id, person, role, position = (short)position }, tx, cancellationToken: ct));
        await AppendChangeAsync(c, tx, tenantId, id, RelationshipState.Proposed, actor, note, ct);
        return (await LoadAsync(c, tx, tenantId, id, ct))!;
    }

    public static Task AppendChangeAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, RelationshipState state, string actor, string note, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO relationship_change (tenant_id, relationship_id, state, actor, note) VALUES (@tenantId, @id, @state, @actor, @note)",
            new { tenantId, id, state = (short)state, actor, note }, tx, cancellationToken: ct));

    /// <summary>Mentor–mentee pairs of the programme that ended (closed), so they are not proposed again.</summary>
    public static async Task<HashSet<(Guid Mentee, Guid Mentor)>> EndedPairsAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid programmeId, CancellationToken ct) =>
        (await c.QueryAsync<(Guid Mentee, Guid Mentor)>(new CommandDefinition(
            """
            SELECT e.person_id, m.person_id FROM relationship r
            JOIN relationship_participant e ON e.tenant_id = r.tenant_id AND e.relationship_id = r.id AND e.role = 2
            JOIN relationship_participant m ON m.tenant_id = r.tenant_id AND m.relationship_id = r.id AND m.role = 1
            WHERE r.tenant_id = @tenantId AND r.programme_id = @programmeId AND r.state = 7
            """, new { tenantId, programmeId }, tx, cancellationToken: ct))).ToHashSet();
}
