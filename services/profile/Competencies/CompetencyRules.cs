using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Competencies;

/// <summary>The rules of the competency framework (pure; no I/O): scales, levels, gaps and who may mentor.</summary>
public static class CompetencyRules
{
    public const int MinLevels = 2;
    public const int MaxLevels = 10;
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxLabelLength = 100;
    public const int MaxDescriptorLength = 1000;

    /// <summary>The fields of a Competency a caller can write (update mask paths).</summary>
    public static readonly IReadOnlyList<string> Writable = ["display_name", "area", "description", "levels"];

    /// <summary>Adds a violation per bad field among <paramref name="fields"/>, each prefixed with <paramref name="prefix"/>.</summary>
    public static Violations Validate(Violations v, Competency c, IEnumerable<string> fields, string prefix)
    {
        foreach (var field in fields)
        {
            switch (field)
            {
                case "display_name": v.RequireText(prefix + "display_name", c.DisplayName, MaxNameLength); break;
                case "area": v.RequireText(prefix + "area", c.Area, MaxNameLength); break;
                case "description": v.MaxLength(prefix + "description", c.Description, MaxDescriptionLength); break;
                case "levels": ValidateScale(v, c.Levels, prefix + "levels"); break;
            }
        }
        return v;
    }

    /// <summary>A scale has 2 to 10 levels, each with a label (unique, case-insensitive) and a descriptor.</summary>
    public static Violations ValidateScale(Violations v, IReadOnlyList<CompetencyLevel> levels, string field)
    {
        if (levels.Count is < MinLevels or > MaxLevels)
            return v.Add(field, $"must hold {MinLevels} to {MaxLevels} levels");
        var labels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < levels.Count; i++)
        {
            v.RequireText($"{field}[{i}].label", levels[i].Label, MaxLabelLength);
            v.RequireText($"{field}[{i}].description", levels[i].Description, MaxDescriptorLength);
            if (!string.IsNullOrWhiteSpace(levels[i].Label) && !labels.Add(levels[i].Label.Trim()))
                v.Add($"{field}[{i}].label", "repeats the label of another level");
        }
        return v;
    }

    /// <summary>
    /// An assessment's levels against a scale of <paramref name="levelCount"/> levels: current from 1 to the count,
    /// target 0 (none) or from current to the count.
    /// </summary>
    public static Violations ValidateLevels(Violations v, int levelCount, int current, int target)
    {
        if (current < 1 || current > levelCount) v.Add("current_level", $"must be a level of the scale, 1 to {levelCount}");
        if (target != 0 && (target < 1 || target > levelCount)) v.Add("target_level", $"must be 0 (no target) or a level of the scale, 1 to {levelCount}");
        else if (target != 0 && target < current) v.Add("target_level", "must not be below current_level");
        return v;
    }

    /// <summary>The gap to close: target minus current, 0 without a target (or with a target already reached).</summary>
    public static int Gap(int current, int target) => target == 0 ? 0 : Math.Max(0, target - current);

    /// <summary>The lowest level from which a person may pass a competency on: the middle of the scale 1..n, rounded up.</summary>
    public static int MentorThreshold(int levelCount) => (levelCount + 2) / 2;

    /// <summary>Whether a person at <paramref name="currentLevel"/> may offer the competency as a mentor.</summary>
    public static bool CanMentor(int levelCount, int currentLevel) => currentLevel >= MentorThreshold(levelCount);
}
