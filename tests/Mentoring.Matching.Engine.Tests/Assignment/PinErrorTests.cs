using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Engine.Tests.Assignment;

public class PinErrorTests
{
    [Fact]
    public void Every_pin_error_is_reported_at_once()
    {
        var builder = new AssignmentProblemBuilder(4, [1, 2])
            .AddCandidate(0, 0, 5)
            .MustMatch(0, 0)
            .MustMatch(0, 1)    // mentee 0 pinned twice
            .MustMatch(1, 0)    // mentor 0 (capacity 1) now has two pins
            .MustMatch(2, 1)
            .MustNotMatch(2, 1); // pinned and excluded

        var error = Assert.Throws<InvalidAssignmentProblemException>(builder.Build);

        Assert.Equal(
            [
                (AssignmentProblemErrorCode.MenteePinnedTwice, (int?)0, (int?)1),
                (AssignmentProblemErrorCode.PinnedPairExcluded, 2, 1),
                (AssignmentProblemErrorCode.PinnedMentorOverCapacity, null, 0),
            ],
            error.Errors.Select(e => (e.Code, e.Mentee, e.Mentor)));
        Assert.Contains("3 errors", error.Message);
    }

    [Fact]
    public void A_pin_on_a_mentor_without_capacity_is_an_error()
    {
        var error = Assert.Throws<InvalidAssignmentProblemException>(new AssignmentProblemBuilder(1, [0]).MustMatch(0, 0).Build);
        Assert.Equal(AssignmentProblemErrorCode.PinnedMentorOverCapacity, Assert.Single(error.Errors).Code);
        Assert.Contains("Mentor 0 has 1 must-match pins but a capacity of 0", error.Message);
    }

    [Fact]
    public void Pins_out_of_range_are_rejected_when_added()
    {
        var builder = new AssignmentProblemBuilder(2, [1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.MustMatch(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.MustNotMatch(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.MustMatch(-1, 0));
    }
}
