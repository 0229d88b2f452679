using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Tests;

/// <summary>Hand-made participants for readable tests: a mentee and a mentor who fit every one-to-one rule.</summary>
internal static class People
{
    private static int _next;

    public static Guid NewId() => new(Interlocked.Increment(ref _next), 0, 0, new byte[8]);

    public static Participant Mentee(string name = "Mia Mentee") => new()
    {
        Id = NewId(),
        DisplayName = name,
        AreaOfWork = "engineering",
        Seniority = 2,
        UtcOffsetMinutes = 60,
        Languages = ["fr", "en"],
        Formats = MeetingFormats.InPerson | MeetingFormats.Video,
        Competencies = new Dictionary<string, CompetencyLevel> { ["negotiation"] = new(2, 4), ["sql"] = new(1, 2) },
        Interests = new HashSet<string> { "chess", "hiking", "jazz" },
        FreeHours = HourOfWeekSet.Range(9, 17),
        Location = "Lyon",
    };

    public static Participant Mentor(string name = "Max Mentor") => new()
    {
        Id = NewId(),
        DisplayName = name,
        AreaOfWork = "Engineering",
        Seniority = 4,
        UtcOffsetMinutes = 120,
        Languages = ["FR"],
        Formats = MeetingFormats.All,
        IsCredentialed = true,
        CapacityRemaining = 2,
        Competencies = new Dictionary<string, CompetencyLevel> { ["negotiation"] = new(5), ["sql"] = new(3) },
        Interests = new HashSet<string> { "Chess", "Hiking", "jazz", "golf" },
        FreeHours = HourOfWeekSet.Range(8, 20),
        Location = "lyon",
    };
}
