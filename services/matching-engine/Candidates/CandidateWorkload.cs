using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Candidates;

/// <summary>
/// Random but plausible mentees and mentors of one organisation, for tests and benchmarks: a
/// reporting hierarchy across everyone, a handful of areas, sites with their UTC offsets and
/// languages, formats, competencies with gaps, interests and office-hours availability.
/// The same seed always gives the same people.
/// </summary>
internal static class CandidateWorkload
{
    private static readonly string[] Areas = ["engineering", "sales", "finance", "people", "marketing", "operations", "legal", "design"];
    private static readonly (string City, int Offset, string Language)[] Sites =
    [
        ("Paris", 60, "fr"), ("London", 0, "en"), ("New York", -300, "en"), ("San Francisco", -480, "en"), ("Lisbon", 0, "pt"),
        ("Berlin", 60, "de"), ("Bangalore", 330, "en"), ("Singapore", 480, "zh"), ("Sydney", 600, "en"), ("Sao Paulo", -180, "pt"),
    ];
    private static readonly string[] Languages = ["en", "fr", "de", "es", "pt", "hi", "zh", "ja", "it"];
    private static readonly string[] FirstNames =
        ["Ada", "Ben", "Chloé", "Dev", "Eva", "Farid", "Grace", "Hugo", "Ines", "Jun", "Kofi", "Lea", "Mina", "Noah", "Olga", "Pedro", "Qi", "Rosa", "Sam", "Tariq"];
    private static readonly string[] LastNames =
        ["Abe", "Brown", "Costa", "Dubois", "Evans", "Fischer", "Gupta", "Haddad", "Ito", "Jensen", "Kim", "Lopez", "Martin", "Nowak", "Okafor", "Petit", "Rossi", "Silva", "Tanaka", "Weber"];

    public const int CompetencyCount = 40;
    public const int InterestCount = 60;

    /// <summary><paramref name="menteeCount"/> mentees and <paramref name="mentorCount"/> mentors drawn from <paramref name="seed"/>.</summary>
    public static (Participant[] Mentees, Participant[] Mentors) Generate(int seed, int menteeCount, int mentorCount)
    {
        var random = new Random(seed);
        var total = menteeCount + mentorCount;
        var ids = new Guid[total];
        var bytes = new byte[16];
        for (var i = 0; i < total; i++)
        {
            random.NextBytes(bytes);
            ids[i] = new Guid(bytes);
        }

        // Mentors first (indices 0..mentorCount-1), then mentees; mentors are more senior on the whole.
        var seniority = new int[total];
        for (var i = 0; i < total; i++)
            seniority[i] = i < mentorCount ? 3 + random.Next(4) : 1 + Math.Min(random.Next(4), random.Next(5));
        var chains = ReportingChains(random, ids, seniority);

        var people = new Participant[total];
        for (var i = 0; i < total; i++) people[i] = Person(random, ids[i], seniority[i], chains[i], isMentor: i < mentorCount);
        return (people[mentorCount..], people[..mentorCount]);
    }

    /// <summary>Each person reports to someone strictly more senior (the most senior report to nobody).</summary>
    private static List<Guid>[] ReportingChains(Random random, Guid[] ids, int[] seniority)
    {
        var order = Enumerable.Range(0, ids.Length).OrderByDescending(i => seniority[i]).ThenBy(i => i).ToArray();
        var chains = new List<Guid>[ids.Length];
        var outranked = 0; // how many people of `order` are strictly more senior than the current one
        for (var k = 0; k < order.Length; k++)
        {
            var person = order[k];
            while (seniority[order[outranked]] > seniority[person]) outranked++;
            // Everyone before position `outranked` outranks the person, and their chains are known.
            var manager = outranked > 0 && random.Next(20) > 0 ? order[random.Next(outranked)] : -1;
            chains[person] = manager < 0 ? [] : [ids[manager], .. chains[manager]];
        }
        return chains;
    }

    private static Participant Person(Random random, Guid id, int seniority, List<Guid> chain, bool isMentor)
    {
        var site = Sites[random.Next(Sites.Length)];
        var languages = new List<string> { random.Next(3) == 0 ? "en" : site.Language };
        if (!languages.Contains("en") && random.Next(10) < 8) languages.Add("en");
        for (var extra = random.Next(3); extra > 0; extra--)
        {
            var language = Languages[random.Next(Languages.Length)];
            if (!languages.Contains(language)) languages.Add(language);
        }

        var formats = MeetingFormats.None;
        if (random.Next(10) < 6) formats |= MeetingFormats.InPerson;
        if (random.Next(10) < 8) formats |= MeetingFormats.Video;
        if (random.Next(10) < 4) formats |= MeetingFormats.Phone;
        if (random.Next(10) < 3) formats |= MeetingFormats.Chat;
        if (formats == MeetingFormats.None) formats = MeetingFormats.Video;

        var competencies = new Dictionary<string, CompetencyLevel>();
        for (var k = isMentor ? 3 + random.Next(6) : 2 + random.Next(4); k > 0; k--)
        {
            var competency = $"c{random.Next(CompetencyCount):00}";
            var current = isMentor ? 2 + random.Next(4) : 1 + random.Next(3);
            int? target = !isMentor && random.Next(3) > 0 ? Math.Min(5, current + 1 + random.Next(2)) : null;
            competencies[competency] = new CompetencyLevel(current, target);
        }

        var interests = new HashSet<string>();
        for (var k = random.Next(isMentor ? 9 : 7); k > 0; k--) interests.Add($"topic-{random.Next(InterestCount):00}");

        var hours = HourOfWeekSet.Empty;
        for (var k = 2 + random.Next(4); k > 0; k--)
        {
            var localStart = 24 * random.Next(5) + 8 + random.Next(10);
            for (var h = 0; h < 1 + random.Next(3); h++)
                hours = hours.With(((localStart + h - site.Offset / 60) % 168 + 168) % 168);
        }

        return new Participant
        {
            Id = id,
            DisplayName = $"{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]}",
            AreaOfWork = Areas[random.Next(Areas.Length)],
            Seniority = seniority,
            UtcOffsetMinutes = site.Offset,
            Languages = languages,
            Formats = formats,
            IsActive = random.Next(20) > 0,
            IsCredentialed = isMentor && random.Next(20) > 2,
            CapacityRemaining = isMentor ? random.Next(10) == 0 ? 0 : 1 + random.Next(3) : 0,
            Competencies = competencies,
            Interests = interests,
            FreeHours = hours,
            Location = site.City,
            LineManagerChain = chain,
        };
    }
}
