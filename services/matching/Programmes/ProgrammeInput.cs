using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Programme = Mentoring.Contracts.Matching.V1.Programme;

namespace Mentoring.Matching.Programmes;

/// <summary>
/// What CreateProgramme and UpdateProgramme check alike: the contract's enums and ranges, then the
/// rules resolved against the model's defaults and judged by the engine's validator.
/// </summary>
public static class ProgrammeInput
{
    /// <summary>The checks of the values as sent: enums the contract knows, weights from 0 to 100.</summary>
    public static void CheckValues(Violations v, Programme p)
    {
        if (!Enum.IsDefined(p.MatchingMode)) v.Add("programme.matching_mode", "must be a matching mode");
        if (p.Rules is { } r)
        {
            if (!Enum.IsDefined(r.EndCondition)) v.Add("programme.rules.end_condition", "must be an end condition");
            if (!Enum.IsDefined(r.SeniorityDirection)) v.Add("programme.rules.seniority_direction", "must be a seniority direction");
            if (r.FormatsAllowed.Any(f => f == Mentoring.Contracts.Profile.V1.MeetingFormat.Unspecified || !Enum.IsDefined(f)))
                v.Add("programme.rules.formats_allowed", "must list meeting formats");
        }
        if (p.Weights is { } w && new[] { w.CompetencyGap, w.AreaOfWork, w.Seniority, w.Availability, w.Interests, w.Language, w.LocationFormat }.Any(x => x is < 0 or > 100))
            v.Add("programme.weights", "must each be between 0 and 100");
    }

    /// <summary>
    /// Every rule and weight in force for <paramref name="model"/> given what is set, and the matching mode
    /// (unspecified: administrator runs, plus mentee requests when the rules allow them); the engine's
    /// objections are added to <paramref name="v"/> under the contract's field names.
    /// </summary>
    public static (ProgrammeRules Rules, ScoringWeights Weights, MatchingMode Mode) Resolve(
        Violations v, MentoringModel model, ProgrammeRules? rules, ScoringWeights? weights, MatchingMode mode)
    {
        var resolved = ProgrammeSettings.Resolve(model, rules, weights);
        foreach (var violation in Engine.Programmes.ProgrammeRulesValidator.Validate(resolved))
            v.Add(ContractField(violation.Field), violation.Description);
        var (inForce, weightsInForce) = ProgrammeSettings.ToProto(resolved);
        var modeInForce = mode == MatchingMode.Unspecified
            ? resolved.MaxRequestsPerMentee is null ? MatchingMode.AdministratorRun : MatchingMode.Both
            : mode;
        return (inForce, weightsInForce, modeInForce);
    }

    /// <summary>The engine names rule fields as the contract does (snake_case), relative to the rules.</summary>
    private static string ContractField(string engineField) =>
        engineField.StartsWith("weights", StringComparison.Ordinal) ? $"programme.{engineField}" : $"programme.rules.{engineField}";
}
