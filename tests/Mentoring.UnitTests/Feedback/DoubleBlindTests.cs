using Mentoring.Feedback.Surveys.ClosingEvaluations;

namespace Mentoring.UnitTests.Feedback;

public sealed class DoubleBlindTests
{
    private static readonly DateTime Closing = new(2027, 5, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Mentor = Guid.NewGuid(), Mentee = Guid.NewGuid();
    private static readonly Guid[] Both = [Mentor, Mentee];

    [Fact]
    public void Before_everyone_answered_each_sees_only_their_own()
    {
        var day = Closing.AddDays(3);
        Assert.Equal([Mentee], DoubleBlind.Visible(Mentee, day, Closing, Both, [Mentee]));
        Assert.Empty(DoubleBlind.Visible(Mentor, day, Closing, Both, [Mentee]));
        Assert.False(DoubleBlind.Revealed(day, Closing, Both, [Mentee]));
    }

    [Fact]
    public void When_everyone_answered_all_is_revealed() =>
        Assert.Equal([Mentee, Mentor], DoubleBlind.Visible(Mentor, Closing.AddDays(1), Closing, Both, [Mentee, Mentor]));

    [Fact]
    public void When_the_window_passes_what_was_answered_is_revealed_and_no_more_answers_are_taken()
    {
        Assert.True(DoubleBlind.Open(Closing.AddDays(14).AddTicks(-1), Closing));
        Assert.False(DoubleBlind.Open(Closing.AddDays(14), Closing));
        Assert.Equal([Mentee], DoubleBlind.Visible(Mentor, Closing.AddDays(14), Closing, Both, [Mentee]));
    }
}
