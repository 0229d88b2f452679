using CsCheck;
using Mentoring.Matching.Engine.Assignment;
using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Tests.Candidates;

/// <summary>
/// No hard constraint is ever violated, checked by plain code written from the rules (not the engine's):
/// every candidate the generator keeps, and every pair the optimiser then chooses, on random programmes.
/// </summary>
public class HardConstraintPropertyTests
{
    private static readonly Gen<(Participant[] Mentees, Participant[] Mentors, ProgrammeRules Rules, List<(Guid, Guid)> Ended)> Programmes =
        Gen.Select(Gen.Int, Gen.Int[1, 25], Gen.Int[1, 30], Gen.Enum<MentoringModel>(), Gen.Int[0, 31])
            .Select((seed, menteeCount, mentorCount, model, switches) =>
            {
                var (mentees, mentors) = CandidateWorkload.Generate(seed, menteeCount, mentorCount);
                var random = new Random(seed);
                // Some people are both (a mentee may meet themself as a mentor), some inactive, some report to each other.
                mentors = [.. mentors, .. mentees.Where(_ => random.Next(4) == 0)];
                mentees = mentees.Select(m => random.Next(6) == 0 ? m with { IsActive = false } : m).ToArray();
                mentees = mentees.Select(m => random.Next(3) == 0
                    ? m with { LineManagerChain = [mentors[random.Next(mentors.Length)].Id, .. m.LineManagerChain] } : m).ToArray();
                var rules = ModelDefaults.For(model) with
                {
                    ExcludeSharedLineManager = (switches & 1) != 0,
                    AllowRepairingEndedPairs = (switches & 2) != 0,
                    MaxTimeZoneGapHours = (switches & 4) != 0 ? null : random.Next(13),
                    SameAreaRequired = (switches & 8) != 0,
                    CredentialRequired = (switches & 16) != 0,
                };
                var ended = mentees.SelectMany(e => mentors.Where(_ => random.Next(8) == 0).Select(m => (e.Id, m.Id))).ToList();
                return (mentees, mentors, rules, ended);
            });

    [Fact]
    public void Neither_candidates_nor_chosen_pairs_ever_break_a_hard_constraint()
    {
        var checkedPairs = 0;
        Programmes.Sample(p =>
        {
            var history = new PairHistory(p.Ended);
            var candidates = new CandidateGenerator(p.Mentors, p.Rules, history, new CandidateOptions { TopK = 10 }).Generate(p.Mentees);
            foreach (var list in candidates)
                foreach (var c in list.Candidates)
                    AssertAllowed(list.Mentee, c.Mentor, p.Rules, p.Ended);

            // The optimiser chooses among candidates only, within capacities.
            var mentorIndex = p.Mentors.Select((m, i) => (m.Id, i)).ToDictionary(x => x.Id, x => x.i);
            var builder = new AssignmentProblemBuilder(p.Mentees.Length, p.Mentors.Select(m => m.CapacityRemaining).ToList());
            for (var i = 0; i < candidates.Count; i++)
                foreach (var c in candidates[i].Candidates)
                    builder.AddCandidate(i, mentorIndex[c.Mentor.Id], c.IntegerScore + 1);
            var result = AssignmentSolver.Solve(builder.Build());
            foreach (var match in result.Matches)
                AssertAllowed(p.Mentees[match.Mentee], p.Mentors[match.Mentor], p.Rules, p.Ended);
            Interlocked.Add(ref checkedPairs, result.Matches.Count);
            foreach (var (mentor, load) in result.Matches.GroupBy(m => m.Mentor).Select(g => (g.Key, g.Count())))
                Assert.True(load <= p.Mentors[mentor].CapacityRemaining);
            Assert.Equal(result.Matches.Count, result.Matches.Select(m => m.Mentee).Distinct().Count());
        }, iter: 150);
        Assert.True(checkedPairs > 100, $"only {checkedPairs} chosen pairs were checked: the random programmes exclude almost everyone");
    }

    private static void AssertAllowed(Participant mentee, Participant mentor, ProgrammeRules rules, List<(Guid Mentee, Guid Mentor)> ended)
    {
        Assert.NotEqual(mentee.Id, mentor.Id);
        Assert.True(mentee.IsActive && mentor.IsActive);
        Assert.True(mentor.CapacityRemaining > 0);
        Assert.True(!rules.CredentialRequired || mentor.IsCredentialed);
        Assert.True(rules.AllowSupervisory || (!mentee.LineManagerChain.Contains(mentor.Id) && !mentor.LineManagerChain.Contains(mentee.Id)),
            "a mentor in the mentee's reporting line");
        Assert.True(!rules.ExcludeSharedLineManager || mentee.LineManagerChain.Count == 0 || mentor.LineManagerChain.Count == 0
            || mentee.LineManagerChain[0] != mentor.LineManagerChain[0]);
        Assert.True(rules.AllowRepairingEndedPairs || !ended.Contains((mentee.Id, mentor.Id)), "a pair that already ended");
        var gap = mentor.Seniority - mentee.Seniority;
        switch (rules.SeniorityDirection)
        {
            case SeniorityDirection.MentorMoreSenior: Assert.True(gap > 0); break;
            case SeniorityDirection.MentorMoreJunior: Assert.True(gap < 0); break;
            case SeniorityDirection.SameLevel: Assert.True(Math.Abs(gap) <= rules.SameLevelTolerance); break;
        }
        Assert.True(!rules.SameAreaRequired || string.Equals(mentee.AreaOfWork.Trim(), mentor.AreaOfWork.Trim(), StringComparison.OrdinalIgnoreCase));
        Assert.Contains(mentee.Languages, l => mentor.Languages.Contains(l, StringComparer.OrdinalIgnoreCase));
        Assert.NotEqual(MeetingFormats.None, mentee.Formats & mentor.Formats & rules.FormatsAllowed);
        if (rules.MaxTimeZoneGapHours is { } hours)
        {
            var apart = Math.Abs(mentee.UtcOffsetMinutes - mentor.UtcOffsetMinutes) % 1440;
            Assert.True(Math.Min(apart, 1440 - apart) <= hours * 60, "time zones too far apart");
        }
    }
}
