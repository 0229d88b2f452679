using Mentoring.Matching.Engine.Assignment.Solving;

namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary>The invariant the incremental joins rely on: after the auction, and after every
/// augmenting path, every residual arc of the flow network has a non-negative reduced cost.</summary>
public class ExactPotentialsTests
{
    [Fact]
    public void Every_residual_arc_has_a_non_negative_reduced_cost_after_the_solve_and_after_each_join()
    {
        var random = new Random(17);
        for (var round = 0; round < 10; round++)
        {
            var spec = RandomProblems.Large(random, mentees: 200, mentors: 30, maxScore: round % 2 == 0 ? 3 : 500);
            var state = BatchBuilder.Build(spec.Build());
            var (prices, poolPrice, _) = ScaledAuction.Solve(state);
            var potentials = FlowPotentials.FromAuctionPrices(state, prices, poolPrice);
            AssertReducedCostsNonNegative(state, potentials);

            var paths = new ShortestAugmentingPath(state, potentials);
            for (var join = 0; join < 20; join++)
            {
                var mentors = Enumerable.Range(0, 30).Where(j => state.Capacity[j] > 0).OrderBy(_ => random.Next()).Take(random.Next(1, 6)).Order().ToArray();
                if (mentors.Length == 0)
                    break;
                var person = state.AddPerson(spec.Mentees + join, mentors, mentors.Select(_ => random.Next(1, 500)).ToArray());
                paths.Augment(person);
                AssertReducedCostsNonNegative(state, potentials);
            }
        }
    }

    internal static void AssertReducedCostsNonNegative(MatchingState state, FlowPotentials potentials)
    {
        for (var i = 0; i < state.PersonCount; i++)
        {
            var held = state.AssignedArc[i];
            for (var a = state.ArcStart[i]; a < state.ArcStart[i + 1]; a++)
            {
                var j = state.ArcMentor[a];
                var reduced = a == held
                    ? state.ArcBenefit[a] + potentials.Mentor[j] - potentials.Person[i]  // mentor → holder
                    : -state.ArcBenefit[a] + potentials.Person[i] - potentials.Mentor[j]; // person → mentor
                Assert.True(reduced >= 0, $"arc {i}-{j}: {reduced}");
            }
            var toSink = held >= 0 ? potentials.Person[i] - potentials.Sink : potentials.Sink - potentials.Person[i];
            Assert.True(toSink >= 0, $"person {i} and the sink: {toSink}");
        }
        for (var j = 0; j < state.MentorCount; j++)
        {
            if (state.Load[j] < state.Capacity[j])
                Assert.True(potentials.Mentor[j] - potentials.Sink >= 0, $"mentor {j} → sink");
            if (state.Load[j] > 0)
                Assert.True(potentials.Sink - potentials.Mentor[j] >= 0, $"sink → mentor {j}");
        }
    }
}
