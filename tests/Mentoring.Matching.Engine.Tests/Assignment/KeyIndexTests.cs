using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Engine.Tests.Assignment;

public class KeyIndexTests
{
    [Fact]
    public void Caller_ids_map_to_indices_and_back_around_a_solve()
    {
        Guid ada = Guid.NewGuid(), bob = Guid.NewGuid(), carol = Guid.NewGuid();
        var mentees = new KeyIndex<Guid>([ada, bob]);
        var mentors = new KeyIndex<Guid>([carol]);
        var problem = new AssignmentProblemBuilder(mentees.Count, [1])
            .AddCandidate(mentees[ada], mentors[carol], 3)
            .AddCandidate(mentees[bob], mentors[carol], 7)
            .Build();

        var match = Assert.Single(AssignmentSolver.Solve(problem).Matches);

        Assert.Equal((bob, carol), (mentees.KeyAt(match.Mentee), mentors.KeyAt(match.Mentor)));
        Assert.True(mentees.TryGetIndex(ada, out var index));
        Assert.Equal(0, index);
        Assert.False(mentors.TryGetIndex(ada, out _));
        Assert.Throws<KeyNotFoundException>(() => mentors[ada]);
    }

    [Fact]
    public void Duplicate_ids_are_rejected() =>
        Assert.Throws<ArgumentException>(() => new KeyIndex<string>(["a", "b", "a"]));
}
