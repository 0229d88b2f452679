using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Engine.Assignment;
using Mentoring.Matching.Programmes;
using Mentoring.Matching.Programmes.GetProgramme;

namespace Mentoring.Matching.Runs.ReviewMatchingRun;

/// <summary>
/// The reviewer's accept, reject, pin and swap. Decisions accumulate on the run; every one but ACCEPT
/// re-solves the run with all of them, so what the reviewer did not touch stays optimal.
/// </summary>
public sealed class ReviewMatchingRunHandler(TenantDatabase db, TimeProvider clock)
{
    public async Task<MatchingRun> HandleAsync(ReviewMatchingRunRequest request, CancellationToken ct)
    {
        var (programmeId, runId) = MatchingRunStore.ParseOrThrow(request.Name, "name");
        var v = new Violations();
        if (request.Action == ReviewAction.Unspecified || !Enum.IsDefined(request.Action)) v.Add("action", "must be ACCEPT, REJECT, PIN or SWAP");
        var mentee = Parse(v, "mentee", request.Mentee, required: true);
        var mentor = Parse(v, "mentor", request.Mentor, required: request.Action is ReviewAction.Reject or ReviewAction.Pin);
        var other = Parse(v, "other_mentee", request.OtherMentee, required: request.Action == ReviewAction.Swap);
        if (request.Action == ReviewAction.Swap && mentee == other && mentee != Guid.Empty) v.Add("other_mentee", "must be another mentee");
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var run = await MatchingRunStore.LoadAsync(c, tx, tenantId, programmeId, runId, token, forUpdate: true) ?? throw MatchingRunStore.NotFound(request.Name);
            if (run.State == (short)MatchingRunState.Published)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{request.Name} is published; run the programme again to change pairs."));
            var current = run.ToProto();
            var mentorOf = current.Proposals.ToDictionary(p => Id(p.Mentee), p => p.Mentor);
            var programme = (await GetProgrammeHandler.LoadAsync(c, tx, tenantId, programmeId, token))!;
            var people = await ProgrammePeople.LoadAsync(c, tx, tenantId, programmeId, clock.GetUtcNow().UtcDateTime, token);
            var peer = (MentoringModel)programme.Model == MentoringModel.Peer;
            RequireEnrolled(peer ? people.Mentees.Concat(people.Mentors).ToList() : people.Mentees, mentee, "mentee");
            if (request.Action is ReviewAction.Reject or ReviewAction.Pin)
                RequireEnrolled(peer ? people.Mentees.Concat(people.Mentors).ToList() : people.Mentors, mentor, "mentor");
            if (request.Action == ReviewAction.Swap) RequireEnrolled(people.Mentees, other, "other_mentee");

            var decisions = run.DecisionList;
            switch (request.Action)
            {
                case ReviewAction.Accept:
                    if (!mentorOf.TryGetValue(mentee, out var proposed)) throw Violations.Single("mentee", "has no proposal to accept");
                    Replace(decisions, new RunDecision(DecisionKind.Accept, mentee, Id(proposed)));
                    foreach (var p in current.Proposals.Where(p => Id(p.Mentee) == mentee)) p.Accepted = true;
                    return (await MatchingRunStore.SaveAsync(c, tx, tenantId, run, current, decisions, publish: false, token)).ToProto();
                case ReviewAction.Reject:
                    decisions.RemoveAll(d => d.Mentee == mentee && d.Mentor == mentor);
                    decisions.Add(new RunDecision(DecisionKind.Reject, mentee, mentor));
                    break;
                case ReviewAction.Pin:
                    Replace(decisions, new RunDecision(DecisionKind.Pin, mentee, mentor));
                    break;
                case ReviewAction.Swap:
                    if (!mentorOf.TryGetValue(mentee, out var first) || !mentorOf.TryGetValue(other, out var second))
                        throw Violations.Single("other_mentee", "both mentees need a proposal to swap their mentors");
                    Replace(decisions, new RunDecision(DecisionKind.Pin, mentee, Id(second)));
                    Replace(decisions, new RunDecision(DecisionKind.Pin, other, Id(first)));
                    break;
            }

            var rules = programme.EngineRules;
            // Group and peer solvers take forbidden pairs but not fixed ones: pins are for pairs, and a re-solve
            // there could move an accepted placement, so those runs take rejects only before any accept.
            if (rules.Model is Engine.Programmes.MentoringModel.Group or Engine.Programmes.MentoringModel.Peer
                && (decisions.Any(d => d.Kind == DecisionKind.Pin) || decisions.Any(d => d.Kind == DecisionKind.Accept)))
                throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    "Group and peer runs take REJECT before any ACCEPT; pins and swaps are for pair programmes."));
            MatchingRun result;
            try
            {
                result = RunComputation.Solve(people, rules, decisions, Runs.RunMatching.RunMatchingHandler.DefaultCandidates);
            }
            catch (InvalidAssignmentProblemException e)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, string.Join(" ", e.Errors.Select(x => x.Message))));
            }
            return (await MatchingRunStore.SaveAsync(c, tx, tenantId, run, result, decisions, publish: false, token)).ToProto();
        }, ct);
    }

    /// <summary>A mentee has one kept or forced mentor: a new accept or pin replaces the earlier one.</summary>
    private static void Replace(List<RunDecision> decisions, RunDecision decision)
    {
        decisions.RemoveAll(d => d.Mentee == decision.Mentee && d.Kind is DecisionKind.Accept or DecisionKind.Pin);
        decisions.RemoveAll(d => d.Mentee == decision.Mentee && d.Mentor == decision.Mentor && d.Kind == DecisionKind.Reject);
        decisions.Add(decision);
    }

    private static Guid Parse(Violations v, string field, string value, bool required)
    {
        if (value.Length == 0)
        {
            if (required) v.Add(field, "is required for this action");
            return Guid.Empty;
        }
        if (ResourceName.TryParse("people", value, out var id)) return id;
        v.Add(field, "must be people/{person_id}");
        return Guid.Empty;
    }

    private static Guid Id(string person) => ResourceName.TryParse("people", person, out var id) ? id : Guid.Empty;

    private static void RequireEnrolled(IReadOnlyList<Engine.Candidates.Participant> people, Guid id, string field)
    {
        if (!people.Any(p => p.Id == id)) throw Violations.Single(field, "is not enrolled in the programme in that role (or is already in a relationship)");
    }
}
