using CsCheck;
using Mentoring.Scheduling.Engine.Availability;
using Mentoring.Scheduling.Engine.Slots;
using NodaTime;
using static Mentoring.Scheduling.Engine.Tests.Time;

namespace Mentoring.Scheduling.Engine.Tests.Slots;

/// <summary>Small random slot searches around daylight-saving changes, all times in whole minutes.</summary>
internal static class SlotInstances
{
    public static readonly string[] Zones =
        ["Etc/UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Asia/Kathmandu"];

    /// <summary>Days with a daylight-saving change (London, New York, Lord Howe) and an ordinary one.</summary>
    private static readonly Instant[] Bases =
    [
        I("2026-03-28T00:00:00Z"), I("2026-10-24T00:00:00Z"), I("2026-03-07T12:00:00Z"), I("2026-10-31T12:00:00Z"),
        I("2026-04-04T00:00:00Z"), I("2026-10-03T00:00:00Z"), I("2026-06-10T00:00:00Z"),
    ];

    private static readonly int[] Granularities = [5, 10, 15, 20, 30, 45, 60, 7];

    public static Gen<(SlotQuery Query, List<SlotParticipant> People)> Generator => Gen.Int.Select(Create);

    public static (SlotQuery Query, List<SlotParticipant> People) Create(int seed)
    {
        var random = new Random(seed);
        Instant Around(Instant t, int minMinutes, int maxMinutes) => t + Minutes(random.Next(minMinutes, maxMinutes + 1));
        DateTimeZone AnyZone() => Zone(Zones[random.Next(Zones.Length)]);

        var from = Around(Bases[random.Next(Bases.Length)], 0, 24 * 60);
        var to = Around(from, 60, 2 * 24 * 60);
        var query = new SlotQuery(
            From: from,
            To: to,
            Length: Minutes(random.Next(1, 13) * 15 - (random.Next(4) == 0 ? 5 : 0)),
            Granularity: Minutes(Granularities[random.Next(Granularities.Length)]),
            EarliestStart: Around(from, -120, 12 * 60),
            Buffer: Minutes(random.Next(3) == 0 ? 0 : random.Next(0, 31)),
            Preferred: (PartOfDay)random.Next(4),
            MaxResults: random.Next(1, 40),
            AlignmentZone: AnyZone());

        var people = new List<SlotParticipant>();
        var count = random.Next(1, 5);
        for (var p = 0; p < count; p++)
        {
            var free = new List<FreeInterval>();
            for (var i = random.Next(0, 7); i > 0; i--)
            {
                var start = Around(from, -12 * 60, (int)(to - from).TotalMinutes);
                free.Add(new FreeInterval(start, Around(start, 15, 16 * 60)));
            }
            if (random.Next(4) == 0) free.Add(new FreeInterval(from - Duration.FromDays(1), to + Duration.FromDays(1)));
            var busy = new List<FreeInterval>();
            for (var i = random.Next(0, 9); i > 0; i--)
            {
                var start = Around(from, -6 * 60, (int)(to - from).TotalMinutes);
                busy.Add(new FreeInterval(start, Around(start, 0, 180)));
            }
            people.Add(new SlotParticipant($"p{p}", random.Next(3) == 0, AnyZone(), free, busy));
        }
        return (query, people);
    }
}
