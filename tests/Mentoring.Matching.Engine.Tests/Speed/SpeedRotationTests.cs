using CsCheck;
using Mentoring.Matching.Engine.Speed;

namespace Mentoring.Matching.Engine.Tests.Speed;

public class SpeedRotationTests
{
    private static Guid[] Ids(int count) => [.. Enumerable.Range(0, count).Select(_ => People.NewId())];

    private static void AssertWellFormed(Guid[] mentees, Guid[] mentors, SpeedPlan plan, IReadOnlySet<(Guid, Guid)>? excluded = null)
    {
        var met = new HashSet<(Guid, Guid)>();
        foreach (var round in plan.Rounds)
        {
            Assert.Equal(round.Meetings.Count, round.Meetings.Select(m => m.Mentee).Distinct().Count());
            Assert.Equal(round.Meetings.Count, round.Meetings.Select(m => m.Mentor).Distinct().Count());
            Assert.Equal(mentees.Order(), round.Meetings.Select(m => m.Mentee).Concat(round.MenteesOnBreak).Order());
            Assert.Equal(mentors.Order(), round.Meetings.Select(m => m.Mentor).Concat(round.MentorsResting).Order());
            foreach (var meeting in round.Meetings)
            {
                Assert.True(met.Add((meeting.Mentee, meeting.Mentor)), "a mentee met a mentor twice");
                Assert.False(excluded?.Contains((meeting.Mentee, meeting.Mentor)) ?? false, "an excluded pair met");
            }
        }
    }

    private static void AssertEven(Guid[] mentees, Guid[] mentors, SpeedPlan plan)
    {
        Assert.All(plan.Rounds, r => Assert.Equal(Math.Min(mentees.Length, mentors.Length), r.Meetings.Count));
        var breaks = mentees.Select(e => plan.Rounds.Count(r => r.MenteesOnBreak.Contains(e))).ToList();
        var rests = mentors.Select(m => plan.Rounds.Count(r => r.MentorsResting.Contains(m))).ToList();
        if (breaks.Count > 0) Assert.InRange(breaks.Max() - breaks.Min(), 0, 1);
        if (rests.Count > 0) Assert.InRange(rests.Max() - rests.Min(), 0, 1);
    }

    [Fact]
    public void Every_possible_number_of_rounds_gets_an_even_plan()
    {
        Gen.Select(Gen.Int[0, 14], Gen.Int[0, 14], Gen.Double[0, 1]).Sample((menteeCount, mentorCount, share) =>
        {
            var (mentees, mentors) = (Ids(menteeCount), Ids(mentorCount));
            var rounds = (int)Math.Round(share * Math.Max(menteeCount, mentorCount));
            var plan = SpeedRotation.Plan(mentees, mentors, rounds);
            Assert.True(plan.IsComplete);
            Assert.Equal(Enumerable.Range(1, rounds), plan.Rounds.Select(r => r.Number));
            AssertWellFormed(mentees, mentors, plan);
            AssertEven(mentees, mentors, plan);
        }, iter: 400);
    }

    [Fact]
    public void Too_many_rounds_are_reported_as_impossible()
    {
        var plan = SpeedRotation.Plan(Ids(3), Ids(4), 5);
        Assert.False(plan.IsComplete);
        Assert.Empty(plan.Rounds);
        Assert.Contains("5 rounds need at least 5 mentors or 5 mentees", Assert.Single(plan.Problems));
    }

    [Fact]
    public void More_mentees_than_mentors_means_breaks_spread_over_everyone()
    {
        var (mentees, mentors) = (Ids(3), Ids(2));
        var plan = SpeedRotation.Plan(mentees, mentors, 3);
        Assert.All(plan.Rounds, r => Assert.Single(r.MenteesOnBreak));
        Assert.Equal(mentees.Order(), plan.Rounds.SelectMany(r => r.MenteesOnBreak).Order());
    }

    [Fact]
    public void Excluded_pairs_never_meet()
    {
        Gen.Select(Gen.Int[1, 12], Gen.Int[1, 12], Gen.Double[0, 1], Gen.Int).Sample((menteeCount, mentorCount, share, seed) =>
        {
            var (mentees, mentors) = (Ids(menteeCount), Ids(mentorCount));
            var random = new Random(seed);
            var excluded = mentees.SelectMany(e => mentors.Where(_ => random.Next(12) == 0).Select(m => (e, m))).ToHashSet();
            var rounds = (int)Math.Round(share * Math.Max(menteeCount, mentorCount));
            var plan = SpeedRotation.Plan(mentees, mentors, rounds, excluded);
            Assert.Equal(rounds, plan.Rounds.Count);
            AssertWellFormed(mentees, mentors, plan, excluded);
            if (plan.IsComplete) AssertEven(mentees, mentors, plan);
            Assert.Equivalent(plan, SpeedRotation.Plan(mentees, mentors, rounds, excluded), strict: true);
        }, iter: 300);
    }

    [Fact]
    public void What_exclusions_make_impossible_is_reported()
    {
        var (mentees, mentors) = (Ids(2), Ids(2));
        var plan = SpeedRotation.Plan(mentees, mentors, 2, new HashSet<(Guid, Guid)> { (mentees[0], mentors[0]) });
        AssertWellFormed(mentees, mentors, plan);
        Assert.False(plan.IsComplete);
        Assert.Contains(plan.Problems, p => p.Contains("fewer conversations"));
    }
}
