using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using NodaTime.Text;

namespace Mentoring.Feedback.Goals;

/// <summary>What a goal may hold, and milestone-based progress (pure).</summary>
public static class GoalRules
{
    public static readonly IReadOnlyList<string> Fields = ["title", "measure", "due_date", "competency", "target_level", "owner", "kind", "milestones", "tasks"];

    public static void Check(Violations v, string p, Goal g, IReadOnlyCollection<string> fields)
    {
        if (fields.Contains("title")) v.RequireText(p + "title", g.Title, 200);
        if (fields.Contains("measure")) v.MaxLength(p + "measure", g.Measure, 1000);
        if (fields.Contains("due_date") && g.DueDate.Length > 0 && !LocalDatePattern.Iso.Parse(g.DueDate).Success) v.Add(p + "due_date", "must be a date \"YYYY-MM-DD\"");
        if (fields.Contains("competency") && g.Competency.Length > 0 && !ResourceName.TryParse("competencies", g.Competency, out _))
            v.Add(p + "competency", "must be competencies/{competency_id}");
        if (fields.Contains("target_level") && g.TargetLevel is < 0 or > 10) v.Add(p + "target_level", "must be between 0 and 10");
        if (fields.Contains("owner") && g.Owner.Length > 0 && !ResourceName.TryParse("people", g.Owner, out _)) v.Add(p + "owner", "must be people/{person_id}");
        if (fields.Contains("kind") && !Enum.IsDefined(g.Kind)) v.Add(p + "kind", "is not a goal kind");
        if (fields.Contains("milestones"))
        {
            if (g.Milestones.Count > 30) v.Add(p + "milestones", "must have at most 30 entries");
            for (var i = 0; i < g.Milestones.Count; i++)
            {
                var m = g.Milestones[i];
                v.RequireText($"{p}milestones[{i}].title", m.Title, 200);
                if (m.Owner.Length > 0 && !ResourceName.TryParse("people", m.Owner, out _)) v.Add($"{p}milestones[{i}].owner", "must be people/{person_id}");
                if (m.DueDate.Length > 0 && !LocalDatePattern.Iso.Parse(m.DueDate).Success) v.Add($"{p}milestones[{i}].due_date", "must be a date \"YYYY-MM-DD\"");
            }
        }
        if (fields.Contains("tasks"))
        {
            if (g.Tasks.Count > 50) v.Add(p + "tasks", "must have at most 50 entries");
            for (var i = 0; i < g.Tasks.Count; i++) v.RequireText($"{p}tasks[{i}].text", g.Tasks[i].Text, 500);
        }
    }

    /// <summary>The people a goal names (owner, milestone owners): each must take part in the relationship.</summary>
    public static IEnumerable<string> People(Goal g) =>
        new[] { g.Owner }.Concat(g.Milestones.Select(m => m.Owner)).Where(o => o.Length > 0).Distinct();

    /// <summary>Progress when the mentor gives no percentage: the share of milestones done (0 without milestones).</summary>
    public static int MilestoneProgress(Goal g) =>
        g.Milestones.Count == 0 ? 0 : (int)Math.Round(100.0 * g.Milestones.Count(m => m.Done) / g.Milestones.Count);
}
