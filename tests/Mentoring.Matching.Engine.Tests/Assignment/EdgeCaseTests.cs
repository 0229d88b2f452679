using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Engine.Tests.Assignment;

public class EdgeCaseTests
{
    [Fact]
    public void An_empty_problem_has_an_empty_result()
    {
        var result = AssignmentSolver.Solve(new AssignmentProblemBuilder(0, []).Build());
        Assert.Equal((0, 0L), (result.MenteeCount, result.TotalScore));
        Assert.Empty(result.Matches);
        Assert.Empty(result.Unmatched);
        Assert.Empty(result.Shortage.Groups);
    }

    [Fact]
    public void Without_mentors_everyone_is_unmatched_without_candidates()
    {
        var result = AssignmentSolver.Solve(new AssignmentProblemBuilder(3, []).Build());
        Assert.Equal([UnmatchedReason.NoCandidates, UnmatchedReason.NoCandidates, UnmatchedReason.NoCandidates], result.Unmatched.Select(u => u.Reason));
    }

    [Fact]
    public void With_zero_capacity_everywhere_nobody_is_matched()
    {
        var result = AssignmentSolver.Solve(new AssignmentProblemBuilder(2, [0, 0]).AddCandidate(0, 0, 3).AddCandidate(1, 1, 3).Build());
        Assert.Empty(result.Matches);
        Assert.All(result.Unmatched, u => Assert.Equal(UnmatchedReason.CandidatesWithoutCapacity, u.Reason));
    }

    [Fact]
    public void Without_arcs_nobody_is_matched()
    {
        var result = AssignmentSolver.Solve(new AssignmentProblemBuilder(2, [4]).Build());
        Assert.Empty(result.Matches);
        Assert.Equal(2, result.Unmatched.Count);
    }

    [Fact]
    public void Duplicate_candidates_are_rejected_not_merged()
    {
        var builder = new AssignmentProblemBuilder(2, [1, 1]).AddCandidate(0, 1, 3).AddCandidate(1, 0, 2).AddCandidate(0, 1, 5);
        var error = Assert.Throws<InvalidAssignmentProblemException>(builder.Build);
        var duplicate = Assert.Single(error.Errors);
        Assert.Equal((AssignmentProblemErrorCode.DuplicateCandidate, (int?)0, (int?)1), (duplicate.Code, duplicate.Mentee, duplicate.Mentor));
    }

    [Fact]
    public void Invalid_arguments_are_rejected_when_added()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AssignmentProblemBuilder(-1, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AssignmentProblemBuilder(1, [-1]));
        var builder = new AssignmentProblemBuilder(1, [1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddCandidate(0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddCandidate(0, 0, -3));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddCandidate(1, 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddCandidate(0, 1, 3));
    }

    [Fact]
    public void Scores_too_large_for_exact_arithmetic_are_rejected()
    {
        var builder = new AssignmentProblemBuilder(20_000, [20_000]).AddCandidate(0, 0, int.MaxValue);
        var error = Assert.Throws<InvalidAssignmentProblemException>(builder.Build);
        Assert.Equal(AssignmentProblemErrorCode.ScoresTooLarge, Assert.Single(error.Errors).Code);
    }

    [Fact]
    public void Large_scores_within_the_limit_are_solved_exactly()
    {
        var result = AssignmentSolver.Solve(new AssignmentProblemBuilder(3, [1, 1])
            .AddCandidate(0, 0, int.MaxValue).AddCandidate(1, 0, int.MaxValue - 1).AddCandidate(1, 1, 1).AddCandidate(2, 1, 2)
            .Build());
        Assert.Equal(int.MaxValue + 2L, result.TotalScore);
    }

    [Fact]
    public void A_mentor_with_more_capacity_than_candidates_takes_them_all()
    {
        var result = AssignmentSolver.Solve(new AssignmentProblemBuilder(3, [100]).AddCandidate(0, 0, 1).AddCandidate(1, 0, 1).AddCandidate(2, 0, 1).Build());
        Assert.Equal(3, result.Matches.Count);
    }
}
