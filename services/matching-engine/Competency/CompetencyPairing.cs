using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Competency;

/// <summary>Why a competency relationship should end now, if it should.</summary>
public enum CompetencyRelationshipEnd
{
    /// <summary>It goes on.</summary>
    Continue,
    /// <summary>Every target competency is assessed at or above its target.</summary>
    GapClosed,
    /// <summary>The programme's time box elapsed before the gap closed.</summary>
    TimeBoxElapsed,
}

/// <summary>
/// Competency pairing (docs/domain.md §2): someone strong in a skill with someone weak in it, scored
/// mostly on gap coverage (<see cref="ModelDefaults"/> for <see cref="MentoringModel.Competency"/>),
/// time-boxed, and closed as soon as the gap is assessed closed.
/// </summary>
public static class CompetencyPairing
{
    /// <summary>The competency model's rules, developing only <paramref name="focus"/> when given.</summary>
    public static ProgrammeRules Rules(IReadOnlySet<string>? focus = null) =>
        ModelDefaults.For(MentoringModel.Competency) with { FocusCompetencies = focus };

    /// <summary>
    /// Whether a relationship started at <paramref name="start"/> should end at
    /// <paramref name="now"/>: the gap closing wins over the time box (a relationship that
    /// reached its goals on its last day ended for that reason).
    /// </summary>
    public static (CompetencyRelationshipEnd End, GapClosureDecision Gap) Evaluate(ProgrammeRules rules, DateTimeOffset start, DateTimeOffset now,
        IReadOnlyDictionary<string, int> targets, IReadOnlyDictionary<string, CompetencyLevel> latestAssessments)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var gap = GapClosure.ShouldClose(targets, latestAssessments);
        if (gap.ShouldClose) return (CompetencyRelationshipEnd.GapClosed, gap);
        if (rules.LatestEnd(start) is { } end && now >= end) return (CompetencyRelationshipEnd.TimeBoxElapsed, gap);
        return (CompetencyRelationshipEnd.Continue, gap);
    }
}
