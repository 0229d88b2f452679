using Dapper;
using Grpc.Core;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Programmes;
using Mentoring.Matching.Programmes.GetProgramme;
using Mentoring.Matching.Runs;
using Npgsql;
using EngineRules = Mentoring.Matching.Engine.Programmes.ProgrammeRules;

namespace Mentoring.Matching.Requests;

/// <summary>A mentee of a programme that takes mentee requests, with the programme's people and rules.</summary>
public sealed record MenteeInProgramme(ProgrammeRecord Programme, EngineRules Rules, ProgrammePeople People, Participant Mentee)
{
    public CandidateGenerator Generator(int topK) =>
        new(People.Mentors, Rules, new PairHistory(People.HistoryPairs), new CandidateOptions { TopK = topK });

    /// <summary>Loads and checks: the programme exists and takes requests; the mentee is enrolled and not already matched in it.</summary>
    public static async Task<MenteeInProgramme> LoadAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid programmeId, string programmeName, Guid menteeId, string menteeName,
        DateTime now, CancellationToken ct)
    {
        var programme = await GetProgrammeHandler.LoadAsync(c, tx, tenantId, programmeId, ct) ?? throw ProgrammeRecord.NotFound(programmeName);
        var rules = programme.EngineRules;
        if ((MatchingMode)programme.MatchingMode == MatchingMode.AdministratorRun || rules.MaxRequestsPerMentee is null)
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{programmeName} is matched by its administrators; mentees do not send requests."));
        var people = await ProgrammePeople.LoadAsync(c, tx, tenantId, programmeId, now, ct);
        var mentee = people.Mentees.FirstOrDefault(m => m.Id == menteeId);
        if (mentee is null)
        {
            var enrolled = await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM enrolment WHERE tenant_id = @tenantId AND programme_id = @programmeId AND person_id = @menteeId AND role = 2)",
                new { tenantId, programmeId, menteeId }, tx, cancellationToken: ct));
            throw enrolled
                ? new RpcException(new Status(StatusCode.FailedPrecondition, $"{menteeName} is already in an open relationship of {programmeName}."))
                : new RpcException(new Status(StatusCode.NotFound, $"{menteeName} is not enrolled as a mentee of {programmeName}."));
        }
        return new MenteeInProgramme(programme, rules, people, mentee);
    }
}
