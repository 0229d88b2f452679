using Mentoring.Matching.Engine.Candidates;

namespace Mentoring.Matching.Engine.Competency;

/// <summary>Where one target competency of a relationship stands.</summary>
/// <param name="CompetencyId">The competency.</param>
/// <param name="TargetLevel">The level the relationship aims for.</param>
/// <param name="CurrentLevel">The latest assessed level; null when never assessed.</param>
public sealed record CompetencyProgress(string CompetencyId, int TargetLevel, int? CurrentLevel)
{
    /// <summary>Whether the latest assessment reaches the target.</summary>
    public bool IsClosed => CurrentLevel is { } current && GapClosure.IsClosed(current, TargetLevel);
}

/// <summary>Whether a competency relationship's gap is closed, competency by competency.</summary>
/// <param name="ShouldClose">True when every target competency is assessed at or above its target.</param>
/// <param name="Progress">Each target competency, ordered by id.</param>
public sealed record GapClosureDecision(bool ShouldClose, IReadOnlyList<CompetencyProgress> Progress)
{
    /// <summary>A sentence for the participants and the programme manager.</summary>
    public string Explanation
    {
        get
        {
            if (Progress.Count == 0) return "The relationship names no target competency, so no gap can close it.";
            if (ShouldClose) return $"Every target competency is assessed at or above its target ({Progress.Count} of {Progress.Count}).";
            var open = Progress.Where(p => !p.IsClosed)
                .Select(p => p.CurrentLevel is { } c ? $"{p.CompetencyId} {c}→{p.TargetLevel}" : $"{p.CompetencyId} (not assessed, target {p.TargetLevel})");
            return $"{Progress.Count(p => p.IsClosed)} of {Progress.Count} target competencies reached; still open: {string.Join(", ", open)}.";
        }
    }
}

/// <summary>
/// The competency model's end rule (docs/domain.md §2: "ends when the gap closes"): the service closes the
/// relationship when the latest assessments reach every target it was set up for.
/// </summary>
public static class GapClosure
{
    /// <summary>A gap is closed when the current level reaches the target.</summary>
    public static bool IsClosed(int currentLevel, int targetLevel) => currentLevel >= targetLevel;

    /// <summary>
    /// Whether the relationship should close: every competency of <paramref name="targets"/>
    /// (competency id → the target level fixed when the relationship began) is assessed, in
    /// <paramref name="latestAssessments"/>, at or above its target. A relationship without
    /// targets never closes this way. Later changes of the mentee's own target do not move the
    /// relationship's goal.
    /// </summary>
    public static GapClosureDecision ShouldClose(IReadOnlyDictionary<string, int> targets, IReadOnlyDictionary<string, CompetencyLevel> latestAssessments)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(latestAssessments);
        var progress = targets
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new CompetencyProgress(t.Key, t.Value, latestAssessments.TryGetValue(t.Key, out var level) ? level.Current : null))
            .ToList();
        return new GapClosureDecision(progress.Count > 0 && progress.All(p => p.IsClosed), progress);
    }

    /// <summary>The targets of a new competency relationship: the mentee's gaps (optionally only
    /// those in <paramref name="focus"/>), each aiming at the mentee's target level.</summary>
    public static IReadOnlyDictionary<string, int> TargetsOf(Participant mentee, IReadOnlySet<string>? focus = null)
    {
        ArgumentNullException.ThrowIfNull(mentee);
        var targets = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (id, level) in mentee.Competencies)
            if (level.Gap > 0 && (focus is null || focus.Contains(id))) targets[id] = level.Target!.Value;
        return targets;
    }
}
