using System.Numerics;
using System.Runtime.CompilerServices;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Candidates;

/// <summary>
/// The mentors of a programme prepared for fast scans: one array per attribute (texts as small
/// integer ids, languages and interests as bit words, competency levels as a dense matrix),
/// sorted by display name then id so that a mentor's index is its tie-break rank. Read-only
/// once built, so many threads can scan it at once.
/// </summary>
internal sealed class MentorTable
{
    private const int NoId = -1;

    private readonly Dictionary<string, int> _areas = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _locations = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _languages = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _interests = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _competencies = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, int> _indexById = [];
    private readonly Dictionary<Guid, int> _managerKeys = [];
    private readonly Dictionary<Guid, List<int>> _mentorsUnder = [];
    private readonly IReadOnlyDictionary<string, string>? _competencyNames;

    public readonly ProgrammeRules Rules;
    public readonly PairHistory History;
    public readonly FactorShares Shares;
    public readonly Participant[] Mentors;
    public readonly List<string> LanguageNames = [];
    public readonly List<string> InterestNames = [];
    public readonly int LanguageWords, InterestWords, CompetencyColumns;

    public readonly int[] Area, Seniority, Offset, Location, Manager;
    public readonly byte[] Formats, Block;
    public readonly ulong[] LanguageBits, InterestBits, Hours;
    public readonly byte[] Levels;

    public readonly int AllowedGapMin, AllowedGapMax, MaxGapMinutes;
    public readonly bool ExcludeSharedManager, SameAreaRequired;
    public readonly byte FormatsAllowed;

    /// <summary>Points by distance (0 to 4 levels) from the preferred seniority gap.</summary>
    public readonly int[] SeniorityPoints = new int[5];
    /// <summary>Points by shared hours (0 to the target).</summary>
    public readonly int[] HourPoints;
    public readonly int[] AreaPoints = new int[2], LanguagePoints = new int[3], MeetingPoints = new int[3];

    public MentorTable(IReadOnlyList<Participant> mentors, ProgrammeRules rules, PairHistory? history, IReadOnlyDictionary<string, string>? competencyNames)
    {
        ArgumentNullException.ThrowIfNull(mentors);
        ArgumentNullException.ThrowIfNull(rules);
        var violations = ProgrammeRulesValidator.Validate(rules);
        if (violations.Count > 0)
            throw new ArgumentException("Invalid programme rules: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")), nameof(rules));

        Rules = rules;
        History = history ?? PairHistory.Empty;
        Shares = new FactorShares(rules.Weights);
        _competencyNames = competencyNames;

        var order = new int[mentors.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            var byName = string.CompareOrdinal(mentors[a].DisplayName, mentors[b].DisplayName);
            return byName != 0 ? byName : mentors[a].Id.CompareTo(mentors[b].Id);
        });
        Mentors = new Participant[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            Mentors[i] = mentors[order[i]] ?? throw new ArgumentException("A mentor is null.", nameof(mentors));
            if (!_indexById.TryAdd(Mentors[i].Id, i)) throw new ArgumentException($"Mentor {Mentors[i].Id} is listed twice.", nameof(mentors));
        }

        foreach (var mentor in Mentors)
        {
            foreach (var language in mentor.Languages) _languages.TryAdd(language, _languages.Count);
            foreach (var interest in mentor.Interests) _interests.TryAdd(interest, _interests.Count);
            foreach (var (id, _) in mentor.Competencies)
                if (rules.FocusCompetencies is null || rules.FocusCompetencies.Contains(id)) _competencies.TryAdd(id, _competencies.Count);
        }
        foreach (var (name, _) in _languages.OrderBy(p => p.Value)) LanguageNames.Add(name);
        foreach (var (name, _) in _interests.OrderBy(p => p.Value)) InterestNames.Add(name);
        LanguageWords = Math.Max(1, (_languages.Count + 63) / 64);
        InterestWords = Math.Max(1, (_interests.Count + 63) / 64);
        CompetencyColumns = _competencies.Count;

        var n = Mentors.Length;
        (Area, Seniority, Offset, Location, Manager) = (new int[n], new int[n], new int[n], new int[n], new int[n]);
        (Formats, Block) = (new byte[n], new byte[n]);
        (LanguageBits, InterestBits, Hours) = (new ulong[n * LanguageWords], new ulong[n * InterestWords], new ulong[n * 3]);
        Levels = new byte[n * CompetencyColumns];
        for (var m = 0; m < n; m++) Load(m, Mentors[m]);

        (AllowedGapMin, AllowedGapMax) = PairConstraints.AllowedGap(rules);
        MaxGapMinutes = rules.MaxTimeZoneGapHours is { } hours ? hours * 60 : int.MaxValue;
        ExcludeSharedManager = rules.ExcludeSharedLineManager;
        SameAreaRequired = rules.SameAreaRequired;
        FormatsAllowed = (byte)rules.FormatsAllowed;

        for (var d = 0; d < SeniorityPoints.Length; d++) SeniorityPoints[d] = FactorShares.Points(Shares[ScoreFactor.SeniorityFit], 4 - d, 4);
        var target = rules.TargetSharedHoursPerWeek;
        HourPoints = new int[target + 1];
        for (var h = 0; h <= target; h++) HourPoints[h] = FactorShares.Points(Shares[ScoreFactor.Availability], h, target);
        for (var a = 0; a < 2; a++) AreaPoints[a] = FactorShares.Points(Shares[ScoreFactor.AreaOfWork], a, 1);
        for (var l = 0; l < 3; l++) LanguagePoints[l] = FactorShares.Points(Shares[ScoreFactor.Language], l, 2);
        for (var l = 0; l < 3; l++) MeetingPoints[l] = FactorShares.Points(Shares[ScoreFactor.LocationFormat], l, 2);
    }

    public int Count => Mentors.Length;

    public bool TryGetIndex(Guid mentorId, out int index) => _indexById.TryGetValue(mentorId, out index);

    public string CompetencyName(string id) => _competencyNames is not null && _competencyNames.TryGetValue(id, out var name) ? name : id;

    private void Load(int m, Participant mentor)
    {
        Area[m] = TextId(_areas, mentor.AreaOfWork, add: true);
        Location[m] = TextId(_locations, mentor.Location, add: true);
        Seniority[m] = mentor.Seniority;
        Offset[m] = mentor.UtcOffsetMinutes;
        Formats[m] = (byte)mentor.Formats;
        if (mentor.LineManagerId is { } manager)
        {
            if (!_managerKeys.TryGetValue(manager, out var key)) _managerKeys[manager] = key = _managerKeys.Count + 1;
            Manager[m] = key;
        }
        foreach (var ancestor in mentor.LineManagerChain)
        {
            if (!_mentorsUnder.TryGetValue(ancestor, out var list)) _mentorsUnder[ancestor] = list = [];
            list.Add(m);
        }

        ConstraintCode block = 0;
        if (!mentor.IsActive) block = ConstraintCode.NotActive;
        else if (mentor.CapacityRemaining <= 0) block = ConstraintCode.MentorCapacity;
        else if (Rules.CredentialRequired && !mentor.IsCredentialed) block = ConstraintCode.CredentialRequired;
        Block[m] = (byte)block;

        foreach (var language in mentor.Languages) SetBit(LanguageBits, m * LanguageWords, _languages[language]);
        foreach (var interest in mentor.Interests) SetBit(InterestBits, m * InterestWords, _interests[interest]);
        Hours[3 * m] = mentor.FreeHours.Bits0;
        Hours[3 * m + 1] = mentor.FreeHours.Bits1;
        Hours[3 * m + 2] = mentor.FreeHours.Bits2;
        foreach (var (id, level) in mentor.Competencies)
            if (_competencies.TryGetValue(id, out var column))
                Levels[m * CompetencyColumns + column] = (byte)Math.Clamp(level.Current, 0, byte.MaxValue);
    }

    private static void SetBit(ulong[] words, int offset, int bit) => words[offset + (bit >> 6)] |= 1UL << (bit & 63);

    /// <summary>1-based id of a non-empty text (case-insensitive); 0 for an empty one; <see cref="NoId"/> for one no mentor has.</summary>
    private static int TextId(Dictionary<string, int> ids, string? text, bool add)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        if (ids.TryGetValue(text, out var id)) return id;
        if (!add) return NoId;
        ids[text] = id = ids.Count + 1;
        return id;
    }

    /// <summary>Prepares <paramref name="probe"/> for <paramref name="mentee"/>.</summary>
    public void Load(MenteeProbe probe, Participant mentee, bool markRelations = true)
    {
        probe.Reset(mentee);
        probe.MenteeBlock = mentee.IsActive ? 0 : (int)ConstraintCode.NotActive;
        probe.Area = TextId(_areas, mentee.AreaOfWork, add: false);
        probe.Location = TextId(_locations, mentee.Location, add: false);
        probe.Seniority = mentee.Seniority;
        probe.Offset = mentee.UtcOffsetMinutes;
        probe.Formats = (byte)(mentee.Formats & Rules.FormatsAllowed);
        probe.Manager = mentee.LineManagerId is { } manager ? _managerKeys.GetValueOrDefault(manager, NoId) : 0;
        (probe.Hours0, probe.Hours1, probe.Hours2) = (mentee.FreeHours.Bits0, mentee.FreeHours.Bits1, mentee.FreeHours.Bits2);

        for (var i = 0; i < mentee.Languages.Count; i++)
        {
            if (!_languages.TryGetValue(mentee.Languages[i], out var bit)) continue;
            MenteeProbe.AddBit(ref probe.LanguageWordCount, ref probe.LanguageWord, ref probe.LanguageMask, bit);
            if (i == 0) (probe.PreferredWord, probe.PreferredMask) = (bit >> 6, 1UL << (bit & 63));
        }
        foreach (var interest in mentee.Interests)
            if (_interests.TryGetValue(interest, out var bit))
                MenteeProbe.AddBit(ref probe.InterestWordCount, ref probe.InterestWord, ref probe.InterestMask, bit);
        probe.InterestTarget = Math.Min(3, mentee.Interests.Count);
        Fill(ref probe.InterestPoints, probe.InterestTarget, Shares[ScoreFactor.SharedInterests]);

        LoadGaps(probe, mentee);
        Fill(ref probe.CompetencyPoints, probe.TotalGap, Shares[ScoreFactor.CompetencyGap]);

        if (markRelations) MarkRelations(probe, mentee);
    }

    private void LoadGaps(MenteeProbe probe, Participant mentee)
    {
        List<(string Name, string Id, CompetencyLevel Level)>? gaps = null;
        foreach (var (id, level) in mentee.Competencies)
        {
            if (level.Gap == 0 || (Rules.FocusCompetencies is { } focus && !focus.Contains(id))) continue;
            (gaps ??= []).Add((CompetencyName(id), id, level));
        }
        if (gaps is null) return;
        gaps.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name) is var c && c != 0 ? c : string.CompareOrdinal(a.Id, b.Id));
        foreach (var (name, id, level) in gaps)
            probe.AddGap(_competencies.GetValueOrDefault(id, NoId), level.Current, level.Target!.Value, name);
    }

    private static void Fill(ref int[] points, int denominator, int share)
    {
        if (points.Length < denominator + 1) points = new int[denominator + 1];
        for (var k = 0; k <= denominator; k++) points[k] = FactorShares.Points(share, k, denominator);
    }

    private void MarkRelations(MenteeProbe probe, Participant mentee)
    {
        if (_indexById.TryGetValue(mentee.Id, out var self)) probe.Mark(self, (byte)ConstraintCode.Self);
        if (!Rules.AllowSupervisory)
        {
            foreach (var ancestor in mentee.LineManagerChain)
                if (_indexById.TryGetValue(ancestor, out var m)) probe.Mark(m, (byte)ConstraintCode.ReportingLine);
            if (_mentorsUnder.TryGetValue(mentee.Id, out var reports))
                foreach (var m in reports) probe.Mark(m, (byte)ConstraintCode.ReportingLine);
        }
        if (!Rules.AllowRepairingEndedPairs)
            foreach (var other in History.EndedWith(mentee.Id))
                if (_indexById.TryGetValue(other, out var m)) probe.Mark(m, (byte)ConstraintCode.AlreadyPaired);
    }

    /// <summary>The first constraint (in check order) the pair fails, as its code; 0 when feasible.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FirstViolation(MenteeProbe p, int m)
    {
        var code = p.Marks[m];
        int block = Block[m];
        int first = code == 0 || (block != 0 && block < code) ? block : code;
        if (p.MenteeBlock != 0 && (first == 0 || p.MenteeBlock < first)) first = p.MenteeBlock;
        // Marks and blocks hold codes on both sides of the shared-manager check: keep check order.
        if (first != 0 && first < (int)ConstraintCode.SharedLineManager) return first;
        if (ExcludeSharedManager && p.Manager != 0 && Manager[m] == p.Manager) return (int)ConstraintCode.SharedLineManager;
        if (first != 0) return first;
        var gap = Seniority[m] - p.Seniority;
        if (gap < AllowedGapMin || gap > AllowedGapMax) return (int)ConstraintCode.SeniorityDirection;
        if (SameAreaRequired && (p.Area <= 0 || Area[m] != p.Area)) return (int)ConstraintCode.AreaOfWork;

        var offset = m * LanguageWords;
        var shared = false;
        for (var i = 0; i < p.LanguageWordCount; i++)
            if ((LanguageBits[offset + p.LanguageWord[i]] & p.LanguageMask[i]) != 0) { shared = true; break; }
        if (!shared) return (int)ConstraintCode.NoCommonLanguage;

        if ((Formats[m] & p.Formats) == 0) return (int)ConstraintCode.NoCommonFormat;
        if (MaxGapMinutes != int.MaxValue)
        {
            var tz = Math.Abs(Offset[m] - p.Offset) % 1440;
            if (tz > 720) tz = 1440 - tz;
            if (tz > MaxGapMinutes) return (int)ConstraintCode.TimeZoneGap;
        }
        return 0;
    }

    /// <summary>The pair's integer score (0 to 10,000): the sum of <see cref="Measure"/>'s points.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Score(MenteeProbe p, int m)
    {
        var x = Measure(p, m);
        return p.CompetencyPoints[x.LevelsCovered] + AreaPoints[x.SameArea] + SeniorityPoints[x.SeniorityDistance]
             + HourPoints[x.SharedHours] + p.InterestPoints[x.SharedInterests] + LanguagePoints[x.Language] + MeetingPoints[x.Meeting];
    }

    /// <summary>What each factor measures for the pair, capped to the factor's scale.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PairMeasures Measure(MenteeProbe p, int m)
    {
        PairMeasures x = default;
        if (p.TotalGap > 0)
        {
            var row = m * CompetencyColumns;
            for (var g = 0; g < p.GapCount; g++)
            {
                var column = p.GapColumn[g];
                if (column < 0) continue;
                var above = Levels[row + column] - p.GapCurrent[g];
                if (above > 0) x.LevelsCovered += Math.Min(above, p.GapTarget[g] - p.GapCurrent[g]);
            }
        }
        x.SameArea = p.Area > 0 && Area[m] == p.Area ? 1 : 0;
        x.SeniorityDistance = Math.Min(4, Rules.PreferredSeniorityGap.DistanceTo(Seniority[m] - p.Seniority));

        var h = 3 * m;
        var hours = BitOperations.PopCount(Hours[h] & p.Hours0) + BitOperations.PopCount(Hours[h + 1] & p.Hours1)
                  + BitOperations.PopCount(Hours[h + 2] & p.Hours2);
        x.SharedHours = Math.Min(hours, HourPoints.Length - 1);

        var interestRow = m * InterestWords;
        var interests = 0;
        for (var i = 0; i < p.InterestWordCount; i++)
            interests += BitOperations.PopCount(InterestBits[interestRow + p.InterestWord[i]] & p.InterestMask[i]);
        x.SharedInterests = Math.Min(interests, p.InterestTarget);

        var languageRow = m * LanguageWords;
        if (p.PreferredWord >= 0 && (LanguageBits[languageRow + p.PreferredWord] & p.PreferredMask) != 0) x.Language = 2;
        else
            for (var i = 0; i < p.LanguageWordCount; i++)
                if ((LanguageBits[languageRow + p.LanguageWord[i]] & p.LanguageMask[i]) != 0) { x.Language = 1; break; }

        var common = Formats[m] & p.Formats;
        if ((common & (int)MeetingFormats.InPerson) != 0 && p.Location > 0 && Location[m] == p.Location) x.Meeting = 2;
        else if ((common & (int)MeetingFormats.Remote) != 0) x.Meeting = 1;
        return x;
    }
}

/// <summary>What each score factor measures for one pair.</summary>
internal struct PairMeasures
{
    /// <summary>Levels of the mentee's gaps the mentor's levels cover.</summary>
    public int LevelsCovered;
    /// <summary>1 when both have the same (known) area of work.</summary>
    public int SameArea;
    /// <summary>Levels between the actual seniority gap and the preferred range, at most 4.</summary>
    public int SeniorityDistance;
    /// <summary>Weekly free hours in common, at most the target.</summary>
    public int SharedHours;
    /// <summary>Interests in common, at most the mentee's target.</summary>
    public int SharedInterests;
    /// <summary>2: the mentee's first language in common; 1: another language; 0: none.</summary>
    public int Language;
    /// <summary>2: in person in the same place; 1: remotely; 0: neither.</summary>
    public int Meeting;
}
