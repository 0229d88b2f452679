using System.Diagnostics;
using Npgsql;

namespace Mentoring.Reporting.Load;

/// <summary>
/// One organisation (tenant <c>acme</c>) as the services would hold it after two years of mentoring,
/// written straight into their schemas with <c>generate_series</c> (the report reads aggregates only,
/// so how the rows came about does not matter): 20 programmes of four models; per relationship one
/// mentee and one of a quarter as many mentors (four mentees each), 20 meetings (held, one in ten
/// missed, one in ten cancelled) with both attendees, 4 pulses, a fit check for half, a closing
/// evaluation from both for the quarter that closed, a goal; people registered before, some leaving,
/// competency assessments before and after, and a credentialing pipeline per mentor (all seven steps
/// passed) plus candidates in progress. Ids are md5 of a name and a number, so runs are identical.
/// </summary>
internal static class Organisation
{
    public const string Tenant = "acme";
    public const int Programmes = 20;

    public sealed record Size(int Relationships)
    {
        public int Mentors => Relationships / 4;
        public int Others => Relationships / 2;
        public int Candidates => Relationships / 20;
        public long Meetings => 20L * Relationships;
        public long SurveyAnswers => 4L * Relationships + Relationships / 2 + 2L * ((Relationships + 3) / 4);
    }

    /// <summary>The statements, in order, with what each writes. <c>@n</c> is the number of relationships.</summary>
    private static readonly (string What, string Sql)[] Steps =
    [
        ("relationship facts", """
            CREATE TEMP TABLE r AS
            SELECT i AS n, md5('rel' || i)::uuid AS id, md5('programme' || (i / (@n / 20)))::uuid AS programme,
                   (ARRAY[1, 2, 5, 9])[1 + (i / (@n / 20)) % 4]::smallint AS model,
                   md5('mentee' || i)::uuid AS mentee, md5('mentor' || (i / 4))::uuid AS mentor,
                   timestamptz '2025-01-01 09:00+00' + (i % 300) * interval '1 day' AS created,
                   CASE WHEN i % 4 = 0 THEN 7 WHEN i % 20 = 1 THEN 4 WHEN i % 20 = 2 THEN 6 ELSE 5 END::smallint AS state,
                   CASE WHEN i % 4 = 0 THEN 1 + i % 5 ELSE 0 END::smallint AS reason
            FROM generate_series(0, @n - 1) AS i;
            ALTER TABLE r ADD COLUMN closed timestamptz;
            UPDATE r SET closed = created + (200 + n % 200) * interval '1 day' WHERE state = 7;
            """),
        ("matching: programmes, candidates, enrolments", """
            INSERT INTO matching.programme (tenant_id, id, display_name, model, formal, matching_mode, rules, weights, created_at)
            SELECT 'acme', programme, 'Programme ' || min(n) / (@n / 20), min(model), false, 1, '{}', '{}', timestamptz '2024-12-01 09:00+00'
            FROM r GROUP BY programme;
            INSERT INTO matching.candidate (tenant_id, person_id, display_name, area_of_work, seniority_level, skills, is_mentor, is_mentee, registered_at)
            SELECT 'acme', mentee, 'Mentee ' || n, (ARRAY['engineering', 'finance', 'sales', 'operations'])[1 + n % 4], 1, '{}', false, true, timestamptz '2024-06-01 09:00+00'
            FROM r;
            INSERT INTO matching.candidate (tenant_id, person_id, display_name, area_of_work, seniority_level, skills, is_mentor, is_mentee, registered_at)
            SELECT DISTINCT ON (mentor) 'acme', mentor, 'Mentor', (ARRAY['engineering', 'finance', 'sales', 'operations'])[1 + n % 4], 4, '{}', true, false, timestamptz '2024-06-01 09:00+00'
            FROM r ORDER BY mentor;
            INSERT INTO matching.enrolment (tenant_id, programme_id, person_id, role, capacity, created_at)
            SELECT 'acme', programme, mentee, 2, 0, created - interval '10 days' FROM r;
            INSERT INTO matching.enrolment (tenant_id, programme_id, person_id, role, capacity, created_at)
            SELECT DISTINCT ON (mentor) 'acme', programme, mentor, 1, 4, timestamptz '2024-12-15 09:00+00' FROM r ORDER BY mentor;
            """),
        ("matching: relationships", """
            INSERT INTO matching.relationship (tenant_id, id, programme_id, state, close_reason, created_at, updated_at)
            SELECT 'acme', id, programme, state, reason, created, coalesce(closed, created) FROM r;
            INSERT INTO matching.relationship_participant (tenant_id, relationship_id, person_id, role, position)
            SELECT 'acme', id, mentee, 2, 0 FROM r UNION ALL SELECT 'acme', id, mentor, 1, 0 FROM r;
            INSERT INTO matching.relationship_change (tenant_id, relationship_id, state, actor, changed_at)
            SELECT 'acme', id, 7, 'bench', closed FROM r WHERE closed IS NOT NULL;
            """),
        ("scheduling: relationships", """
            INSERT INTO scheduling.relationship (tenant_id, id, state, version, programme_id) SELECT 'acme', id, state, 1, programme FROM r;
            INSERT INTO scheduling.relationship_participant (tenant_id, relationship_id, person_id, mentor, position)
            SELECT 'acme', id, mentee, false, 0 FROM r UNION ALL SELECT 'acme', id, mentor, true, 0 FROM r;
            """),
        ("scheduling: meetings", """
            CREATE TEMP TABLE m AS
            SELECT r.id AS relationship, r.mentee, r.mentor, md5('meeting' || r.n || '-' || k)::uuid AS id, k,
                   r.created + k * interval '20 days' AS start_at,
                   CASE WHEN k % 10 = 9 THEN 5 WHEN k % 10 = 8 THEN 3 ELSE 4 END::smallint AS state
            FROM r CROSS JOIN generate_series(0, 19) AS k;
            -- The reminder clock (a row per meeting, kept by a trigger) is filled in one statement instead of row by row.
            ALTER TABLE scheduling.meeting DISABLE TRIGGER meeting_clock_follow;
            INSERT INTO scheduling.meeting (tenant_id, id, relationship_id, start_at, end_at, format, state, organizer, time_zone, held_minutes, created_at, updated_at)
            SELECT 'acme', id, relationship, start_at, start_at + interval '1 hour', 2, state, 'bench', 'UTC',
                   CASE WHEN state = 4 THEN 60 END, start_at - interval '7 days', start_at + interval '1 hour'
            FROM m;
            INSERT INTO scheduling.meeting_clock (tenant_id, meeting_id, start_at, end_at, state, changed_at)
            SELECT tenant_id, id, start_at, end_at, state, updated_at FROM scheduling.meeting;
            ALTER TABLE scheduling.meeting ENABLE TRIGGER meeting_clock_follow;
            """),
        ("scheduling: attendees", """
            INSERT INTO scheduling.meeting_attendee (tenant_id, meeting_id, person_id, mentor, position, start_at, end_at, absent, busy)
            SELECT 'acme', id, mentee, false, 0, start_at, start_at + interval '1 hour', state = 5, state <> 3 FROM m
            UNION ALL
            SELECT 'acme', id, mentor, true, 0, start_at, start_at + interval '1 hour', false, state <> 3 FROM m;
            """),
        ("feedback: relationships, surveys, goals, health", """
            INSERT INTO feedback.relationship (tenant_id, id, programme_id, state, version, model) SELECT 'acme', id, programme, state, 1, model FROM r;
            INSERT INTO feedback.relationship_participant (tenant_id, relationship_id, person_id, mentor, position)
            SELECT 'acme', id, mentee, false, 0 FROM r UNION ALL SELECT 'acme', id, mentor, true, 0 FROM r;
            INSERT INTO feedback.pulse (tenant_id, id, relationship_id, meeting_id, respondent_id, rating, comment, created_at)
            SELECT 'acme', md5('pulse' || id)::uuid, relationship, id, CASE WHEN k % 2 = 0 THEN mentee ELSE mentor END,
                   1 + (abs(hashtext(id::text)) % 5), '\x00'::bytea, start_at + interval '2 hours'
            FROM m WHERE k < 4;
            INSERT INTO feedback.fit_check_answer (tenant_id, relationship_id, number, respondent_id, working, comment, answered_at)
            SELECT 'acme', id, 1, mentee, n % 5 <> 0, '\x00'::bytea, created + interval '30 days' FROM r WHERE n % 2 = 0;
            INSERT INTO feedback.closing_evaluation (tenant_id, relationship_id, respondent_id, learned, rating, would_recommend, created_at)
            SELECT 'acme', id, mentee, '\x00'::bytea, 1 + n % 5, n % 11, closed FROM r WHERE closed IS NOT NULL
            UNION ALL
            SELECT 'acme', id, mentor, '\x00'::bytea, 1 + (n / 4) % 5, (n / 4) % 11, closed FROM r WHERE closed IS NOT NULL;
            INSERT INTO feedback.goal (tenant_id, id, relationship_id, owner_id, content, status, progress, created_at)
            SELECT 'acme', md5('goal' || n)::uuid, id, mentee, '\x00'::bytea, 1 + n % 5, (n * 13) % 101, created + interval '15 days' FROM r;
            INSERT INTO feedback.relationship_health (tenant_id, relationship_id, reasons, evaluated_at)
            SELECT 'acme', id, ARRAY[1 + n % 3, 4]::smallint[], timestamptz '2026-11-01 00:00+00' FROM r WHERE state = 5 AND n % 10 = 3;
            """),
        ("profile: people and their status changes", """
            INSERT INTO profile.person (tenant_id, id, display_name, email, area_of_work, seniority_level, roles, time_zone, created_at)
            SELECT 'acme', mentee, 'Mentee ' || n, mentee || '@bench.example', 'engineering', 1, '{2}', 'UTC', timestamptz '2024-06-01 09:00+00' + (n % 180) * interval '1 day' FROM r;
            INSERT INTO profile.person (tenant_id, id, display_name, email, area_of_work, seniority_level, roles, time_zone, created_at)
            SELECT DISTINCT ON (mentor) 'acme', mentor, 'Mentor', mentor || '@bench.example', 'engineering', 4, '{1}', 'UTC', timestamptz '2024-06-01 09:00+00' FROM r ORDER BY mentor;
            INSERT INTO profile.person (tenant_id, id, display_name, email, area_of_work, seniority_level, roles, time_zone, created_at)
            SELECT 'acme', md5('other' || o)::uuid, 'Colleague ' || o, md5('other' || o) || '@bench.example', 'finance', 2, '{2}', 'UTC',
                   timestamptz '2024-06-01 09:00+00' + (o % 180) * interval '1 day'
            FROM generate_series(0, @n / 2 - 1) AS o;
            INSERT INTO profile.person_status_change (tenant_id, person_id, status, changed_at)
            SELECT 'acme', mentee, 3, created + interval '150 days' FROM r WHERE n % 25 = 0
            UNION ALL
            SELECT 'acme', md5('other' || o)::uuid, 3, timestamptz '2025-06-01 09:00+00' + (o % 500) * interval '1 day'
            FROM generate_series(0, @n / 2 - 1) AS o WHERE o % 12 = 0;
            """),
        ("profile: relationships, competencies, credentialing", """
            INSERT INTO profile.relationship (tenant_id, id, state, version, programme_id) SELECT 'acme', id, state, 1, programme FROM r;
            INSERT INTO profile.relationship_participant (tenant_id, relationship_id, person_id, mentor)
            SELECT 'acme', id, mentee, false FROM r UNION ALL SELECT 'acme', id, mentor, true FROM r;
            INSERT INTO profile.competency (tenant_id, id, area, name, levels)
            SELECT 'acme', md5('competency' || c)::uuid, 'engineering', 'Competency ' || c, '["1","2","3","4","5"]' FROM generate_series(0, 39) AS c;
            INSERT INTO profile.competency_assessment (tenant_id, person_id, competency_id, current_level, target_level, assessor, assessed_at)
            SELECT 'acme', mentee, md5('competency' || n % 40)::uuid, 2, 4, 'bench', created - interval '5 days' FROM r
            UNION ALL
            SELECT 'acme', mentee, md5('competency' || n % 40)::uuid, 2 + n % 3, CASE WHEN n % 3 = 2 THEN 0 ELSE 4 END, 'bench', created + interval '120 days' FROM r;
            INSERT INTO profile.competency_assessment (tenant_id, person_id, competency_id, current_level, target_level, assessor, assessed_at)
            SELECT 'acme', md5('other' || o)::uuid, md5('competency' || o % 40)::uuid, 2 + o % 2, 4, 'bench',
                   timestamptz '2025-01-01 09:00+00' + (o % 600) * interval '1 day'
            FROM generate_series(0, @n / 2 - 1) AS o;
            INSERT INTO profile.credentialing (tenant_id, id, person_id, state, current_step, motivation, competencies, monthly_hours,
                declares_no_supervision, created_at, credentialed_at, expires_at)
            SELECT DISTINCT ON (mentor) 'acme', mentor, mentor, 3, 7, 'bench', '{}', 4, true, timestamptz '2024-06-01 09:00+00',
                   timestamptz '2024-09-01 09:00+00' + (n % 365) * interval '1 day', timestamptz '2027-09-01 09:00+00'
            FROM r ORDER BY mentor;
            INSERT INTO profile.credentialing (tenant_id, id, person_id, state, current_step, motivation, competencies, monthly_hours,
                declares_no_supervision, created_at)
            SELECT 'acme', md5('candidate' || o)::uuid, md5('other' || o)::uuid, 1, 1 + o % 6, 'bench', '{}', 4, true,
                   timestamptz '2025-06-01 09:00+00' + (o % 500) * interval '1 day'
            FROM generate_series(0, @n / 20 - 1) AS o;
            INSERT INTO profile.credentialing_evidence (tenant_id, credentialing_id, step, outcome, reviewer, occurred_at, recorded_by)
            SELECT 'acme', p.id, s, 1, 'bench',
                   CASE WHEN p.state = 3 THEN p.credentialed_at - (7 - s) * interval '20 days' ELSE p.created_at + s * interval '20 days' END, 'bench'
            FROM profile.credentialing p CROSS JOIN generate_series(1, 7) AS s
            WHERE p.state = 3 OR s < p.current_step;
            """),
    ];

    /// <summary>Writes the organisation (superuser connection: row-level security does not apply), then VACUUM ANALYZE.</summary>
    public static async Task WriteAsync(string adminConnectionString, Size size, TextWriter log)
    {
        if (size.Relationships % (4 * Programmes) != 0) throw new ArgumentException($"relationships must be a multiple of {4 * Programmes}");
        await using var c = new NpgsqlConnection(adminConnectionString);
        await c.OpenAsync();
        foreach (var (what, sql) in Steps)
        {
            var clock = Stopwatch.StartNew();
            await using var command = new NpgsqlCommand(sql.Replace("@n", size.Relationships.ToString()), c) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
            await log.WriteLineAsync($"  {what}: {clock.Elapsed.TotalSeconds:F1} s");
        }
        var vacuum = Stopwatch.StartNew();
        await using (var analyse = new NpgsqlCommand("VACUUM ANALYZE", c) { CommandTimeout = 0 }) await analyse.ExecuteNonQueryAsync();
        await log.WriteLineAsync($"  VACUUM ANALYZE: {vacuum.Elapsed.TotalSeconds:F1} s");
    }
}
