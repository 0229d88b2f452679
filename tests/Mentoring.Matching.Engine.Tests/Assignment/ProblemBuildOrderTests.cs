using CsCheck;
using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary><see cref="AssignmentProblemBuilder.Build"/> stores each mentee's candidates in mentor
/// order whatever order they were added in: arcs grouped by mentee (its fast path, each mentee's
/// candidates then sorted block of mentees by block, ~32,000 arcs each), or in any order (one
/// counting pass by mentee first). The reference here is a plain LINQ sort by (mentee, mentor).</summary>
public class ProblemBuildOrderTests
{
    [Fact]
    public void Candidates_end_in_mentee_then_mentor_order_whatever_the_input_order() =>
        Gen.Select(RandomProblems.Small(withPins: false, maxScore: 1000), Gen.Int).Sample((spec, seed) =>
        {
            var random = new Random(seed);
            var expected = spec.Arcs.OrderBy(a => a.Mentee).ThenBy(a => a.Mentor).ToArray();
            foreach (var order in Orders(spec, random))
            {
                var problem = spec.Build(order, [], []);
                AssertSorted(spec.Mentees, expected, problem);
            }
        }, iter: 500, threads: 1);

    [Fact]
    public void A_large_problem_is_stored_alike_from_every_input_order()
    {
        var random = new Random(5);
        var spec = RandomProblems.Large(random, mentees: 500, mentors: 80, maxScore: 50);
        var expected = spec.Arcs.OrderBy(a => a.Mentee).ThenBy(a => a.Mentor).ToArray();
        foreach (var order in Orders(spec, random))
            AssertSorted(spec.Mentees, expected, spec.Build(order, [], []));
    }

    [Fact]
    public void A_problem_of_several_sort_blocks_is_stored_alike_from_every_input_order()
    {
        // ~100,000 arcs: three or four blocks, mentees of 0 to 50 candidates among 120 mentors.
        var random = new Random(8);
        const int mentees = 4_000;
        var arcs = new List<(int Mentee, int Mentor, int Score)>();
        for (var i = 0; i < mentees; i++)
        {
            foreach (var j in Enumerable.Range(0, 120).OrderBy(_ => random.Next()).Take(random.Next(0, 51)))
                arcs.Add((i, j, random.Next(1, 1000)));
        }
        Assert.True(arcs.Count > 3 * (1 << 15));
        var spec = new ProblemSpec(mentees, Enumerable.Repeat(3, 120).ToArray(), arcs.ToArray(), [], []);
        var expected = spec.Arcs.OrderBy(a => a.Mentee).ThenBy(a => a.Mentor).ToArray();
        foreach (var order in Orders(spec, random))
            AssertSorted(spec.Mentees, expected, spec.Build(order, [], []));
    }

    [Fact]
    public void A_mentee_with_more_duplicate_arcs_than_a_sort_block_has_each_duplicate_reported()
    {
        var builder = new AssignmentProblemBuilder(3, [1, 1, 1]).AddCandidate(0, 1, 1);
        for (var k = 0; k < 40_000; k++)
            builder.AddCandidate(1, k % 3, 1 + k % 7);
        builder.AddCandidate(2, 0, 4);
        var error = Assert.Throws<InvalidAssignmentProblemException>(builder.Build);
        Assert.Equal(40_000 - 3, error.Errors.Count);
        Assert.All(error.Errors, e => Assert.Equal((AssignmentProblemErrorCode.DuplicateCandidate, (int?)1), (e.Code, e.Mentee)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(700)]
    [InlineData(100_000)]
    public void The_expected_number_of_candidates_is_only_a_hint(int expected)
    {
        var spec = RandomProblems.Large(new Random(9), mentees: 400, mentors: 50, maxScore: 20);
        var builder = new AssignmentProblemBuilder(spec.Mentees, spec.Capacities, expected);
        foreach (var (mentee, mentor, score) in spec.Arcs)
            builder.AddCandidate(mentee, mentor, score);
        foreach (var (mentee, mentor) in spec.MustMatch)
            builder.MustMatch(mentee, mentor);
        foreach (var (mentee, mentor) in spec.MustNot)
            builder.MustNotMatch(mentee, mentor);
        var hinted = builder.Build();
        AssertSorted(spec.Mentees, spec.Arcs.OrderBy(a => a.Mentee).ThenBy(a => a.Mentor).ToArray(), hinted);
        Assert.Equal(AssignmentSolver.Solve(spec.Build()).Matches, AssignmentSolver.Solve(hinted).Matches);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AssignmentProblemBuilder(1, [1], -1));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_builder_used_again_after_a_build_leaves_the_first_problem_as_it_was(bool exactHint)
    {
        // With the exact number of candidates as its hint, grouped arcs are sorted in the
        // builder's own arrays and handed to the problem; later candidates and builds use copies.
        var random = new Random(21);
        var first = RandomProblems.Large(random, mentees: 300, mentors: 40, maxScore: 30);
        var arcs = first.Arcs.OrderBy(a => a.Mentee).ThenBy(_ => random.Next()).ToArray();
        var builder = new AssignmentProblemBuilder(first.Mentees, first.Capacities, exactHint ? arcs.Length : 0);
        foreach (var (mentee, mentor, score) in arcs)
            builder.AddCandidate(mentee, mentor, score);
        var built = builder.Build();
        var expected = arcs.OrderBy(a => a.Mentee).ThenBy(a => a.Mentor).ToArray();
        AssertSorted(first.Mentees, expected, built);

        // Built again with nothing added: equal, and the first is untouched.
        AssertSorted(first.Mentees, expected, builder.Build());
        AssertSorted(first.Mentees, expected, built);

        // More candidates (mentors not yet used by each mentee), then a third build.
        var more = new List<(int Mentee, int Mentor, int Score)>();
        for (var i = 0; i < first.Mentees; i += 7)
        {
            var used = arcs.Where(a => a.Mentee == i).Select(a => a.Mentor).ToHashSet();
            var free = Enumerable.Range(0, first.Mentors).FirstOrDefault(j => !used.Contains(j), -1);
            if (free >= 0)
                more.Add((i, free, random.Next(1, 31)));
        }
        foreach (var (mentee, mentor, score) in more)
            builder.AddCandidate(mentee, mentor, score);
        var third = builder.Build();
        AssertSorted(first.Mentees, arcs.Concat(more).OrderBy(a => a.Mentee).ThenBy(a => a.Mentor).ToArray(), third);
        AssertSorted(first.Mentees, expected, built);
    }

    [Fact]
    public void Duplicates_are_reported_alike_from_grouped_and_scattered_input()
    {
        // Mentee 0 has mentor 2 twice, mentee 2 has mentor 0 three times.
        (int Mentee, int Mentor, int Score)[] arcs = [(0, 2, 5), (0, 1, 3), (0, 2, 4), (1, 0, 1), (2, 0, 2), (2, 1, 2), (2, 0, 7), (2, 0, 9)];
        var spec = new ProblemSpec(3, [1, 1, 1], arcs, [], []);
        var grouped = Errors(spec, arcs);
        Assert.Equal(
            [(AssignmentProblemErrorCode.DuplicateCandidate, 0, 2), (AssignmentProblemErrorCode.DuplicateCandidate, 2, 0), (AssignmentProblemErrorCode.DuplicateCandidate, 2, 0)],
            grouped);
        Assert.Equal(grouped, Errors(spec, arcs.Reverse()));
        Assert.Equal(grouped, Errors(spec, arcs.OrderBy(a => a.Mentor)));
    }

    /// <summary>Sorted; grouped by mentee in increasing order with candidates shuffled, reversed
    /// or by score (the fast path); mentees in decreasing order; fully shuffled.</summary>
    private static IEnumerable<IEnumerable<(int Mentee, int Mentor, int Score)>> Orders(ProblemSpec spec, Random random)
    {
        yield return spec.Arcs.OrderBy(a => a.Mentee).ThenBy(a => a.Mentor).ToArray();
        yield return spec.Arcs.OrderBy(a => a.Mentee).ThenBy(_ => random.Next()).ToArray();
        yield return spec.Arcs.OrderBy(a => a.Mentee).ThenByDescending(a => a.Mentor).ToArray();
        yield return spec.Arcs.OrderBy(a => a.Mentee).ThenByDescending(a => a.Score).ToArray();
        yield return spec.Arcs.OrderByDescending(a => a.Mentee).ThenBy(_ => random.Next()).ToArray();
        yield return spec.Arcs.OrderBy(_ => random.Next()).ToArray();
    }

    private static void AssertSorted(int mentees, (int Mentee, int Mentor, int Score)[] expected, AssignmentProblem problem)
    {
        var start = new int[mentees + 1];
        foreach (var arc in expected)
            start[arc.Mentee + 1]++;
        for (var i = 0; i < mentees; i++)
            start[i + 1] += start[i];
        Assert.Equal(start, problem.ArcStart);
        Assert.Equal(expected.Select(a => a.Mentor), problem.ArcMentor);
        Assert.Equal(expected.Select(a => a.Score), problem.ArcScore);
    }

    private static (AssignmentProblemErrorCode, int, int)[] Errors(ProblemSpec spec, IEnumerable<(int Mentee, int Mentor, int Score)> arcs)
    {
        var error = Assert.Throws<InvalidAssignmentProblemException>(() => spec.Build(arcs, [], []));
        return error.Errors.Select(e => (e.Code, e.Mentee!.Value, e.Mentor!.Value)).ToArray();
    }
}
