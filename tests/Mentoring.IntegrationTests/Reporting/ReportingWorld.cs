using Dapper;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Reporting;

/// <summary>
/// A programme as matching, scheduling, feedback and profile would hold it after a month of work, written
/// straight into their tables (the report reads only aggregates, so how the rows came about does not matter
/// here): people registered on 1 September 2026, pairs enrolled on 1 October and matched on the 5th, some
/// closed for no fit on the 20th, one held meeting per live pair on the 12th (one mentee absent), a pulse
/// of 4 from every mentee, a goal per mentee (every other one achieved), every mentee's competency gap
/// (level 2, target 4) closed on the 15th, every mentor credentialed on the 10th, and some mentees
/// leaving the organisation on the 25th.
/// </summary>
public sealed class ReportingWorld(TestDatabase db)
{
    public const string Period = "month:2026-10";
    private static readonly DateTime Enrolled = new(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Matched = new(2026, 10, 5, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Met = new(2026, 10, 12, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Closed = new(2026, 10, 20, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Registered = new(2026, 9, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Credentialed = new(2026, 10, 10, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Reassessed = new(2026, 10, 15, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Leaving = new(2026, 10, 25, 9, 0, 0, DateTimeKind.Utc);

    public async Task<string> ProgrammeAsync(int pairs, int closed = 0, int left = 0, string tenant = "acme")
    {
        var programme = Guid.NewGuid();
        await using var data = db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        var competency = await CompetencyAsync(c, tenant);
        await c.ExecuteAsync(
            "INSERT INTO matching.programme (tenant_id, id, display_name, model, formal, matching_mode, rules, weights) VALUES (@tenant, @programme, 'Report', 1, false, 1, '{}', '{}')",
            new { tenant, programme });
        for (var i = 0; i < pairs; i++)
        {
            var (mentee, mentor, relationship, meeting) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
            var isClosed = i < closed;
            await c.ExecuteAsync(
                """
                INSERT INTO matching.candidate (tenant_id, person_id, display_name, area_of_work, seniority_level, skills, is_mentor, is_mentee, registered_at)
                VALUES (@tenant, @mentee, 'Mentee', 'engineering', 1, '{}', false, true, @Enrolled), (@tenant, @mentor, 'Mentor', 'engineering', 4, '{}', true, false, @Enrolled);
                INSERT INTO matching.enrolment (tenant_id, programme_id, person_id, role, capacity, created_at)
                VALUES (@tenant, @programme, @mentee, 2, 0, @Enrolled), (@tenant, @programme, @mentor, 1, 2, @Enrolled);
                INSERT INTO matching.relationship (tenant_id, id, programme_id, state, close_reason, created_at)
                VALUES (@tenant, @relationship, @programme, @state, @reason, @Matched);
                INSERT INTO matching.relationship_participant (tenant_id, relationship_id, person_id, role, position)
                VALUES (@tenant, @relationship, @mentee, 2, 0), (@tenant, @relationship, @mentor, 1, 0);
                INSERT INTO matching.relationship_change (tenant_id, relationship_id, state, actor, changed_at)
                SELECT @tenant, @relationship, 7, 'seed', @Closed WHERE @isClosed;

                INSERT INTO scheduling.relationship (tenant_id, id, state, version, programme_id) VALUES (@tenant, @relationship, @state, 1, @programme);
                INSERT INTO scheduling.relationship_participant (tenant_id, relationship_id, person_id, mentor, position)
                VALUES (@tenant, @relationship, @mentee, false, 0), (@tenant, @relationship, @mentor, true, 0);
                INSERT INTO scheduling.meeting (tenant_id, id, relationship_id, start_at, end_at, format, state, organizer, time_zone)
                SELECT @tenant, @meeting, @relationship, @Met, @Met + interval '1 hour', 2, 4, 'seed', 'UTC' WHERE NOT @isClosed;
                INSERT INTO scheduling.meeting_attendee (tenant_id, meeting_id, person_id, mentor, position, start_at, end_at, absent)
                SELECT @tenant, @meeting, p.person, p.mentor, 0, @Met, @Met + interval '1 hour', p.absent
                FROM (VALUES (@mentee, false, @menteeAbsent), (@mentor, true, false)) AS p(person, mentor, absent) WHERE NOT @isClosed;

                INSERT INTO feedback.relationship (tenant_id, id, programme_id, state, version, model) VALUES (@tenant, @relationship, @programme, @state, 1, 1);
                INSERT INTO feedback.goal (tenant_id, id, relationship_id, owner_id, content, status, progress, created_at)
                VALUES (@tenant, gen_random_uuid(), @relationship, @mentee, '\x00', @goalStatus, @goalProgress, @Matched);
                INSERT INTO feedback.relationship_participant (tenant_id, relationship_id, person_id, mentor, position)
                VALUES (@tenant, @relationship, @mentee, false, 0), (@tenant, @relationship, @mentor, true, 0);
                INSERT INTO feedback.pulse (tenant_id, id, relationship_id, meeting_id, respondent_id, rating, comment, created_at)
                VALUES (@tenant, gen_random_uuid(), @relationship, @meeting, @mentee, 4, '\x00', @Met);

                INSERT INTO profile.person (tenant_id, id, display_name, email, area_of_work, seniority_level, roles, time_zone, created_at)
                VALUES (@tenant, @mentee, 'Mentee', @mentee || '@acme.example', 'engineering', 1, '{2}', 'UTC', @Registered),
                       (@tenant, @mentor, 'Mentor', @mentor || '@acme.example', 'engineering', 4, '{1}', 'UTC', @Registered);
                INSERT INTO profile.person_status_change (tenant_id, person_id, status, changed_at) SELECT @tenant, @mentee, 3, @Leaving WHERE @leaves;
                INSERT INTO profile.relationship (tenant_id, id, state, version, programme_id) VALUES (@tenant, @relationship, @state, 1, @programme);
                INSERT INTO profile.relationship_participant (tenant_id, relationship_id, person_id, mentor)
                VALUES (@tenant, @relationship, @mentee, false), (@tenant, @relationship, @mentor, true);
                INSERT INTO profile.competency_assessment (tenant_id, person_id, competency_id, current_level, target_level, assessor, assessed_at)
                VALUES (@tenant, @mentee, @competency, 2, 4, 'seed', @Registered), (@tenant, @mentee, @competency, 4, 0, 'seed', @Reassessed);
                INSERT INTO profile.credentialing (tenant_id, id, person_id, state, current_step, motivation, competencies, monthly_hours,
                    declares_no_supervision, created_at, credentialed_at, expires_at)
                VALUES (@tenant, @mentor, @mentor, 3, 7, 'seed', '{}', 4, true, @Registered, @Credentialed, @Credentialed + interval '2 years');
                INSERT INTO profile.credentialing_evidence (tenant_id, credentialing_id, step, outcome, reviewer, occurred_at, recorded_by)
                VALUES (@tenant, @mentor, 7, 1, 'seed', @Credentialed, 'seed');
                """,
            new
            {
                tenant, programme, mentee, mentor, relationship, meeting, Enrolled, Matched, Met, Closed, isClosed,
                state = (short)(isClosed ? 7 : 5), reason = (short)(isClosed ? 4 : 0), menteeAbsent = i == pairs - 1,
                Registered, Credentialed, Reassessed, Leaving, competency, leaves = i < left,
                goalStatus = (short)(i % 2 == 0 ? 4 : 2), goalProgress = (short)(i % 2 == 0 ? 100 : 50),
            });
        }
        return $"programmes/{programme}";
    }

    /// <summary>
    /// People of the organisation outside the programme: registered on 1 September with a competency gap
    /// (level 2, target 5), reassessed on the 15th at level 3 (one level gained, the gap still open).
    /// </summary>
    public async Task OthersAsync(int people, string tenant = "acme")
    {
        await using var data = db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        var competency = await CompetencyAsync(c, tenant);
        for (var i = 0; i < people; i++)
            await c.ExecuteAsync(
                """
                INSERT INTO profile.person (tenant_id, id, display_name, email, area_of_work, seniority_level, roles, time_zone, created_at)
                VALUES (@tenant, @person, 'Colleague', @person || '@acme.example', 'finance', 2, '{2}', 'UTC', @Registered);
                INSERT INTO profile.competency_assessment (tenant_id, person_id, competency_id, current_level, target_level, assessor, assessed_at)
                VALUES (@tenant, @person, @competency, 2, 5, 'seed', @Registered), (@tenant, @person, @competency, 3, 5, 'seed', @Reassessed);
                """, new { tenant, person = Guid.NewGuid(), competency, Registered, Reassessed });
    }

    private static async Task<Guid> CompetencyAsync(Npgsql.NpgsqlConnection c, string tenant)
    {
        var competency = Guid.NewGuid();
        await c.ExecuteAsync(
            "INSERT INTO profile.competency (tenant_id, id, area, name, levels) VALUES (@tenant, @competency, 'engineering', @name, '[\"1\",\"2\",\"3\",\"4\",\"5\"]')",
            new { tenant, competency, name = $"Testing {competency:N}" });
        return competency;
    }
}
