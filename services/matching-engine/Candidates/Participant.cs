using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Candidates;

/// <summary>
/// What matching knows about a person taking part in a programme, as mentee or mentor. Pure
/// data: the caller resolves time zones, availability windows and the reporting line beforehand.
/// Texts (area, location, languages, interests) are compared case-insensitively; competency ids
/// exactly.
/// </summary>
public sealed record Participant
{
    /// <summary>The person's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>How the person is addressed; orders candidates of equal score.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Area of work, e.g. "engineering"; empty when unknown (then it matches no area).</summary>
    public string AreaOfWork { get; init; } = "";

    /// <summary>Seniority level, 1 (entry) to 6 (executive): profile's <c>SeniorityLevel</c>.</summary>
    public int Seniority { get; init; }

    /// <summary>The person's current UTC offset in minutes (e.g. 60 for Paris in winter), resolved by the caller.</summary>
    public int UtcOffsetMinutes { get; init; }

    /// <summary>Languages (BCP 47 tags, e.g. "en"), the preferred first, each once.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Formats the person accepts.</summary>
    public MeetingFormats Formats { get; init; }

    /// <summary>Takes part now (profile status ACTIVE).</summary>
    public bool IsActive { get; init; } = true;

    /// <summary>Holds a mentor credential (docs/domain.md §5).</summary>
    public bool IsCredentialed { get; init; }

    /// <summary>Mentors: how many more mentees they can take now.</summary>
    public int CapacityRemaining { get; init; }

    /// <summary>Latest assessments by competency id. A mentee's gaps are those with a target above the current level.</summary>
    public IReadOnlyDictionary<string, CompetencyLevel> Competencies { get; init; } = EmptyCompetencies;

    /// <summary>Interests and skills, each once.</summary>
    public IReadOnlySet<string> Interests { get; init; } = EmptyInterests;

    /// <summary>Weekly free hours in UTC.</summary>
    public HourOfWeekSet FreeHours { get; init; }

    /// <summary>Where the person works (site, city); null or empty when unknown.</summary>
    public string? Location { get; init; }

    /// <summary>The person's line managers, nearest first: the direct line manager, their manager, and so on up.</summary>
    public IReadOnlyList<Guid> LineManagerChain { get; init; } = [];

    /// <summary>The direct line manager, if any.</summary>
    public Guid? LineManagerId => LineManagerChain.Count > 0 ? LineManagerChain[0] : null;

    private static readonly IReadOnlyDictionary<string, CompetencyLevel> EmptyCompetencies = new Dictionary<string, CompetencyLevel>();
    private static readonly IReadOnlySet<string> EmptyInterests = new HashSet<string>();
}
