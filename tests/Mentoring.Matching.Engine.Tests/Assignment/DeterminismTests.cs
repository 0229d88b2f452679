using CsCheck;
using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Engine.Tests.Assignment;

public class DeterminismTests
{
    [Fact]
    public void Shuffling_the_candidates_and_pins_does_not_change_the_assignment() =>
        Gen.Select(RandomProblems.Small(withPins: true), Gen.Int).Sample((spec, seed) =>
        {
            var random = new Random(seed);
            var expected = AssignmentSolver.Solve(spec.Build());
            var shuffled = AssignmentSolver.Solve(spec.Build(
                spec.Arcs.OrderBy(_ => random.Next()), spec.MustMatch.OrderBy(_ => random.Next()), spec.MustNot.OrderBy(_ => random.Next())));
            Assert.Equal(expected.Matches, shuffled.Matches);
        }, iter: 300, threads: 1);

    [Fact]
    public void Shuffling_does_not_change_the_assignment_of_a_large_problem_with_many_ties()
    {
        var random = new Random(3);
        var spec = RandomProblems.Large(random, mentees: 400, mentors: 60, maxScore: 3);
        var expected = AssignmentSolver.Solve(spec.Build());
        for (var round = 0; round < 5; round++)
        {
            var shuffled = AssignmentSolver.Solve(spec.Build(
                spec.Arcs.OrderBy(_ => random.Next()), spec.MustMatch.OrderBy(_ => random.Next()), spec.MustNot.OrderBy(_ => random.Next())));
            Assert.Equal(expected.Matches, shuffled.Matches);
        }
    }

    [Fact]
    public void Solving_twice_gives_the_same_result()
    {
        var spec = RandomProblems.Large(new Random(11), mentees: 200, mentors: 30, maxScore: 5);
        var problem = spec.Build();
        Assert.Equal(AssignmentSolver.Solve(problem).Matches, AssignmentSolver.Solve(problem).Matches);
    }
}
