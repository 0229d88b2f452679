using Mentoring.Contracts.Feedback.V1;

namespace Mentoring.Feedback.Metrics;

/// <summary>
/// Programme aggregates with k-anonymity (pure): a figure is given only when at least
/// <see cref="MinimumGroup"/> distinct people stand behind it; otherwise it is marked suppressed and
/// carries nothing but that flag, so no answer can be traced to a person.
/// </summary>
public static class ProgrammeAggregates
{
    public const int MinimumGroup = 5;

    public static RatingSummary Ratings(IReadOnlyList<(Guid Person, int Rating)> answers)
    {
        var respondents = answers.Select(a => a.Person).Distinct().Count();
        if (respondents < MinimumGroup) return new RatingSummary { Suppressed = true };
        var summary = new RatingSummary
        {
            Respondents = respondents, Answers = answers.Count,
            Mean = Math.Round(answers.Average(a => a.Rating), 2),
        };
        summary.Distribution.AddRange(Enumerable.Range(1, 5).Select(r => answers.Count(a => a.Rating == r)));
        return summary;
    }

    public static FitSummary Fit(IReadOnlyList<(Guid Person, bool Working)> answers)
    {
        var respondents = answers.Select(a => a.Person).Distinct().Count();
        return respondents < MinimumGroup ? new FitSummary { Suppressed = true }
            : new FitSummary { Respondents = respondents, Working = answers.Count(a => a.Working), NotWorking = answers.Count(a => !a.Working) };
    }

    public static NpsSummary Nps(IReadOnlyList<(Guid Person, int Score)> answers)
    {
        var respondents = answers.Select(a => a.Person).Distinct().Count();
        if (respondents < MinimumGroup) return new NpsSummary { Suppressed = true };
        var promoters = answers.Count(a => a.Score >= 9);
        var detractors = answers.Count(a => a.Score <= 6);
        return new NpsSummary
        {
            Respondents = respondents, Promoters = promoters, Passives = answers.Count - promoters - detractors, Detractors = detractors,
            Score = Math.Round(100.0 * (promoters - detractors) / answers.Count, 1),
        };
    }

    public static GoalSummary Goals(IReadOnlyList<(Guid Owner, bool Achieved, int Progress)> goals)
    {
        var owners = goals.Select(g => g.Owner).Distinct().Count();
        return owners < MinimumGroup ? new GoalSummary { Suppressed = true }
            : new GoalSummary
            {
                Owners = owners, Goals = goals.Count, Achieved = goals.Count(g => g.Achieved),
                MeanProgressPercent = Math.Round(goals.Average(g => g.Progress), 1),
            };
    }

    /// <summary>Goals rated by their owner before and after: how much they say they moved (each goal with both ratings once).</summary>
    public static SelfAssessmentSummary SelfAssessments(IReadOnlyList<(Guid Owner, int Pre, int Post)> goals)
    {
        var owners = goals.Select(g => g.Owner).Distinct().Count();
        return owners < MinimumGroup ? new SelfAssessmentSummary { Suppressed = true }
            : new SelfAssessmentSummary
            {
                Owners = owners, Goals = goals.Count,
                MeanChange = Math.Round(goals.Average(g => g.Post - g.Pre), 2),
                ImprovedPercent = Math.Round(100.0 * goals.Count(g => g.Post > g.Pre) / goals.Count, 1),
            };
    }

    /// <summary>A count of relationships, shown only when they involve at least <see cref="MinimumGroup"/> people (else 0 and suppressed by the caller).</summary>
    public static bool Showable(int people) => people >= MinimumGroup;
}
