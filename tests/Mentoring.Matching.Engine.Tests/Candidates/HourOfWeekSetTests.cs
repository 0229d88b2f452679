using CsCheck;
using Mentoring.Matching.Engine.Candidates;

namespace Mentoring.Matching.Engine.Tests.Candidates;

public class HourOfWeekSetTests
{
    [Fact]
    public void Holds_exactly_the_hours_given()
    {
        Gen.Int[0, 167].HashSet[0, 60].Sample(hours =>
        {
            var set = HourOfWeekSet.Of(hours);
            Assert.Equal(hours.Count, set.Count);
            Assert.Equal(hours.Order(), set.Hours());
            for (var h = 0; h < HourOfWeekSet.HoursPerWeek; h++) Assert.Equal(hours.Contains(h), set.Contains(h));
        });
    }

    [Fact]
    public void Intersection_and_union_are_those_of_sets()
    {
        var a = HourOfWeekSet.Range(60, 70);
        var b = HourOfWeekSet.Range(65, 130);
        Assert.Equal(Enumerable.Range(65, 5), a.Intersect(b).Hours());
        Assert.Equal(70, a.Union(b).Count);
    }

    [Fact]
    public void Hours_outside_the_week_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HourOfWeekSet.Empty.With(168));
        Assert.Throws<ArgumentOutOfRangeException>(() => HourOfWeekSet.Empty.Contains(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => HourOfWeekSet.Range(5, 169));
    }

    [Fact]
    public void Pair_history_is_symmetric()
    {
        var (a, b, c) = (People.NewId(), People.NewId(), People.NewId());
        var history = new PairHistory([(a, b), (b, a), (c, a)]);
        Assert.True(history.HasEnded(b, a));
        Assert.True(history.HasEnded(a, c));
        Assert.False(history.HasEnded(b, c));
        Assert.Equal([b, c], history.EndedWith(a));
    }
}
