using System.Text.Json;
using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Matching.Candidates.Availability;
using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Programmes;
using Npgsql;

namespace Mentoring.Matching.Runs;

/// <summary>A programme's enrolled mentors and mentees as the engine sees them, and the pairs that already ended.</summary>
public sealed record ProgrammePeople(IReadOnlyList<Participant> Mentors, IReadOnlyList<Participant> Mentees, IReadOnlyList<(Guid Mentee, Guid Mentor)> HistoryPairs)
{
    /// <summary>Everyone in an open relationship of the programme, in either role (peers pair once at a time).</summary>
    public IReadOnlySet<Guid> Busy { get; init; } = new HashSet<Guid>();

    private sealed class Row
    {
        public Guid PersonId { get; init; }
        public short Role { get; init; }
        public string[] EnrolledCompetencies { get; init; } = [];
        public int EnrolledCapacity { get; init; }
        public string DisplayName { get; init; } = "";
        public string AreaOfWork { get; init; } = "";
        public short SeniorityLevel { get; init; }
        public string Skills { get; init; } = "{}";
        public short Status { get; init; }
        public string TimeZone { get; init; } = "UTC";
        public string[] Languages { get; init; } = [];
        public short[] MeetingFormats { get; init; } = [];
        public string Location { get; init; } = "";
        public int MentorCapacity { get; init; }
        public bool Credentialed { get; init; }
        public DateTime? CredentialExpiresAt { get; init; }
        public string Competencies { get; init; } = "{}";
        public string Availability { get; init; } = "[]";
    }

    private sealed record Level(int Current, int Target);

    /// <summary>
    /// Loads the enrolled people of the programme who are still matchable enough to explain (erased people are
    /// left out), with their reporting-line chains, the capacity mentors have left after their open
    /// relationships, and the programme's ended pairs. Mentees already in an open relationship of the
    /// programme are left out.
    /// </summary>
    public static async Task<ProgrammePeople> LoadAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid programmeId, DateTime now, CancellationToken ct)
    {
        var rows = (await c.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT e.person_id AS PersonId, e.role, e.competencies AS EnrolledCompetencies, e.capacity AS EnrolledCapacity,
                   c.display_name AS DisplayName, c.area_of_work AS AreaOfWork, c.seniority_level AS SeniorityLevel, c.skills::text AS Skills,
                   c.status, c.time_zone AS TimeZone, c.languages, c.meeting_formats AS MeetingFormats, c.location,
                   c.mentor_capacity AS MentorCapacity, c.credentialed, c.credential_expires_at AS CredentialExpiresAt,
                   c.competencies::text AS Competencies, c.availability::text AS Availability
            FROM enrolment e JOIN candidate c ON c.tenant_id = e.tenant_id AND c.person_id = e.person_id
            WHERE e.tenant_id = @tenantId AND e.programme_id = @programmeId AND c.version < @tombstone
            ORDER BY e.position
            """, new { tenantId, programmeId, tombstone = Erasure.TombstoneVersion }, tx, cancellationToken: ct))).ToList();

        var managers = (await c.QueryAsync<(Guid Person, Guid Manager)>(new CommandDefinition(
            "SELECT person_id, line_manager_id FROM reporting_line WHERE tenant_id = @tenantId AND line_manager_id IS NOT NULL",
            new { tenantId }, tx, cancellationToken: ct))).ToDictionary(r => r.Person, r => r.Manager);
        var load = await OpenLoadAsync(c, tx, tenantId, programmeId, ct);
        var busy = (await c.QueryAsync<(Guid Person, short Role)>(new CommandDefinition(
            """
            SELECT p.person_id, p.role FROM relationship r
            JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id
            WHERE r.tenant_id = @tenantId AND r.programme_id = @programmeId AND r.state <> 7
            """, new { tenantId, programmeId }, tx, cancellationToken: ct))).ToList();
        var busyMentees = busy.Where(b => b.Role == 2).Select(b => b.Person).ToHashSet();
        var ended = await Relationships.RelationshipStore.EndedPairsAsync(c, tx, tenantId, programmeId, ct);

        var mentors = new List<Participant>();
        var mentees = new List<Participant>();
        foreach (var row in rows)
        {
            if (row.Role == 2 && busyMentees.Contains(row.PersonId)) continue;
            var capacity = 0;
            if (row.Role == 1)
            {
                var (inProgramme, overall) = load.GetValueOrDefault(row.PersonId);
                var forProgramme = row.EnrolledCapacity > 0 ? Math.Min(row.EnrolledCapacity, row.MentorCapacity) : row.MentorCapacity;
                capacity = Math.Max(0, Math.Min(forProgramme - inProgramme, row.MentorCapacity - overall));
            }
            var participant = ToParticipant(row, capacity, Chain(row.PersonId, managers), now);
            (row.Role == 1 ? mentors : mentees).Add(participant);
        }
        return new ProgrammePeople(mentors, mentees, ended.ToList()) { Busy = busy.Select(b => b.Person).ToHashSet() };
    }

    /// <summary>Per mentor: mentees in open relationships of this programme, and of the whole organisation.</summary>
    private static async Task<Dictionary<Guid, (int InProgramme, int Overall)>> OpenLoadAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid programmeId, CancellationToken ct) =>
        (await c.QueryAsync<(Guid Mentor, int InProgramme, int Overall)>(new CommandDefinition(
            """
            SELECT m.person_id, count(e.person_id) FILTER (WHERE r.programme_id = @programmeId)::int, count(e.person_id)::int
            FROM relationship r
            JOIN relationship_participant m ON m.tenant_id = r.tenant_id AND m.relationship_id = r.id AND m.role = 1
            JOIN relationship_participant e ON e.tenant_id = r.tenant_id AND e.relationship_id = r.id AND e.role = 2
            WHERE r.tenant_id = @tenantId AND r.state <> 7
            GROUP BY m.person_id
            """, new { tenantId, programmeId }, tx, cancellationToken: ct))).ToDictionary(x => x.Mentor, x => (x.InProgramme, x.Overall));

    /// <summary>The person's managers, nearest first (a cycle, which profile refuses, would stop the walk).</summary>
    private static List<Guid> Chain(Guid person, IReadOnlyDictionary<Guid, Guid> managers)
    {
        var chain = new List<Guid>();
        var seen = new HashSet<Guid> { person };
        while (managers.TryGetValue(person, out var manager) && seen.Add(manager))
        {
            chain.Add(manager);
            person = manager;
        }
        return chain;
    }

    private static Participant ToParticipant(Row row, int capacity, IReadOnlyList<Guid> chain, DateTime now)
    {
        var offset = UtcOffsetMinutes(row.TimeZone, now);
        var levels = JsonSerializer.Deserialize<Dictionary<string, Level>>(row.Competencies, JsonOptions) ?? [];
        var focus = row.Role == 2 && row.EnrolledCompetencies.Length > 0 ? row.EnrolledCompetencies.ToHashSet(StringComparer.Ordinal) : null;
        var windows = JsonSerializer.Deserialize<List<LocalWindow>>(row.Availability, JsonOptions) ?? [];
        return new Participant
        {
            Id = row.PersonId,
            DisplayName = row.DisplayName,
            AreaOfWork = row.AreaOfWork,
            Seniority = row.SeniorityLevel,
            UtcOffsetMinutes = offset,
            Languages = row.Languages,
            Formats = ProgrammeSettings.ToFlags(row.MeetingFormats.Select(f => (Mentoring.Contracts.Profile.V1.MeetingFormat)f)),
            IsActive = row.Status == 1,
            IsCredentialed = row.Credentialed && (row.CredentialExpiresAt is null || row.CredentialExpiresAt > now),
            CapacityRemaining = capacity,
            Competencies = levels
                .Where(l => focus is null || focus.Contains(l.Key))
                .ToDictionary(l => l.Key, l => new CompetencyLevel(l.Value.Current, l.Value.Target > 0 ? l.Value.Target : null)),
            Interests = (JsonSerializer.Deserialize<Dictionary<string, int>>(row.Skills) ?? []).Keys.ToHashSet(StringComparer.Ordinal),
            FreeHours = HourOfWeekSet.Of(WeeklyHours.ToUtcHours(windows, offset)),
            Location = row.Location.Length > 0 ? row.Location : null,
            LineManagerChain = chain,
        };
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The zone's offset now; an unknown zone counts as UTC (profile validates zones, so this is a fallback).</summary>
    private static int UtcOffsetMinutes(string timeZone, DateTime now)
    {
        try
        {
            return (int)TimeZoneInfo.FindSystemTimeZoneById(timeZone).GetUtcOffset(now).TotalMinutes;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return 0;
        }
    }
}
