using Dapper;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Reporting;

/// <summary>
/// A programme as matching, scheduling and feedback would hold it after a month of work, written straight
/// into their tables (the report reads only aggregates, so how the rows came about does not matter here):
/// pairs enrolled on 1 October 2026 and matched on the 5th, some closed for no fit on the 20th, one held
/// meeting per live pair on the 12th (one mentee absent), and a pulse of 4 from every mentee.
/// </summary>
public sealed class ReportingWorld(TestDatabase db)
{
    public const string Period = "month:2026-10";
    private static readonly DateTime Enrolled = new(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Matched = new(2026, 10, 5, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Met = new(2026, 10, 12, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Closed = new(2026, 10, 20, 9, 0, 0, DateTimeKind.Utc);

    public async Task<string> ProgrammeAsync(int pairs, int closed = 0, string tenant = "acme")
    {
        var programme = Guid.NewGuid();
        await using var data = db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
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

                INSERT INTO feedback.relationship (tenant_id, id, programme_id, state, version) VALUES (@tenant, @relationship, @programme, @state, 1);
                INSERT INTO feedback.relationship_participant (tenant_id, relationship_id, person_id, mentor, position)
                VALUES (@tenant, @relationship, @mentee, false, 0), (@tenant, @relationship, @mentor, true, 0);
                INSERT INTO feedback.pulse (tenant_id, id, relationship_id, meeting_id, respondent_id, rating, comment, created_at)
                VALUES (@tenant, gen_random_uuid(), @relationship, @meeting, @mentee, 4, '\x00', @Met);
                """,
            new
            {
                tenant, programme, mentee, mentor, relationship, meeting, Enrolled, Matched, Met, Closed, isClosed,
                state = (short)(isClosed ? 7 : 5), reason = (short)(isClosed ? 4 : 0), menteeAbsent = i == pairs - 1,
            });
        }
        return $"programmes/{programme}";
    }
}
