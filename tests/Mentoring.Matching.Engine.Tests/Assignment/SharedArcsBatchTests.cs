using CsCheck;
using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary>A batch without pins whose every mentee has candidates, all to mentors with capacity,
/// starts the solver's state on the problem's own arcs (BatchBuilder's shortcut, no copy): every
/// method is still exact against the brute-force oracle, gives the very matches of the general
/// path (forced here by one more mentee without candidates), and joins never write into the
/// problem.</summary>
public class SharedArcsBatchTests
{
    /// <summary>1–7 mentees with 1–4 candidates each among 1–4 mentors of capacity 1–3, no pins.</summary>
    private static readonly Gen<ProblemSpec> EveryMenteeAPerson =
        from mentees in Gen.Int[1, 7]
        from mentors in Gen.Int[1, 4]
        from capacities in Gen.Int[1, 3].Array[mentors]
        from lists in Gen.Select(Gen.Int[0, 99], Gen.Int[1, 4]).Array[1, 4].Array[mentees]
        select new ProblemSpec(mentees, capacities,
            lists.SelectMany((list, i) => list.Select(c => (Mentee: i, Mentor: c.Item1 % mentors, Score: c.Item2)).DistinctBy(a => a.Mentor)).ToArray(), [], []);

    [Theory]
    [MemberData(nameof(SolverMethods.All), MemberType = typeof(SolverMethods))]
    public void Batches_on_the_shortcut_are_optimal_and_match_the_general_path(SolverMethod method) =>
        EveryMenteeAPerson.Sample(spec =>
        {
            var result = SolverMethods.Solve(spec.Build(), method);
            ConstraintCheck.Holds(spec, result);
            var (score, matches) = BruteForceOracle.Best(spec);
            Assert.Equal(score, result.TotalScore);
            Assert.Equal(matches, result.Matches.Count);

            var general = SolverMethods.Solve((spec with { Mentees = spec.Mentees + 1 }).Build(), method);
            Assert.Equal(result.Matches, general.Matches);
        }, iter: 500, threads: 1, print: spec => spec.ToString());

    [Fact]
    public void Joins_into_a_batch_on_the_shortcut_leave_the_problem_as_it_was()
    {
        var random = new Random(12);
        const int mentees = 200, mentors = 30;
        var arcs = new List<(int, int, int)>();
        for (var i = 0; i < mentees; i++)
        {
            foreach (var j in Enumerable.Range(0, mentors).OrderBy(_ => random.Next()).Take(random.Next(1, 6)))
                arcs.Add((i, j, random.Next(1, 4)));
        }
        var spec = new ProblemSpec(mentees, Enumerable.Range(0, mentors).Select(_ => random.Next(1, 6)).ToArray(), arcs.ToArray(), [], []);
        var problem = spec.Build();
        var (start, mentor, score) = ((int[])problem.ArcStart.Clone(), (int[])problem.ArcMentor.Clone(), (int[])problem.ArcScore.Clone());
        var first = AssignmentSolver.Solve(problem);

        var solved = AssignmentSolver.SolveForJoins(problem);
        for (var k = 0; k < 40; k++)
        {
            var candidates = Enumerable.Range(0, mentors).OrderBy(_ => random.Next()).Take(random.Next(0, 6))
                .Select(j => new MentorCandidate(j, random.Next(1, 4))).ToList();
            solved.Join(candidates, k % 4 == 3 ? JoinMode.SpareCapacityOnly : JoinMode.Reoptimise);
        }

        Assert.Equal(start, problem.ArcStart);
        Assert.Equal(mentor, problem.ArcMentor);
        Assert.Equal(score, problem.ArcScore);
        Assert.Equal(first.Matches, AssignmentSolver.Solve(problem).Matches);
    }
}
