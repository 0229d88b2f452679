using Dapper;
using Npgsql;

namespace Mentoring.Profile.Reports;

/// <summary>
/// The readable SQL behind profile's report section: one row per person or per step, never content.
/// Each query is bounded by the tenant and served by a tenant-first index (see bench/README.md,
/// "Programme report").
/// </summary>
internal sealed class ProfileReportQueries(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
{
    public sealed record Participant(Guid Person, bool Mentor);
    public sealed record FunnelStep(short Step, int Reached, int ReachedPeople, int Passed, int PassedPeople);
    public sealed record Credentialed(int Pipelines, int People, int InPeriod, int InPeriodPeople);
    public interface IPersonRow { Guid Person { get; } }
    public sealed record Stayer(Guid Person, bool Left) : IPersonRow;
    public sealed record Growth(Guid Person, int Closed, int OpenAtEnd, int Reassessed, int Gained) : IPersonRow;

    /// <summary>Whether profile knows any relationship of the programme.</summary>
    public Task<bool> KnowsProgrammeAsync(string tenantId, Guid programmeId) => c.ExecuteScalarAsync<bool>(new CommandDefinition(
        "SELECT EXISTS (SELECT 1 FROM relationship WHERE tenant_id = @tenantId AND programme_id = @programmeId)",
        new { tenantId, programmeId }, tx, cancellationToken: ct));

    /// <summary>Everyone taking part in a relationship of the programme, once per role.</summary>
    public async Task<IReadOnlyList<Participant>> ParticipantsAsync(string tenantId, Guid programmeId) => (await c.QueryAsync<Participant>(new CommandDefinition(
        """
        SELECT DISTINCT p.person_id AS Person, p.mentor AS Mentor
        FROM relationship r JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id AND p.programme_id = r.programme_id
        WHERE r.tenant_id = @tenantId AND r.programme_id = @programmeId
        """, new { tenantId, programmeId }, tx, cancellationToken: ct))).ToList();

    /// <summary>
    /// Per step: the pipelines that got to it (their current step is it or later, or they were
    /// credentialed) and those that passed it in the period, each with the distinct people behind them.
    /// </summary>
    public async Task<IReadOnlyList<FunnelStep>> FunnelAsync(string tenantId, DateTime start, DateTime end) => (await c.QueryAsync<FunnelStep>(new CommandDefinition(
        """
        WITH passed AS (
            SELECT DISTINCT credentialing_id, step FROM credentialing_evidence
            WHERE tenant_id = @tenantId AND outcome = 1 AND occurred_at >= @start AND occurred_at < @end
        )
        SELECT s.step::smallint AS Step,
               count(p.id) FILTER (WHERE p.current_step >= s.step OR p.state = 3)::int AS Reached,
               count(DISTINCT p.person_id) FILTER (WHERE p.current_step >= s.step OR p.state = 3)::int AS ReachedPeople,
               count(x.credentialing_id)::int AS Passed,
               count(DISTINCT p.person_id) FILTER (WHERE x.credentialing_id IS NOT NULL)::int AS PassedPeople
        FROM credentialing p
        CROSS JOIN generate_series(1, 7) AS s(step)
        LEFT JOIN passed x ON x.credentialing_id = p.id AND x.step = s.step
        WHERE p.tenant_id = @tenantId AND p.created_at < @end
        GROUP BY s.step ORDER BY s.step
        """, new { tenantId, start, end }, tx, cancellationToken: ct))).ToList();

    public Task<Credentialed> CredentialedAsync(string tenantId, DateTime start, DateTime end) => c.QuerySingleAsync<Credentialed>(new CommandDefinition(
        """
        SELECT count(*) FILTER (WHERE credentialed_at < @end)::int AS Pipelines,
               count(DISTINCT person_id) FILTER (WHERE credentialed_at < @end)::int AS People,
               count(*) FILTER (WHERE credentialed_at >= @start AND credentialed_at < @end)::int AS InPeriod,
               count(DISTINCT person_id) FILTER (WHERE credentialed_at >= @start AND credentialed_at < @end)::int AS InPeriodPeople
        FROM credentialing WHERE tenant_id = @tenantId AND credentialed_at IS NOT NULL
        """, new { tenantId, start, end }, tx, cancellationToken: ct));

    /// <summary>
    /// The people in the organisation at the period's start (registered, not left), and whether they
    /// had left by its end: each person's status at an instant is their latest change before it.
    /// </summary>
    public async Task<IReadOnlyList<Stayer>> CohortAsync(string tenantId, DateTime start, DateTime end) => (await c.QueryAsync<Stayer>(new CommandDefinition(
        """
        WITH at_start AS (
            SELECT DISTINCT ON (person_id) person_id, status FROM person_status_change
            WHERE tenant_id = @tenantId AND changed_at < @start
            ORDER BY person_id, changed_at DESC, id DESC
        ), at_end AS (
            SELECT DISTINCT ON (person_id) person_id, status FROM person_status_change
            WHERE tenant_id = @tenantId AND changed_at < @end
            ORDER BY person_id, changed_at DESC, id DESC
        )
        SELECT s.person_id AS Person, e.status = 3 AS Left
        FROM at_start s JOIN at_end e ON e.person_id = s.person_id
        WHERE s.status <> 3
        """, new { tenantId, start, end }, tx, cancellationToken: ct))).ToList();

    /// <summary>
    /// Per person assessed before the period's end: competency gaps closed in the period (an assessment
    /// reaching the target the previous one set above its level), gaps still open at the end (latest
    /// target above the latest level), and for competencies assessed both before and during the period
    /// how many levels they gained.
    /// </summary>
    public async Task<IReadOnlyList<Growth>> GrowthAsync(string tenantId, DateTime start, DateTime end) => (await c.QueryAsync<Growth>(new CommandDefinition(
        """
        WITH ordered AS (
            SELECT person_id, competency_id, id, current_level, target_level, assessed_at,
                   lag(current_level) OVER w AS previous_level, lag(target_level) OVER w AS previous_target
            FROM competency_assessment
            WHERE tenant_id = @tenantId AND assessed_at < @end
            WINDOW w AS (PARTITION BY person_id, competency_id ORDER BY id)
        ), per_competency AS (
            SELECT person_id,
                   bool_or(assessed_at >= @start AND previous_target > previous_level AND current_level >= previous_target) AS closed,
                   (array_agg(current_level ORDER BY id DESC) FILTER (WHERE assessed_at < @start))[1] AS level_before,
                   (array_agg(current_level ORDER BY id DESC))[1] AS level_end,
                   (array_agg(target_level ORDER BY id DESC))[1] AS target_end,
                   bool_or(assessed_at >= @start) AS assessed_in_period
            FROM ordered GROUP BY person_id, competency_id
        )
        SELECT person_id AS Person,
               count(*) FILTER (WHERE closed)::int AS Closed,
               count(*) FILTER (WHERE target_end > level_end)::int AS OpenAtEnd,
               count(*) FILTER (WHERE assessed_in_period AND level_before IS NOT NULL)::int AS Reassessed,
               coalesce(sum(level_end - level_before) FILTER (WHERE assessed_in_period AND level_before IS NOT NULL), 0)::int AS Gained
        FROM per_competency GROUP BY person_id
        """, new { tenantId, start, end }, tx, cancellationToken: ct))).ToList();
}
