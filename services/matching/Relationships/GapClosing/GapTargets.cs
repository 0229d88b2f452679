using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Engine.Competency;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Relationships.GapClosing;

/// <summary>The targets a pairing starts with, for programmes that end when the gap closes (else none).</summary>
public static class GapTargets
{
    public static IReadOnlyDictionary<string, int>? Of(ProgrammeRules rules, Participant? mentee) =>
        rules.EndCondition == EndCondition.GapClosed && mentee is not null ? GapClosure.TargetsOf(mentee, rules.FocusCompetencies) : null;

    /// <summary>For a group: every mentee's targets together (the group ends when all have closed theirs).</summary>
    public static IReadOnlyDictionary<string, int>? Of(ProgrammeRules rules, IEnumerable<Participant?> mentees) =>
        rules.EndCondition != EndCondition.GapClosed ? null
            : mentees.OfType<Participant>().SelectMany(m => GapClosure.TargetsOf(m, rules.FocusCompetencies))
                .GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.Max(t => t.Value));
}
