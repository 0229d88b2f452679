using Mentoring.Scheduling.Engine.Speed;
using NodaTime;
using static Mentoring.Scheduling.Engine.Tests.Time;

namespace Mentoring.Scheduling.Engine.Tests.Speed;

public sealed class SpeedScheduleTests
{
    private static List<(int, string, string)> Show(IEnumerable<RoundTime> rounds) =>
        rounds.Select(r => (r.Number, Utc(r.Start), Utc(r.End))).ToList();

    [Fact]
    public void Rounds_with_changeover_and_a_break_after_every_second_round_but_not_after_the_last()
    {
        var timing = new SpeedTiming(I("2026-05-04T17:00:00Z"), Minutes(8), Minutes(2), BreakEvery: 2, BreakLength: Minutes(10));
        Assert.Equal(
            [
                (1, "2026-05-04T17:00:00Z", "2026-05-04T17:08:00Z"),
                (2, "2026-05-04T17:10:00Z", "2026-05-04T17:18:00Z"),
                (3, "2026-05-04T17:30:00Z", "2026-05-04T17:38:00Z"), // 2 changeover + 10 break
                (4, "2026-05-04T17:40:00Z", "2026-05-04T17:48:00Z"),
            ],
            Show(SpeedSchedule.Rounds(timing, 4)));
    }

    [Fact]
    public void No_breaks_when_BreakEvery_is_zero()
    {
        var timing = new SpeedTiming(I("2026-05-04T17:00:00Z"), Minutes(5), Duration.Zero, BreakEvery: 0, BreakLength: Minutes(30));
        var rounds = SpeedSchedule.Rounds(timing, 6);
        Assert.Equal(Enumerable.Range(1, 6), rounds.Select(r => r.Number));
        Assert.Equal("2026-05-04T17:30:00Z", Utc(rounds[^1].End));
        for (var i = 1; i < rounds.Count; i++) Assert.Equal(rounds[i - 1].End, rounds[i].Start);
    }

    [Fact]
    public void Zero_rounds_and_invalid_timings()
    {
        var timing = new SpeedTiming(I("2026-05-04T17:00:00Z"), Minutes(5), Minutes(1), 3, Minutes(5));
        Assert.Empty(SpeedSchedule.Rounds(timing, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpeedSchedule.Rounds(timing, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpeedSchedule.Rounds(timing with { Round = Duration.Zero }, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpeedSchedule.Rounds(timing with { BreakEvery = -1 }, 2));
    }
}
