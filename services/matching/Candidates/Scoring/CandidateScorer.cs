namespace Mentoring.Matching.Candidates.Scoring;

/// <summary>What the scorer needs to know of a person. Skills: lower-cased name → level (1 to 5).</summary>
public sealed record ScoringProfile(Guid PersonId, string DisplayName, int Seniority, IReadOnlyDictionary<string, int> Skills);

/// <summary>One factor's points and a sentence an administrator can read.</summary>
public sealed record FactorContribution(string Factor, double Points, string Explanation);

public sealed record ScoredCandidate(ScoringProfile Mentor, double Score, IReadOnlyList<FactorContribution> Factors);

/// <summary>
/// The documented candidate score (see <c>ListCandidates</c> in matching.proto), pure:
/// 70 × skill coverage + 30 × seniority fit, ties by display name then id.
/// </summary>
public static class CandidateScorer
{
    public const double SkillWeight = 70;
    public const double SeniorityWeight = 30;
    public const string SkillCoverage = "skill_coverage";
    public const string SeniorityFit = "seniority_fit";

    /// <summary>Mentors strictly more senior than the mentee, best first.</summary>
    public static IReadOnlyList<ScoredCandidate> Rank(ScoringProfile mentee, IEnumerable<ScoringProfile> mentors) =>
        mentors
            .Where(m => m.PersonId != mentee.PersonId && m.Seniority > mentee.Seniority)
            .Select(m => Score(mentee, m))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Mentor.DisplayName, StringComparer.Ordinal)
            .ThenBy(c => c.Mentor.PersonId)
            .ToList();

    public static ScoredCandidate Score(ScoringProfile mentee, ScoringProfile mentor)
    {
        var (coverage, coverageWhy) = Coverage(mentee, mentor);
        var gap = mentor.Seniority - mentee.Seniority;
        var fit = gap switch { 1 or 2 => 1.0, 3 => 0.5, _ => 0.25 };
        var factors = new[]
        {
            new FactorContribution(SkillCoverage, Math.Round(SkillWeight * coverage, 4), coverageWhy),
            new FactorContribution(SeniorityFit, Math.Round(SeniorityWeight * fit, 4),
                $"{gap} level(s) more senior than the mentee (fit {fit:0.##})."),
        };
        return new ScoredCandidate(mentor, factors.Sum(f => f.Points), factors);
    }

    private static (double Coverage, string Why) Coverage(ScoringProfile mentee, ScoringProfile mentor)
    {
        if (mentee.Skills.Count == 0)
            return mentor.Skills.Count > 0
                ? (1, "The mentee lists no skills; the mentor lists some to pass on.")
                : (0, "Neither lists skills.");

        var covered = new List<string>();
        var total = 0.0;
        foreach (var (skill, menteeLevel) in mentee.Skills.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!mentor.Skills.TryGetValue(skill, out var mentorLevel) || mentorLevel <= menteeLevel) continue;
            total += Math.Min(1, (mentorLevel - menteeLevel) / 2.0);
            covered.Add($"{skill} ({menteeLevel}→{mentorLevel})");
        }
        var coverage = total / mentee.Skills.Count;
        var why = covered.Count == 0
            ? "The mentor is not stronger in any of the mentee's skills."
            : $"Stronger in {covered.Count} of the mentee's {mentee.Skills.Count} skill(s): {string.Join(", ", covered)}.";
        return (coverage, why);
    }
}
