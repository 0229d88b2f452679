using Mentoring.Feedback.Metrics;

namespace Mentoring.UnitTests.Feedback;

public sealed class ProgrammeAggregatesTests
{
    private static readonly Guid[] People = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();

    [Fact]
    public void Fewer_than_five_people_give_no_figure_however_many_answers_they_gave()
    {
        var four = Enumerable.Range(0, 40).Select(i => (People[i % 4], 1 + i % 5)).ToList();
        var summary = ProgrammeAggregates.Ratings(four);
        Assert.True(summary.Suppressed);
        Assert.Equal((0, 0, 0.0), (summary.Respondents, summary.Answers, summary.Mean));
        Assert.Empty(summary.Distribution);
        Assert.True(ProgrammeAggregates.Nps(four).Suppressed);
        Assert.True(ProgrammeAggregates.Fit(four.Select(a => (a.Item1, true)).ToList()).Suppressed);
    }

    [Fact]
    public void Five_people_give_the_distribution_and_the_mean()
    {
        var answers = new List<(Guid, int)> { (People[0], 5), (People[1], 4), (People[2], 4), (People[3], 2), (People[4], 5), (People[0], 3) };
        var summary = ProgrammeAggregates.Ratings(answers);
        Assert.False(summary.Suppressed);
        Assert.Equal((5, 6, 3.83), (summary.Respondents, summary.Answers, summary.Mean));
        Assert.Equal([0, 1, 1, 2, 2], summary.Distribution);
    }

    [Fact]
    public void The_net_promoter_score_is_promoters_minus_detractors_in_percent()
    {
        var scores = new List<(Guid, int)> { (People[0], 10), (People[1], 9), (People[2], 8), (People[3], 6), (People[4], 0), (People[5], 10) };
        var nps = ProgrammeAggregates.Nps(scores);
        Assert.Equal((3, 1, 2, 16.7), (nps.Promoters, nps.Passives, nps.Detractors, nps.Score));
    }
}

public sealed class GoalRulesTests
{
    [Fact]
    public void Milestone_progress_is_the_share_done()
    {
        var goal = new Mentoring.Contracts.Feedback.V1.Goal();
        Assert.Equal(0, Mentoring.Feedback.Goals.GoalRules.MilestoneProgress(goal));
        goal.Milestones.Add(new Mentoring.Contracts.Feedback.V1.Milestone { Done = true });
        goal.Milestones.Add(new Mentoring.Contracts.Feedback.V1.Milestone());
        goal.Milestones.Add(new Mentoring.Contracts.Feedback.V1.Milestone());
        Assert.Equal(33, Mentoring.Feedback.Goals.GoalRules.MilestoneProgress(goal));
    }

    [Fact]
    public void Goal_figures_need_five_owners()
    {
        var four = Enumerable.Range(0, 4).Select(_ => (Guid.NewGuid(), true, 100)).ToList();
        Assert.True(ProgrammeAggregates.Goals(four).Suppressed);
        four.Add((Guid.NewGuid(), false, 50));
        var summary = ProgrammeAggregates.Goals(four);
        Assert.Equal((5, 5, 4, 90.0), (summary.Owners, summary.Goals, summary.Achieved, summary.MeanProgressPercent));
    }

    [Fact]
    public void Self_assessments_need_five_owners_and_give_the_mean_change_and_the_share_improved()
    {
        var people = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        var four = Enumerable.Range(0, 12).Select(i => (people[i % 4], 3, 8)).ToList();
        Assert.True(ProgrammeAggregates.SelfAssessments(four).Suppressed);
        Assert.Equal(0, ProgrammeAggregates.SelfAssessments(four).Goals);

        var five = new List<(Guid, int, int)> { (people[0], 2, 7), (people[1], 4, 4), (people[2], 6, 5), (people[3], 1, 3), (people[4], 5, 9), (people[4], 5, 6) };
        var summary = ProgrammeAggregates.SelfAssessments(five);
        Assert.False(summary.Suppressed);
        // Changes 5, 0, -1, 2, 4, 1: mean 11/6; four of six improved.
        Assert.Equal((5, 6, 1.83, 66.7), (summary.Owners, summary.Goals, summary.MeanChange, summary.ImprovedPercent));
    }
}

