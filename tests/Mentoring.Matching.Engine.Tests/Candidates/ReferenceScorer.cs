using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Tests.Candidates;

/// <summary>The scoring rules written the plain way, straight from two participants: the oracle for the engine's fast path.</summary>
internal static class ReferenceScorer
{
    private static readonly StringComparer Text = StringComparer.OrdinalIgnoreCase;

    public static int Score(Participant mentee, Participant mentor, ProgrammeRules rules)
    {
        var shares = new FactorShares(rules.Weights);
        bool InFocus(string id) => rules.FocusCompetencies is null || rules.FocusCompetencies.Contains(id);

        var gaps = mentee.Competencies.Where(c => c.Value.Gap > 0 && InFocus(c.Key)).ToList();
        var totalGap = gaps.Sum(g => g.Value.Gap);
        var covered = gaps.Sum(g =>
        {
            var level = mentor.Competencies.TryGetValue(g.Key, out var l) ? l.Current : 0;
            return Math.Min(g.Value.Gap, Math.Max(0, level - g.Value.Current));
        });

        var sameArea = !string.IsNullOrEmpty(mentee.AreaOfWork) && Text.Equals(mentee.AreaOfWork, mentor.AreaOfWork) ? 1 : 0;
        var distance = Math.Min(4, rules.PreferredSeniorityGap.DistanceTo(mentor.Seniority - mentee.Seniority));
        var target = rules.TargetSharedHoursPerWeek;
        var hours = Math.Min(target, mentee.FreeHours.Hours().Count(mentor.FreeHours.Contains));
        var interestTarget = Math.Min(3, mentee.Interests.Count);
        var interests = Math.Min(interestTarget, mentee.Interests.Count(i => mentor.Interests.Contains(i, Text)));
        var language = mentee.Languages.Count > 0 && mentor.Languages.Contains(mentee.Languages[0], Text) ? 2
            : mentee.Languages.Any(l => mentor.Languages.Contains(l, Text)) ? 1 : 0;
        var common = mentee.Formats & mentor.Formats & rules.FormatsAllowed;
        var sameSite = !string.IsNullOrEmpty(mentee.Location) && Text.Equals(mentee.Location, mentor.Location);
        var meeting = (common & MeetingFormats.InPerson) != 0 && sameSite ? 2 : (common & MeetingFormats.Remote) != 0 ? 1 : 0;

        return FactorShares.Points(shares[ScoreFactor.CompetencyGap], covered, totalGap)
             + FactorShares.Points(shares[ScoreFactor.AreaOfWork], sameArea, 1)
             + FactorShares.Points(shares[ScoreFactor.SeniorityFit], 4 - distance, 4)
             + FactorShares.Points(shares[ScoreFactor.Availability], hours, target)
             + FactorShares.Points(shares[ScoreFactor.SharedInterests], interests, interestTarget)
             + FactorShares.Points(shares[ScoreFactor.Language], language, 2)
             + FactorShares.Points(shares[ScoreFactor.LocationFormat], meeting, 2);
    }
}
