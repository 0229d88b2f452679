using System.Numerics;
using System.Text;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Candidates;

/// <summary>
/// Turns a pair's <see cref="PairMeasures"/> into factor contributions with sentences. Points come
/// from the same tables as <see cref="MentorTable.Score"/>, so the contributions add up to the
/// score the scan ranked by. Only weighted factors are listed.
/// </summary>
internal static class FactorExplainer
{
    private const int MaxListed = 5;

    public static (int Score, List<FactorContribution> Factors) Explain(MentorTable t, MenteeProbe p, int m)
    {
        var x = t.Measure(p, m);
        var (mentee, mentor, rules) = (p.Mentee, t.Mentors[m], t.Rules);
        var factors = new List<FactorContribution>(ScoreFactors.Count);
        var score = 0;

        var points = p.CompetencyPoints[x.LevelsCovered];
        score += points;
        if (Weighted(t, ScoreFactor.CompetencyGap)) factors.Add(Contribution(t, ScoreFactor.CompetencyGap, points, Competency(t, p, m, x)));
        points = t.AreaPoints[x.SameArea];
        score += points;
        if (Weighted(t, ScoreFactor.AreaOfWork)) factors.Add(Contribution(t, ScoreFactor.AreaOfWork, points, Area(mentee, mentor, x)));
        points = t.SeniorityPoints[x.SeniorityDistance];
        score += points;
        if (Weighted(t, ScoreFactor.SeniorityFit)) factors.Add(Contribution(t, ScoreFactor.SeniorityFit, points, Seniority(rules, mentee, mentor)));
        points = t.HourPoints[x.SharedHours];
        score += points;
        if (Weighted(t, ScoreFactor.Availability)) factors.Add(Contribution(t, ScoreFactor.Availability, points, Availability(rules, mentee, mentor)));
        points = p.InterestPoints[x.SharedInterests];
        score += points;
        if (Weighted(t, ScoreFactor.SharedInterests)) factors.Add(Contribution(t, ScoreFactor.SharedInterests, points, Interests(t, p, m)));
        points = t.LanguagePoints[x.Language];
        score += points;
        if (Weighted(t, ScoreFactor.Language)) factors.Add(Contribution(t, ScoreFactor.Language, points, Language(mentee, mentor, x)));
        points = t.MeetingPoints[x.Meeting];
        score += points;
        if (Weighted(t, ScoreFactor.LocationFormat)) factors.Add(Contribution(t, ScoreFactor.LocationFormat, points, Meeting(rules, mentee, mentor, x)));
        return (score, factors);
    }

    private static bool Weighted(MentorTable t, ScoreFactor factor) => t.Shares[factor] > 0;

    private static FactorContribution Contribution(MentorTable t, ScoreFactor factor, int points, string sentence) =>
        new(factor, points, t.Shares[factor], sentence);

    private static string Competency(MentorTable t, MenteeProbe p, int m, PairMeasures x)
    {
        if (p.TotalGap == 0)
            return t.Rules.FocusCompetencies is null
                ? "The mentee has no competency gap to close."
                : "The mentee has no gap in the competencies this programme develops.";
        var text = new StringBuilder();
        text.Append(x.LevelsCovered == 0
            ? $"The mentor is above the mentee in none of the mentee's gaps ({p.TotalGap} level{Plural(p.TotalGap)} to gain): "
            : $"Covers {x.LevelsCovered} of the {p.TotalGap} level{Plural(p.TotalGap)} the mentee wants to gain: ");
        for (var g = 0; g < Math.Min(p.GapCount, MaxListed); g++)
        {
            var (current, target) = (p.GapCurrent[g], p.GapTarget[g]);
            var level = p.GapColumn[g] < 0 ? 0 : t.Levels[m * t.CompetencyColumns + p.GapColumn[g]];
            var verdict = level >= target ? "fully" : level > current ? "partly" : "not";
            if (g > 0) text.Append("; ");
            text.Append($"{p.GapName[g]} {current}→{target} (mentor {(level == 0 ? "unassessed" : level.ToString())}, {verdict})");
        }
        if (p.GapCount > MaxListed) text.Append($"; and {p.GapCount - MaxListed} more");
        return text.Append('.').ToString();
    }

    private static string Area(Participant mentee, Participant mentor, PairMeasures x) =>
        x.SameArea == 1 ? $"Same area of work ({mentor.AreaOfWork})."
        : string.IsNullOrEmpty(mentee.AreaOfWork) || string.IsNullOrEmpty(mentor.AreaOfWork) ? "One of the two areas of work is unknown."
        : $"Different areas of work: {mentee.AreaOfWork} (mentee) and {mentor.AreaOfWork} (mentor).";

    private static string Seniority(ProgrammeRules rules, Participant mentee, Participant mentor)
    {
        var gap = mentor.Seniority - mentee.Seniority;
        var preferred = rules.PreferredSeniorityGap;
        var verdict = preferred.Contains(gap) ? "as the programme prefers" : $"the programme prefers {Range(preferred)}";
        return $"The mentor (level {mentor.Seniority}) is {Gap(gap)} the mentee (level {mentee.Seniority}); {verdict}.";
    }

    private static string Gap(int gap) => gap switch
    {
        0 => "at the same level as",
        > 0 => $"{gap} level{Plural(gap)} more senior than",
        _ => $"{-gap} level{Plural(-gap)} more junior than",
    };

    private static string Range(SeniorityGapRange r)
    {
        if (r.Min == r.Max) return r.Min == 0 ? "the same level" : Short(r.Min);
        if (r.Min > 0) return $"{r.Min} to {r.Max} levels more senior";
        if (r.Max < 0) return $"{-r.Max} to {-r.Min} levels more junior";
        return $"from {Short(r.Min)} to {Short(r.Max)}";
    }

    private static string Short(int gap) => gap switch
    {
        0 => "the same level",
        > 0 => $"{gap} level{Plural(gap)} more senior",
        _ => $"{-gap} level{Plural(-gap)} more junior",
    };

    private static string Availability(ProgrammeRules rules, Participant mentee, Participant mentor)
    {
        var shared = mentee.FreeHours.Intersect(mentor.FreeHours).Count;
        var target = rules.TargetSharedHoursPerWeek;
        return shared == 0
            ? $"No weekly free hours in common ({target} wanted)."
            : $"{shared} weekly free hour{Plural(shared)} in common ({target} wanted).";
    }

    private static string Interests(MentorTable t, MenteeProbe p, int m)
    {
        if (p.Mentee.Interests.Count == 0) return "The mentee lists no interests.";
        var names = new List<string>();
        var row = m * t.InterestWords;
        for (var i = 0; i < p.InterestWordCount; i++)
        {
            var bits = t.InterestBits[row + p.InterestWord[i]] & p.InterestMask[i];
            while (bits != 0)
            {
                names.Add(t.InterestNames[p.InterestWord[i] * 64 + BitOperations.TrailingZeroCount(bits)]);
                bits &= bits - 1;
            }
        }
        if (names.Count == 0) return "No interests in common.";
        names.Sort(StringComparer.OrdinalIgnoreCase);
        var listed = string.Join(", ", names.Take(MaxListed)) + (names.Count > MaxListed ? $" and {names.Count - MaxListed} more" : "");
        return $"{names.Count} interest{Plural(names.Count)} in common: {listed}.";
    }

    private static string Language(Participant mentee, Participant mentor, PairMeasures x)
    {
        if (x.Language == 2) return $"Both speak {mentee.Languages[0]}, the mentee's first language.";
        foreach (var language in mentee.Languages)
            foreach (var other in mentor.Languages)
                if (string.Equals(language, other, StringComparison.OrdinalIgnoreCase))
                    return $"They share {language}, not the mentee's first language ({mentee.Languages[0]}).";
        return "No language in common.";
    }

    private static string Meeting(ProgrammeRules rules, Participant mentee, Participant mentor, PairMeasures x)
    {
        var common = mentee.Formats & mentor.Formats & rules.FormatsAllowed;
        return x.Meeting switch
        {
            2 => $"Both work in {mentor.Location} and can meet in person.",
            1 => $"Can meet remotely ({MeetingFormatNames.Describe(common & MeetingFormats.Remote)})"
                 + (PairConstraints.SameText(mentee.Location, mentor.Location) ? $"; both work in {mentor.Location}." : "."),
            _ when common == MeetingFormats.None => "No meeting format in common.",
            _ => $"Can meet only in person, but not in the same place ({Place(mentee.Location)} and {Place(mentor.Location)}).",
        };
    }

    private static string Place(string? location) => string.IsNullOrEmpty(location) ? "unknown" : location;
    private static string Plural(int n) => n == 1 ? "" : "s";
}
