using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Relationships.Lifecycle;
using static Mentoring.Contracts.Matching.V1.RelationshipState;

namespace Mentoring.UnitTests.Matching;

public sealed class RelationshipLifecycleTests
{
    private static readonly Guid Mentor = Guid.NewGuid();
    private static readonly Guid Mentee = Guid.NewGuid();
    private static readonly Guid[] Both = [Mentor, Mentee];

    private static TransitionOutcome Decide(RelationshipState from, RelationshipState to, CloseReason reason = CloseReason.Unspecified,
        Guid? actor = null, Guid[]? accepted = null, CloseReason current = CloseReason.Unspecified) =>
        RelationshipLifecycle.Decide(from, current, to, reason, Both, accepted ?? [], actor);

    [Theory]
    [InlineData(Accepted, Rapport)]
    [InlineData(Rapport, Contracting)]
    [InlineData(Contracting, Active)]
    public void The_phases_follow_each_other(RelationshipState from, RelationshipState to) =>
        Assert.Equal(new TransitionOutcome.Moved(to, CloseReason.Unspecified), Decide(from, to));

    [Theory]
    [InlineData(Proposed, Rapport)]
    [InlineData(Accepted, Active)]
    [InlineData(Active, Rapport)]
    [InlineData(Closed, Active)]
    [InlineData(Closing, Active)]
    public void Skipping_or_going_back_is_refused_without_a_field(RelationshipState from, RelationshipState to)
    {
        var refused = Assert.IsType<TransitionOutcome.Refused>(Decide(from, to));
        Assert.Null(refused.Field);
    }

    [Fact]
    public void A_proposal_is_accepted_when_the_last_participant_accepts()
    {
        Assert.IsType<TransitionOutcome.AcceptanceRecorded>(Decide(Proposed, Accepted, actor: Mentor));
        Assert.Equal(new TransitionOutcome.Moved(Accepted, CloseReason.Unspecified), Decide(Proposed, Accepted, actor: Mentee, accepted: [Mentor]));
        Assert.Null(Assert.IsType<TransitionOutcome.Refused>(Decide(Proposed, Accepted, actor: Mentor, accepted: [Mentor])).Field);
        // Administrators do not accept on the participants' behalf.
        Assert.IsType<TransitionOutcome.Refused>(Decide(Proposed, Accepted));
    }

    [Fact]
    public void Closing_needs_a_reason_and_only_a_no_fault_exit_skips_closing()
    {
        Assert.Equal("close_reason", Assert.IsType<TransitionOutcome.Refused>(Decide(Active, Closing)).Field);
        Assert.Equal(new TransitionOutcome.Moved(Closing, CloseReason.GoalsMet), Decide(Active, Closing, CloseReason.GoalsMet));
        Assert.Null(Assert.IsType<TransitionOutcome.Refused>(Decide(Active, Closed, CloseReason.GoalsMet)).Field);
        Assert.Equal(new TransitionOutcome.Moved(Closed, CloseReason.NoFit), Decide(Rapport, Closed, CloseReason.NoFit));
        Assert.Equal(new TransitionOutcome.Moved(Closed, CloseReason.NoFit), Decide(Proposed, Closed, CloseReason.NoFit, actor: Mentee));
        // Closing keeps the reason given when it started.
        Assert.Equal(new TransitionOutcome.Moved(Closed, CloseReason.GoalsMet), Decide(Closing, Closed, current: CloseReason.GoalsMet));
    }

    [Fact]
    public void A_reason_outside_closing_and_unknown_values_are_field_errors()
    {
        Assert.Equal("close_reason", Assert.IsType<TransitionOutcome.Refused>(Decide(Accepted, Rapport, CloseReason.NoFit)).Field);
        Assert.Equal("state", Assert.IsType<TransitionOutcome.Refused>(Decide(Accepted, RelationshipState.Unspecified)).Field);
        Assert.Equal("state", Assert.IsType<TransitionOutcome.Refused>(Decide(Accepted, (RelationshipState)42)).Field);
    }

    [Fact]
    public void Closed_is_final()
    {
        foreach (var to in Enum.GetValues<RelationshipState>())
            Assert.IsType<TransitionOutcome.Refused>(Decide(Closed, to, CloseReason.NoFit, actor: Mentor));
    }
}
