using Mentoring.Scheduling.Engine.Availability;
using Mentoring.Scheduling.Engine.Slots;
using NodaTime;

namespace Mentoring.Scheduling.Engine.Tests.Slots;

/// <summary>
/// The specification of <see cref="SlotFinder"/> written as naively as possible: every whole minute of the range is
/// a potential start, alignment is checked on its local clock time, attendance and the preferred part of the day minute
/// by minute over the slot. Only for instances whose times are whole minutes.
/// </summary>
internal static class SlotOracle
{
    public static List<Slot> Find(SlotQuery q, IReadOnlyList<SlotParticipant> people)
    {
        var candidates = new List<(Instant Start, bool[] Attends, int Preferred)>();
        var first = q.From > q.EarliestStart ? q.From : q.EarliestStart;
        for (var s = first; s + q.Length <= q.To; s += Duration.FromMinutes(1))
        {
            if (!IsAligned(s, q.AlignmentZone, q.Granularity)) continue;
            var attends = people.Select(p => CanAttend(p, s, q.Length, q.Buffer)).ToArray();
            var preferred = q.Preferred == PartOfDay.Any ? 0
                : people.Where((p, i) => attends[i] && InPart(p.Zone, s, q.Length, q.Preferred)).Count();
            candidates.Add((s, attends, preferred));
        }

        var full = candidates.Where(c => c.Attends.All(a => a)).ToList();
        var chosen = full.Count > 0
            ? full
            : candidates.Where(c => people.Select((p, i) => !p.Required || c.Attends[i]).All(ok => ok) && c.Attends.Any(a => a)).ToList();
        return chosen
            .OrderByDescending(c => c.Attends.Count(a => a)).ThenByDescending(c => c.Preferred).ThenBy(c => c.Start)
            .Take(q.MaxResults)
            .Select(c => new Slot(c.Start, c.Start + q.Length, people.Where((p, i) => !c.Attends[i]).Select(p => p.Id).ToList(), c.Preferred))
            .ToList();
    }

    public static bool IsAligned(Instant s, DateTimeZone zone, Duration granularity) =>
        s.InZone(zone).TimeOfDay.TickOfDay % granularity.BclCompatibleTicks == 0;

    /// <summary>Every minute of the slot is inside some free interval, and no busy interval overlaps the slot ± buffer.</summary>
    public static bool CanAttend(SlotParticipant p, Instant s, Duration length, Duration buffer)
    {
        for (var t = s; t < s + length; t += Duration.FromMinutes(1))
            if (!p.Free.Any(f => f.Start <= t && t < f.End)) return false;
        return !p.Busy.Any(b => b.End > b.Start && Overlaps(b, s - buffer, s + length + buffer));
    }

    public static bool Overlaps(FreeInterval a, Instant start, Instant end) => a.Start < end && start < a.End;

    /// <summary>Every minute of the slot, in the zone, lies on the slot's first local date and in the part of the day.</summary>
    public static bool InPart(DateTimeZone zone, Instant s, Duration length, PartOfDay part)
    {
        var (from, to) = part switch
        {
            PartOfDay.Morning => (6, 12),
            PartOfDay.Afternoon => (12, 17),
            PartOfDay.Evening => (17, 22),
            _ => throw new ArgumentOutOfRangeException(nameof(part)),
        };
        var date = s.InZone(zone).Date;
        for (var t = s; t < s + length; t += Duration.FromMinutes(1))
        {
            var local = t.InZone(zone).LocalDateTime;
            if (local.Date != date || local.Hour < from || local.Hour >= to) return false;
        }
        return true;
    }
}
