using Dapper;
using Google.Protobuf.WellKnownTypes;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Profile.V1;
using Npgsql;

namespace Mentoring.Profile.Competencies;

/// <summary>Reads people's standing in competencies inside the caller's (tenant-bound) transaction.</summary>
public static class PersonCompetencyStore
{
    private sealed record Latest(
        Guid CompetencyId, string CompetencyName, string Area, int LevelCount, short CurrentLevel, short TargetLevel, DateTime AssessedAt, bool Offered);

    private sealed record HistoryRow(Guid CompetencyId, short CurrentLevel, short TargetLevel, string Assessor, DateTime AssessedAt);

    public static Task<bool> PersonExistsAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid personId, CancellationToken ct, bool forUpdate = false) =>
        c.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"SELECT EXISTS (SELECT 1 FROM person WHERE tenant_id = @tenantId AND id = @personId {(forUpdate ? "FOR UPDATE" : "")})",
            new { tenantId, personId }, tx, cancellationToken: ct));

    /// <summary>The person's latest assessment per competency (ordered by area, then name), with the history when <paramref name="full"/>.</summary>
    public static async Task<List<PersonCompetency>> ListAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid personId, bool full, CancellationToken ct)
    {
        var latest = (await c.QueryAsync<Latest>(new CommandDefinition(
            """
            SELECT DISTINCT ON (a.competency_id)
                   a.competency_id AS CompetencyId, k.name AS CompetencyName, k.area AS Area, jsonb_array_length(k.levels) AS LevelCount,
                   a.current_level AS CurrentLevel, a.target_level AS TargetLevel, a.assessed_at AS AssessedAt,
                   EXISTS (SELECT 1 FROM mentor_competency m
                           WHERE m.tenant_id = a.tenant_id AND m.person_id = a.person_id AND m.competency_id = a.competency_id) AS Offered
            FROM competency_assessment a
            JOIN competency k ON k.tenant_id = a.tenant_id AND k.id = a.competency_id
            WHERE a.tenant_id = @tenantId AND a.person_id = @personId
            ORDER BY a.competency_id, a.id DESC
            """, new { tenantId, personId }, tx, cancellationToken: ct))).ToList();

        var history = full
            ? (await c.QueryAsync<HistoryRow>(new CommandDefinition(
                """
                SELECT competency_id AS CompetencyId, current_level AS CurrentLevel, target_level AS TargetLevel,
                       assessor, assessed_at AS AssessedAt
                FROM competency_assessment WHERE tenant_id = @tenantId AND person_id = @personId
                ORDER BY id DESC
                """, new { tenantId, personId }, tx, cancellationToken: ct))).ToLookup(h => h.CompetencyId)
            : null;

        return latest
            .OrderBy(l => l.Area, StringComparer.OrdinalIgnoreCase).ThenBy(l => l.CompetencyName, StringComparer.OrdinalIgnoreCase)
            .Select(l =>
            {
                var pc = new PersonCompetency
                {
                    Name = PersonCompetencyName.Format(personId, l.CompetencyId),
                    Competency = ResourceName.Format(CompetencyRecord.Collection, l.CompetencyId),
                    CompetencyDisplayName = l.CompetencyName,
                    Area = l.Area,
                    CurrentLevel = l.CurrentLevel,
                    TargetLevel = l.TargetLevel,
                    Gap = CompetencyRules.Gap(l.CurrentLevel, l.TargetLevel),
                    OfferedAsMentor = l.Offered,
                    AssessTime = Utc(l.AssessedAt),
                };
                if (history is not null)
                    pc.History.AddRange(history[l.CompetencyId].Select(h => new CompetencyAssessment
                    {
                        CurrentLevel = h.CurrentLevel, TargetLevel = h.TargetLevel, Assessor = h.Assessor, AssessTime = Utc(h.AssessedAt),
                    }));
                return pc;
            }).ToList();
    }

    /// <summary>The competencies the person offers as a mentor, as sorted resource names.</summary>
    public static async Task<List<string>> MentorCompetenciesAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid personId, CancellationToken ct) =>
        (await c.QueryAsync<Guid>(new CommandDefinition(
            "SELECT competency_id FROM mentor_competency WHERE tenant_id = @tenantId AND person_id = @personId",
            new { tenantId, personId }, tx, cancellationToken: ct)))
        .Select(id => ResourceName.Format(CompetencyRecord.Collection, id)).Order(StringComparer.Ordinal).ToList();

    public static Timestamp Utc(DateTime at) => Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
