using Mentoring.Matching.Candidates.Availability;

namespace Mentoring.UnitTests.Matching;

public sealed class WeeklyHoursTests
{
    [Fact]
    public void A_local_window_becomes_whole_utc_hours_shifted_by_the_offset()
    {
        // Monday 09:00–12:00 at UTC+2 is Monday 07:00–10:00 UTC: hours 7, 8, 9.
        Assert.Equal([7, 8, 9], WeeklyHours.ToUtcHours([new LocalWindow(1, 9 * 60, 12 * 60)], 120));
        // Partial hours do not count: 09:30–11:00 at UTC covers only 10:00–11:00.
        Assert.Equal([10], WeeklyHours.ToUtcHours([new LocalWindow(1, 9 * 60 + 30, 11 * 60)], 0));
    }

    [Fact]
    public void Windows_wrap_around_the_week()
    {
        // Monday 00:00–02:00 at UTC+1 is Sunday 23:00 UTC to Monday 01:00 UTC.
        Assert.Equal([0, 167], WeeklyHours.ToUtcHours([new LocalWindow(1, 0, 120)], 60));
        // Sunday 23:00–24:00 at UTC−1 is Monday 00:00 UTC.
        Assert.Equal([0], WeeklyHours.ToUtcHours([new LocalWindow(7, 23 * 60, 1440)], -60));
    }

    [Theory]
    [InlineData("09:00", 540)]
    [InlineData("24:00", 1440)]
    [InlineData("24:01", -1)]
    [InlineData("9:00", -1)]
    [InlineData("ab:cd", -1)]
    public void Times_parse_to_minutes(string text, int minutes) => Assert.Equal(minutes, WeeklyHours.Minutes(text));
}
