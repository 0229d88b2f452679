using System.Text.RegularExpressions;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using Step = Mentoring.Contracts.Profile.V1.CredentialingStep;
using Outcome = Mentoring.Contracts.Profile.V1.StepOutcome;

namespace Mentoring.Feedback.Observations;

/// <summary>
/// The rubrics an accomplished mentor fills when observing a candidate (docs/feedback.md,
/// "Credentialing observations"), pure: the default per observed step, the shape an organisation's
/// own must have, and how ratings give an outcome — every crucial factor met, and at least
/// <c>pass_percent</c> of the others.
/// </summary>
public static partial class ObservationRubrics
{
    public const string Collection = "observationRubrics";
    public const int MaxCriteria = 20;

    /// <summary>The observed steps by the last segment of their rubric's name.</summary>
    public static readonly IReadOnlyDictionary<string, Step> Steps = new Dictionary<string, Step>
    {
        ["structuredObservation"] = Step.StructuredObservation,
        ["coMentoring"] = Step.CoMentoring,
        ["independentSession"] = Step.IndependentSession,
    };

    public static bool IsObserved(Step step) => Steps.Values.Contains(step);

    public static string NameOf(Step step) => $"{Collection}/{Steps.Single(s => s.Value == step).Key}";

    public static bool TryParse(string? name, out Step step)
    {
        step = Step.Unspecified;
        return name is not null && name.StartsWith(Collection + "/", StringComparison.Ordinal)
            && Steps.TryGetValue(name[(Collection.Length + 1)..], out step);
    }

    public static ObservationRubric Default(Step step) => step switch
    {
        // The candidate watches an accomplished mentor at work; the observer checks what they noted.
        Step.StructuredObservation => Rubric(50,
            ("noted-rapport", "Noted how the mentor built rapport and trust at the start", true),
            ("noted-purpose", "Noted how the session's purpose was agreed or revisited", true),
            ("noted-questions", "Noted the open questions and the active listening the mentor used", false),
            ("noted-goals", "Noted how the session was tied to the protégé's goals", true),
            ("noted-actions", "Noted how action items, owners and dates were agreed", false),
            ("debrief", "Discussed in the debrief why the mentor made the choices they did", false)),
        Step.CoMentoring => Rubric(60,
            ("planned-together", "Planned the session with the accomplished mentor: purpose, flow, questions", true),
            ("rapport", "Built rapport and kept the protégé at ease", false),
            ("listening", "Listened actively and asked open questions", true),
            ("goals", "Linked the conversation to the protégé's goals", false),
            ("actions", "Agreed action items with owners and dates", false),
            ("confidentiality", "Kept the agreement's confidentiality terms", true),
            ("reflection", "Reflected afterwards on what went well and what to change", false)),
        Step.IndependentSession => Rubric(60,
            ("purpose", "Agreed or revisited the session's purpose with the protégé", true),
            ("rapport", "Built rapport and trust", false),
            ("listening", "Listened actively; asked more than told", true),
            ("problem-solving", "Helped the protégé solve their own problem instead of solving it for them", false),
            ("goals", "Linked the session to the protégé's goals and progress", true),
            ("actions", "Agreed action items with owners and dates", true),
            ("confidentiality", "Kept the agreement's confidentiality terms", true),
            ("closing", "Closed by checking how the relationship works and when they meet next", false)),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "not an observed step"),
    };

    /// <summary>Field violations of an organisation's rubric (criteria and pass rule), under <paramref name="prefix"/>.</summary>
    public static void Check(Violations v, string prefix, ObservationRubric rubric)
    {
        if (rubric.Criteria.Count is < 1 or > MaxCriteria) v.Add($"{prefix}criteria", $"must have 1 to {MaxCriteria} criteria");
        var seen = new HashSet<string>();
        for (var i = 0; i < rubric.Criteria.Count; i++)
        {
            var c = rubric.Criteria[i];
            if (!CriterionId().IsMatch(c.Id)) v.Add($"{prefix}criteria[{i}].id", "must be 1 to 40 lower-case letters, digits and hyphens");
            else if (!seen.Add(c.Id)) v.Add($"{prefix}criteria[{i}].id", $"'{c.Id}' is used twice");
            v.RequireText($"{prefix}criteria[{i}].description", c.Description, 500);
        }
        if (rubric.PassPercent is < 0 or > 100) v.Add($"{prefix}pass_percent", "must be between 0 and 100");
    }

    /// <summary>Field violations of ratings against the rubric: each criterion rated exactly once, none unknown.</summary>
    public static void CheckRatings(Violations v, string prefix, ObservationRubric rubric, IReadOnlyList<CriterionRating> ratings)
    {
        var known = rubric.Criteria.Select(c => c.Id).ToHashSet();
        var rated = new HashSet<string>();
        for (var i = 0; i < ratings.Count; i++)
        {
            if (!known.Contains(ratings[i].Criterion)) v.Add($"{prefix}ratings[{i}].criterion", "is not a criterion of the rubric");
            else if (!rated.Add(ratings[i].Criterion)) v.Add($"{prefix}ratings[{i}].criterion", $"'{ratings[i].Criterion}' is rated twice");
        }
        var missing = rubric.Criteria.Where(c => !rated.Contains(c.Id)).Select(c => c.Id).ToList();
        if (missing.Count > 0) v.Add($"{prefix}ratings", $"must rate every criterion of the rubric; missing: {string.Join(", ", missing)}");
    }

    /// <summary>PASSED when every crucial criterion is met and at least pass_percent of the others (ratings already checked).</summary>
    public static Outcome Score(ObservationRubric rubric, IReadOnlyList<CriterionRating> ratings)
    {
        var met = ratings.Where(r => r.Met).Select(r => r.Criterion).ToHashSet();
        if (rubric.Criteria.Any(c => c.Crucial && !met.Contains(c.Id))) return Outcome.Failed;
        var others = rubric.Criteria.Where(c => !c.Crucial).ToList();
        var othersMet = others.Count(c => met.Contains(c.Id));
        return othersMet * 100 >= rubric.PassPercent * others.Count ? Outcome.Passed : Outcome.Failed;
    }

    /// <summary>What profile keeps as the evidence's notes: counts and the criteria not met, in the rubric's words; never the observer's notes.</summary>
    public static string Summary(ObservationRubric rubric, IReadOnlyList<CriterionRating> ratings, int maxLength = 4000)
    {
        var met = ratings.Where(r => r.Met).Select(r => r.Criterion).ToHashSet();
        var crucial = rubric.Criteria.Where(c => c.Crucial).ToList();
        var text = $"{met.Count} of {rubric.Criteria.Count} criteria met; {crucial.Count(c => met.Contains(c.Id))} of {crucial.Count} crucial.";
        var notMet = rubric.Criteria.Where(c => !met.Contains(c.Id)).Select(c => (c.Crucial ? "[crucial] " : "") + c.Description).ToList();
        if (notMet.Count > 0) text += " Not met: " + string.Join("; ", notMet) + ".";
        return text.Length <= maxLength ? text : text[..(maxLength - 1)] + "…";
    }

    private static ObservationRubric Rubric(int passPercent, params (string Id, string Description, bool Crucial)[] criteria)
    {
        var rubric = new ObservationRubric { PassPercent = passPercent };
        rubric.Criteria.AddRange(criteria.Select(c => new RubricCriterion { Id = c.Id, Description = c.Description, Crucial = c.Crucial }));
        return rubric;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex CriterionId();
}
