using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Programmes;
using Mentoring.Matching.Programmes.GetProgramme;

namespace Mentoring.Matching.Runs.RunMatching;

/// <summary>Runs the engine over a programme and stores the run for review; nothing reaches participants yet.</summary>
public sealed class RunMatchingHandler(TenantDatabase db, TimeProvider clock)
{
    public const int DefaultCandidates = 50;
    public const int MaxCandidates = 200;

    public async Task<MatchingRun> HandleAsync(RunMatchingRequest request, CancellationToken ct)
    {
        var v = new Violations();
        if (!ResourceName.TryParse(ProgrammeRecord.Collection, request.Programme, out var programmeId)) v.Add("programme", "must be programmes/{programme_id}");
        if (request.CandidatesPerMentee is < 0 or > MaxCandidates) v.Add("candidates_per_mentee", $"must be between 0 and {MaxCandidates}");
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var programme = await GetProgrammeHandler.LoadAsync(c, tx, tenantId, programmeId, token) ?? throw ProgrammeRecord.NotFound(request.Programme);
            if ((MentoringModel)programme.Model == MentoringModel.Speed)
                throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    "Speed-mentoring programmes are planned as rotations of short rounds, not matched in pairs."));
            var rules = programme.EngineRules;
            var people = await ProgrammePeople.LoadAsync(c, tx, tenantId, programmeId, clock.GetUtcNow().UtcDateTime, token);
            var result = RunComputation.Solve(people, rules, [],
                request.CandidatesPerMentee == 0 ? DefaultCandidates : request.CandidatesPerMentee);
            return (await MatchingRunStore.InsertAsync(c, tx, tenantId, programmeId, result, token)).ToProto();
        }, ct);
    }
}
