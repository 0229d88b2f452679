using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Engine.Assignment;
using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Engine.Groups;
using Mentoring.Matching.Engine.Peer;
using UnmatchedMentee = Mentoring.Contracts.Matching.V1.UnmatchedMentee;
using EngineModel = Mentoring.Matching.Engine.Programmes.MentoringModel;
using EngineRules = Mentoring.Matching.Engine.Programmes.ProgrammeRules;

namespace Mentoring.Matching.Runs;

/// <summary>
/// One solve of a programme (pure): candidates and explanations from the engine's generator, then the
/// model's optimiser — optimal assignment with capacities for pairs, group formation for group
/// mentoring, maximum-weight pairing for peers — with the reviewer's decisions, mapped to the contract.
/// </summary>
public static class RunComputation
{
    public const string NoCandidates = "NO_CANDIDATES";
    public const string CandidatesFull = "CANDIDATES_FULL";
    public const string NoViableGroup = "NO_VIABLE_GROUP";
    public const string NoPeer = "NO_PEER";

    public static MatchingRun Solve(ProgrammePeople people, EngineRules rules, IReadOnlyList<RunDecision> decisions, int candidatesPerMentee)
    {
        // Forbidden pairs are excluded like pairs that already ended: the generator never proposes them.
        var history = new PairHistory(people.HistoryPairs.Concat(
            decisions.Where(d => d.Kind == DecisionKind.Reject).Select(d => (d.Mentee, d.Mentor))));
        return rules.Model switch
        {
            EngineModel.Group => Groups(people, rules, history, candidatesPerMentee),
            EngineModel.Peer => Peers(people, rules, history),
            _ => Pairs(people, rules, history, decisions, candidatesPerMentee),
        };
    }

    private static MatchingRun Pairs(ProgrammePeople people, EngineRules rules, PairHistory history, IReadOnlyList<RunDecision> decisions, int topK)
    {
        var generator = new CandidateGenerator(people.Mentors, rules, history, new CandidateOptions { TopK = topK });
        var candidates = generator.Generate(people.Mentees);
        var menteeIndex = Index(people.Mentees);
        var mentorIndex = Index(people.Mentors);

        var builder = new AssignmentProblemBuilder(people.Mentees.Count, people.Mentors.Select(m => m.CapacityRemaining).ToList());
        foreach (var (list, i) in candidates.Select((c, i) => (c, i)))
            foreach (var pair in list.Candidates)
                builder.AddCandidate(i, mentorIndex[pair.Mentor.Id], Weight(pair.IntegerScore, people.Mentees.Count));
        foreach (var d in decisions.Where(d => d.Kind is DecisionKind.Accept or DecisionKind.Pin))
            if (menteeIndex.TryGetValue(d.Mentee, out var i) && mentorIndex.TryGetValue(d.Mentor, out var j)) builder.MustMatch(i, j);
        foreach (var d in decisions.Where(d => d.Kind == DecisionKind.Reject))
            if (menteeIndex.TryGetValue(d.Mentee, out var i) && mentorIndex.TryGetValue(d.Mentor, out var j)) builder.MustNotMatch(i, j);
        var result = AssignmentSolver.Solve(builder.Build());

        var run = NewRun(people);
        foreach (var match in result.Matches)
        {
            var mentee = people.Mentees[match.Mentee];
            var mentor = people.Mentors[match.Mentor];
            var explanation = candidates[match.Mentee].Candidates.FirstOrDefault(c => c.Mentor.Id == mentor.Id) ?? generator.Explain(mentee, mentor);
            var proposal = ToProposal(explanation);
            proposal.Accepted = decisions.Any(d => d.Kind == DecisionKind.Accept && d.Mentee == mentee.Id && d.Mentor == mentor.Id);
            proposal.Pinned = match.Kind is MatchKind.Pinned or MatchKind.PinnedWithoutCandidate;
            run.Proposals.Add(proposal);
        }
        foreach (var unmatched in result.Unmatched)
        {
            var list = candidates[unmatched.Mentee];
            var reason = unmatched.Reason is UnmatchedReason.CandidatesFull or UnmatchedReason.CandidatesWithoutCapacity ? CandidatesFull : NoCandidates;
            run.Unmatched.Add(Unmatched(list, reason, reason == CandidatesFull
                ? $"Every one of the {list.FeasibleCount} feasible mentor(s) is full with better-scoring pairs."
                : Excluded(list)));
        }
        return Finish(run, people);
    }

    private static MatchingRun Groups(ProgrammePeople people, EngineRules rules, PairHistory history, int topK)
    {
        var candidates = new CandidateGenerator(people.Mentors, rules, history, new CandidateOptions { TopK = topK }).Generate(people.Mentees);
        var plan = GroupFormer.Form(candidates, rules);
        var byMentee = candidates.ToDictionary(c => c.Mentee.Id);
        var run = NewRun(people);
        foreach (var group in plan.Groups)
            foreach (var mentee in group.Mentees)
                run.Proposals.Add(ToProposal(byMentee[mentee].Candidates.First(c => c.Mentor.Id == group.Mentor)));
        foreach (var unplaced in plan.Unplaced)
            run.Unmatched.Add(Unmatched(byMentee[unplaced.Mentee], byMentee[unplaced.Mentee].FeasibleCount == 0 ? NoCandidates : NoViableGroup,
                byMentee[unplaced.Mentee].FeasibleCount == 0 ? Excluded(byMentee[unplaced.Mentee]) : unplaced.Explanation));
        return Finish(run, people);
    }

    private static MatchingRun Peers(ProgrammePeople people, EngineRules rules, PairHistory history)
    {
        // Peers learn from each other: everyone enrolled is a peer, whichever role they enrolled in.
        // Each peer mentors the other: one peer relationship at a time, whatever their mentor capacity.
        var peers = people.Mentees.Concat(people.Mentors).DistinctBy(p => p.Id).Where(p => !people.Busy.Contains(p.Id))
            .Select(p => p with { CapacityRemaining = 1 }).ToList();
        var result = PeerPairing.Pair(peers, rules, history);
        var run = NewRun(people);
        foreach (var pair in result.Pairs)
        {
            var proposal = ToProposal(pair.FirstLearns);
            proposal.Score = Math.Round(pair.IntegerScore / 200.0, 2); // the mean of the two directions
            run.Proposals.Add(proposal);
        }
        foreach (var alone in result.Unpaired)
            run.Unmatched.Add(new UnmatchedMentee { Mentee = Person(alone.Id), Reason = NoPeer, Explanation = "No peer left to pair with under the programme's rules." });
        return Finish(run, people);
    }

    /// <summary>
    /// The optimiser's weight of a pair: the integer score, scaled so that among equally scoring
    /// solutions the one matching more mentees wins (the +1 never outweighs one point of score).
    /// </summary>
    private static int Weight(int integerScore, int mentees) => checked(integerScore * (mentees + 1) + 1);

    private static Dictionary<Guid, int> Index(IReadOnlyList<Participant> people) =>
        people.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i);

    private static MatchingRun NewRun(ProgrammePeople people) => new()
    {
        State = MatchingRunState.InReview,
        Mentees = people.Mentees.Count,
        Mentors = people.Mentors.Count,
    };

    private static MatchingRun Finish(MatchingRun run, ProgrammePeople people)
    {
        var sorted = run.Proposals.OrderBy(p => p.MenteeDisplayName, StringComparer.Ordinal).ThenBy(p => p.Mentee, StringComparer.Ordinal).ToList();
        run.Proposals.Clear();
        run.Proposals.AddRange(sorted);
        run.TotalScore = Math.Round(run.Proposals.Sum(p => p.Score), 2);
        run.Shortages.AddRange(Shortages(people, run));
        return run;
    }

    public static Proposal ToProposal(PairExplanation pair)
    {
        var proposal = new Proposal
        {
            Mentee = Person(pair.Mentee.Id),
            Mentor = Person(pair.Mentor.Id),
            Score = pair.Score,
            MenteeDisplayName = pair.Mentee.DisplayName,
            MentorDisplayName = pair.Mentor.DisplayName,
        };
        proposal.Factors.AddRange(pair.Factors.Select(f => new ScoreContribution { Factor = f.Code, Points = f.Contribution, Explanation = f.Explanation }));
        foreach (var violation in pair.Violations)
            proposal.Factors.Add(new ScoreContribution { Factor = $"pinned_despite_{violation.Code}", Points = 0, Explanation = violation.Explanation });
        return proposal;
    }

    private static UnmatchedMentee Unmatched(MenteeCandidates list, string reason, string explanation)
    {
        var u = new UnmatchedMentee { Mentee = Person(list.Mentee.Id), Reason = reason, Explanation = explanation };
        foreach (var e in list.Exclusions.Where(e => e.Count > 0)) u.Exclusions[e.Code] = e.Count;
        return u;
    }

    private static string Excluded(MenteeCandidates list) =>
        list.Exclusions.Count == 0 || list.ExcludedCount == 0
            ? "No mentor is enrolled in the programme."
            : "Every mentor is excluded by a hard constraint: " + string.Join("; ", list.Exclusions.Where(e => e.Count > 0).OrderByDescending(e => e.Count).Select(e => e.Describe())) + ".";

    /// <summary>Demand and supply per area of work, largest shortfall first (the risk of resource-based programmes).</summary>
    private static IEnumerable<AreaShortage> Shortages(ProgrammePeople people, MatchingRun run)
    {
        var unmatched = run.Unmatched.Select(u => u.Mentee).ToHashSet();
        var areas = people.Mentees.Select(m => m.AreaOfWork).Concat(people.Mentors.Select(m => m.AreaOfWork))
            .Select(a => a.Trim().ToLowerInvariant()).Distinct();
        return areas.Select(area => new AreaShortage
        {
            AreaOfWork = area,
            Mentees = people.Mentees.Count(m => Same(m.AreaOfWork, area)),
            UnmatchedMentees = people.Mentees.Count(m => Same(m.AreaOfWork, area) && unmatched.Contains(Person(m.Id))),
            Mentors = people.Mentors.Count(m => Same(m.AreaOfWork, area)),
            MentorCapacity = people.Mentors.Where(m => Same(m.AreaOfWork, area)).Sum(m => m.CapacityRemaining),
        }).OrderByDescending(s => s.Mentees - s.MentorCapacity).ThenByDescending(s => s.UnmatchedMentees).ThenBy(s => s.AreaOfWork, StringComparer.Ordinal);
    }

    private static bool Same(string a, string area) => a.Trim().ToLowerInvariant() == area;

    private static string Person(Guid id) => ResourceName.Format("people", id);
}
