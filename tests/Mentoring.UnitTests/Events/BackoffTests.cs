using Mentoring.BuildingBlocks.Events;

namespace Mentoring.UnitTests.Events;

public class BackoffTests
{
    private static readonly Backoff Rule = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

    [Fact]
    public void No_failure_means_no_delay() => Assert.Equal(TimeSpan.Zero, Rule.DelayAfter(0, 0.5));

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(3, 4000)]
    [InlineData(6, 32000)]
    public void Delay_doubles_with_each_failure_up_to_full_jitter(int failures, double expectedMaxMs)
    {
        Assert.Equal(expectedMaxMs, Rule.DelayAfter(failures, 1).TotalMilliseconds, 3);
        Assert.Equal(expectedMaxMs / 2, Rule.DelayAfter(failures, 0).TotalMilliseconds, 3);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(40)]
    [InlineData(int.MaxValue)]
    public void Delay_never_exceeds_the_cap(int failures)
    {
        Assert.Equal(60_000, Rule.DelayAfter(failures, 1).TotalMilliseconds, 3);
        Assert.Equal(30_000, Rule.DelayAfter(failures, 0).TotalMilliseconds, 3);
    }

    [Fact]
    public void Jitter_stays_within_the_upper_half()
    {
        for (var i = 0; i <= 100; i++)
        {
            var delay = Rule.DelayAfter(4, i / 100.0).TotalMilliseconds;
            Assert.InRange(delay, 4000, 8000);
        }
        Assert.Equal(8000, Rule.DelayAfter(4, 7).TotalMilliseconds, 3); // out-of-range jitter is clamped
    }
}
