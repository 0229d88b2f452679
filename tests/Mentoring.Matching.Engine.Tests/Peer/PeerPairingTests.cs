using CsCheck;
using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Engine.Peer;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Tests.Peer;

public class PeerPairingTests
{
    private static readonly ProgrammeRules PeerRules = ModelDefaults.For(MentoringModel.Peer) with { MaxTimeZoneGapHours = null };

    private static Participant[] Peers(int seed, int count)
    {
        var (mentees, mentors) = CandidateWorkload.Generate(seed, count / 2, count - count / 2);
        return [.. mentees.Concat(mentors).Select(p => p with { CapacityRemaining = 1 })];
    }

    /// <summary>The best total over all pairings, trying every partner for the first unpaired person.</summary>
    private static long BestTotal(Participant[] people, Func<int, int, int?> weight, int mask = 0)
    {
        var first = Enumerable.Range(0, people.Length).FirstOrDefault(i => (mask >> i & 1) == 0, -1);
        if (first < 0) return 0;
        var best = BestTotal(people, weight, mask | 1 << first);
        for (var j = first + 1; j < people.Length; j++)
            if ((mask >> j & 1) == 0 && weight(first, j) is { } w)
                best = Math.Max(best, w + BestTotal(people, weight, mask | 1 << first | 1 << j));
        return best;
    }

    [Fact]
    public void Pairs_peers_for_the_best_total_of_both_directions_scores()
    {
        Gen.Select(Gen.Int, Gen.Int[0, 10]).Sample((seed, count) =>
        {
            var people = Peers(seed, count);
            var result = PeerPairing.Pair(people, PeerRules);

            int? Weight(int i, int j)
            {
                var a = CandidateGenerator.Explain(people[i], people[j], PeerRules);
                var b = CandidateGenerator.Explain(people[j], people[i], PeerRules);
                return a.IsFeasible && b.IsFeasible ? a.IntegerScore + b.IntegerScore : null;
            }
            Assert.Equal(BestTotal(people, Weight), result.TotalScore);

            var seen = result.Pairs.SelectMany(p => new[] { p.First.Id, p.Second.Id }).Concat(result.Unpaired.Select(u => u.Id)).ToList();
            Assert.Equal(people.Select(p => p.Id).Order(), seen.Order());
            Assert.All(result.Pairs, p =>
            {
                Assert.True(p.FirstLearns.IsFeasible && p.SecondLearns.IsFeasible);
                Assert.Same(p.First, p.SecondLearns.Mentor);
                Assert.Same(p.Second, p.FirstLearns.Mentor);
                Assert.True(Array.IndexOf(people, p.First) < Array.IndexOf(people, p.Second));
            });
        }, iter: 150);
    }

    [Fact]
    public void With_max_cardinality_pairs_as_many_as_possible()
    {
        // a–b scores best, but pairing a–c and b–d pairs everyone.
        var a = People.Mentee("a") with { Seniority = 3, CapacityRemaining = 1 };
        var b = a with { Id = People.NewId(), DisplayName = "b" };
        var c = a with { Id = People.NewId(), DisplayName = "c", Interests = new HashSet<string>(), FreeHours = HourOfWeekSet.Empty };
        var d = c with { Id = People.NewId(), DisplayName = "d" };
        var rules = PeerRules with { Weights = PeerRules.Weights with { Interests = 50, Availability = 50 } };
        var history = new PairHistory([(c.Id, d.Id)]);

        var best = PeerPairing.Pair([a, b, c, d], rules, history);
        Assert.Equal([(a.Id, b.Id)], best.Pairs.Select(p => (p.First.Id, p.Second.Id)));
        Assert.Equal([c, d], best.Unpaired);

        var all = PeerPairing.Pair([a, b, c, d], rules, history, maxCardinality: true);
        Assert.Equal(2, all.Pairs.Count);
        Assert.Empty(all.Unpaired);
    }
}
