using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Engine.Tests.Assignment;

public class ShortageReportTests
{
    [Fact]
    public void Demand_and_supply_are_summed_per_group_with_the_unlabelled_last()
    {
        // Engineering: 3 mentees, one mentor of capacity 1. Design: 1 mentee, one mentor of
        // capacity 2 that also takes an engineering mentee. Mentee 4 has no group and no candidate.
        var problem = new AssignmentProblemBuilder(5, [1, 2])
            .WithMentorGroup(0, "engineering").WithMentorGroup(1, "design")
            .WithMenteeGroup(0, "engineering").WithMenteeGroup(1, "engineering").WithMenteeGroup(2, "engineering")
            .WithMenteeGroup(3, "design")
            .AddCandidate(0, 0, 9).AddCandidate(1, 0, 8).AddCandidate(1, 1, 1).AddCandidate(2, 0, 7)
            .AddCandidate(3, 1, 5)
            .Build();

        var shortage = AssignmentSolver.Solve(problem).Shortage;

        Assert.Equal(
            [
                new GroupShortage("design", Mentees: 1, MatchedMentees: 1, UnmatchedForLackOfCandidates: 0, MentorCapacity: 2, UsedCapacity: 2),
                new GroupShortage("engineering", 3, 2, 0, 1, 1),
                new GroupShortage(null, 1, 0, 1, 0, 0),
            ],
            shortage.Groups);
        Assert.Equal(new GroupShortage(null, 5, 3, 1, 3, 3), shortage.Total);

        var engineering = shortage.Groups[1];
        Assert.Equal((1, 0L, 2L), (engineering.UnmatchedMentees, engineering.SpareCapacity, engineering.CapacityShortfall));
    }

    [Fact]
    public void Without_labels_there_is_one_unlabelled_group_equal_to_the_total()
    {
        var result = AssignmentSolver.Solve(new AssignmentProblemBuilder(2, [1]).AddCandidate(0, 0, 1).AddCandidate(1, 0, 2).Build());
        var group = Assert.Single(result.Shortage.Groups);
        Assert.Equal(result.Shortage.Total, group);
        Assert.Equal((2, 1, 1L, 1L, 1L), (group.Mentees, group.MatchedMentees, group.MentorCapacity, group.UsedCapacity, group.CapacityShortfall));
    }
}
