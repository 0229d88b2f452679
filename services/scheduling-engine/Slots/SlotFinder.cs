using System.Buffers;
using Mentoring.Scheduling.Engine.Availability;
using NodaTime;

namespace Mentoring.Scheduling.Engine.Slots;

/// <summary>
/// Mutual slots of a group (pure; no I/O).
/// <para>
/// Candidate starts are the instants in [max(From, EarliestStart), To − Length] whose local time in the alignment
/// zone is a whole multiple of the granularity after local midnight (the organiser's clock: on a daylight-saving
/// day the local times that do not exist are skipped and the repeated ones occur twice). A participant can attend
/// [s, s + Length) when one of their free intervals contains it wholly and none of their busy intervals overlaps
/// [s − Buffer, s + Length + Buffer) (touching is not overlapping).
/// </para>
/// <para>
/// If at least one candidate has everyone attending, only full-attendance slots are returned; otherwise the slots
/// where every required participant and at least one other participant attend (a slot nobody can attend is never
/// proposed). Order: attending count (desc), then <see cref="Slot.PreferredCount"/> (desc), then start (asc); at most
/// <see cref="SlotQuery.MaxResults"/>.
/// </para>
/// <para>
/// How: each participant's constraints become one sorted list of closed intervals of admissible starts (free
/// intervals shrunk by the length, minus the busy intervals widened by length and buffer), and likewise for the
/// preferred part of the day; the candidates, generated in ascending order, sweep those lists with one cursor per
/// participant, so the work is O(candidates × participants + intervals log intervals). Candidates go into buckets by
/// (attending, preferred) keeping at most MaxResults each, in start order, so no sort of the candidates is needed.
/// Times are handled in ticks (100 ns); finer parts of instants are truncated.
/// </para>
/// </summary>
public static class SlotFinder
{
    private const long TicksPerDay = NodaConstants.TicksPerDay;

    public static IReadOnlyList<Slot> Find(SlotQuery query, IReadOnlyList<SlotParticipant> participants)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(query.AlignmentZone);
        var length = query.Length.BclCompatibleTicks;
        var granularity = query.Granularity.BclCompatibleTicks;
        var buffer = query.Buffer.BclCompatibleTicks;
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(query), "Length must be positive.");
        if (granularity <= 0) throw new ArgumentOutOfRangeException(nameof(query), "Granularity must be positive.");
        if (buffer < 0) throw new ArgumentOutOfRangeException(nameof(query), "Buffer must not be negative.");
        if (query.MaxResults < 0) throw new ArgumentOutOfRangeException(nameof(query), "MaxResults must not be negative.");

        var from = Math.Max(query.From.ToUnixTimeTicks(), query.EarliestStart.ToUnixTimeTicks());
        var lastStart = query.To.ToUnixTimeTicks() - length;
        if (query.MaxResults == 0 || lastStart < from) return [];

        var n = participants.Count;
        var allowed = new Admissible[n];
        var preferred = query.Preferred == PartOfDay.Any ? null : new Admissible[n];
        for (var p = 0; p < n; p++)
        {
            var participant = participants[p] ?? throw new ArgumentException("A participant is null.", nameof(participants));
            allowed[p] = AdmissibleStarts(participant.Free, participant.Busy, length, buffer);
            if (preferred is not null) preferred[p] = PreferredStarts(participant.Zone, query.Preferred, from, lastStart, length);
        }

        var candidates = ArrayPool<long>.Shared.Rent(EstimatedCount(from, lastStart, granularity));
        try
        {
            var count = CandidateStarts(query.AlignmentZone, from, lastStart, granularity, ref candidates);
            return Rank(query, participants, new ReadOnlySpan<long>(candidates, 0, count), allowed, preferred, length);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(candidates);
        }
    }

    private static List<Slot> Rank(
        SlotQuery query, IReadOnlyList<SlotParticipant> participants, ReadOnlySpan<long> candidates, Admissible[] allowed,
        Admissible[]? preferred, long length)
    {
        var n = participants.Count;
        var buckets = new List<long>?[(n + 1) * (n + 1)];
        var cursor = new int[n];
        var preferredCursor = preferred is null ? null : new int[n];
        var anyFull = false;
        foreach (var start in candidates)
        {
            int attending = 0, preferredCount = 0;
            var requiredMissing = false;
            for (var p = 0; p < n; p++)
            {
                if (!Advance(allowed[p], ref cursor[p], start))
                {
                    if (participants[p].Required) { requiredMissing = true; break; }
                    continue;
                }
                attending++;
                if (preferred is not null && Advance(preferred[p], ref preferredCursor![p], start)) preferredCount++;
            }
            if (requiredMissing) continue;
            if (attending == n) anyFull = true;
            else if (anyFull || attending == 0) continue;
            ref var bucket = ref buckets[attending * (n + 1) + preferredCount];
            bucket ??= [];
            if (bucket.Count < query.MaxResults) bucket.Add(start);
        }

        var result = new List<Slot>(Math.Min(query.MaxResults, 64));
        var highest = anyFull ? n : n - 1;
        var lowest = anyFull ? n : 1;
        for (var attending = highest; attending >= lowest && result.Count < query.MaxResults; attending--)
        {
            for (var pref = attending; pref >= 0 && result.Count < query.MaxResults; pref--)
            {
                var bucket = buckets[attending * (n + 1) + pref];
                if (bucket is null) continue;
                foreach (var start in bucket)
                {
                    if (result.Count == query.MaxResults) break;
                    result.Add(new Slot(
                        Instant.FromUnixTimeTicks(start), Instant.FromUnixTimeTicks(start + length),
                        attending == n ? [] : Unavailable(participants, allowed, start), pref));
                }
            }
        }
        return result;
    }

    /// <summary>Closed intervals [Lo, Hi] of start ticks, sorted and disjoint.</summary>
    private readonly struct Admissible(long[] lo, long[] hi)
    {
        public readonly long[] Lo = lo;
        public readonly long[] Hi = hi;
        public int Count => Lo.Length;

        public bool Contains(long t)
        {
            // The last interval whose Lo ≤ t.
            int a = 0, b = Lo.Length - 1, found = -1;
            while (a <= b)
            {
                var m = (a + b) >>> 1;
                if (Lo[m] <= t) { found = m; a = m + 1; } else b = m - 1;
            }
            return found >= 0 && Hi[found] >= t;
        }
    }

    /// <summary>Moves the cursor past the intervals ending before <paramref name="t"/> (t never decreases).</summary>
    private static bool Advance(Admissible span, ref int cursor, long t)
    {
        var hi = span.Hi;
        var c = cursor;
        while (c < hi.Length && hi[c] < t) c++;
        cursor = c;
        return c < hi.Length && span.Lo[c] <= t;
    }

    private static List<string> Unavailable(IReadOnlyList<SlotParticipant> participants, Admissible[] allowed, long start)
    {
        var ids = new List<string>();
        for (var p = 0; p < participants.Count; p++)
            if (!allowed[p].Contains(start)) ids.Add(participants[p].Id);
        return ids;
    }

    /// <summary>
    /// Starts s with [s, s + length) inside one (merged) free interval and [s − buffer, s + length + buffer) clear of
    /// every busy interval: each free [a, b) admits [a, b − length]; each busy [c, d) forbids the open (c − length −
    /// buffer, d + buffer), whose ends stay admissible (touching is not overlapping).
    /// </summary>
    private static Admissible AdmissibleStarts(IReadOnlyList<FreeInterval> free, IReadOnlyList<FreeInterval> busy, long length, long buffer)
    {
        var windows = Merge(free, 0, 0, touching: true);
        var forbidden = Merge(busy ?? [], length + buffer, buffer, touching: false);
        var lo = new List<long>(windows.Count + forbidden.Count);
        var hi = new List<long>(windows.Count + forbidden.Count);
        var j = 0;
        foreach (var (a, b) in windows)
        {
            long x = a, y = b - length;
            if (y < x) continue;
            while (j < forbidden.Count && forbidden[j].End <= x) j++;
            var cur = x;
            for (var k = j; k < forbidden.Count && forbidden[k].Start < y; k++)
            {
                var (u, v) = forbidden[k];
                if (u >= cur) { lo.Add(cur); hi.Add(u); }
                if (v > cur) cur = v;
                if (cur > y) break;
            }
            if (cur <= y) { lo.Add(cur); hi.Add(y); }
        }
        return new Admissible([.. lo], [.. hi]);
    }

    /// <summary>
    /// Intervals widened to [start − before, end + after), sorted and merged: overlapping ones always, touching ones
    /// when <paramref name="touching"/> (free time that touches is one interval; busy widenings are open, so a shared
    /// end point stays admissible and they must not merge). Empty intervals are dropped.
    /// </summary>
    private static List<(long Start, long End)> Merge(IReadOnlyList<FreeInterval> intervals, long before, long after, bool touching)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var list = new List<(long Start, long End)>(intervals.Count);
        foreach (var i in intervals)
        {
            long s = i.Start.ToUnixTimeTicks(), e = i.End.ToUnixTimeTicks();
            if (e > s) list.Add((s - before, e + after));
        }
        list.Sort((x, y) => x.Start.CompareTo(y.Start));
        var merged = new List<(long Start, long End)>(list.Count);
        foreach (var (s, e) in list)
        {
            if (merged.Count > 0 && (s < merged[^1].End || (touching && s == merged[^1].End)))
            {
                if (e > merged[^1].End) merged[^1] = (merged[^1].Start, e);
            }
            else merged.Add((s, e));
        }
        return merged;
    }

    /// <summary>
    /// Starts s in [from − length, lastStart + length] (enough for every candidate) such that [s, s + length) lies in the
    /// part of the day on one local date of the zone; the part's ends are resolved like free-interval ends
    /// (<see cref="FreeIntervals.StartResolver"/>, <see cref="FreeIntervals.EndResolver"/>).
    /// </summary>
    private static Admissible PreferredStarts(DateTimeZone zone, PartOfDay part, long from, long lastStart, long length)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var (partStart, partEnd) = part switch
        {
            PartOfDay.Morning => (new LocalTime(6, 0), new LocalTime(12, 0)),
            PartOfDay.Afternoon => (new LocalTime(12, 0), new LocalTime(17, 0)),
            PartOfDay.Evening => (new LocalTime(17, 0), new LocalTime(22, 0)),
            _ => throw new ArgumentOutOfRangeException(nameof(part), part, "Unknown part of the day."),
        };
        var first = Instant.FromUnixTimeTicks(from).InZone(zone).Date.PlusDays(-1);
        var last = Instant.FromUnixTimeTicks(lastStart).InZone(zone).Date.PlusDays(1);
        var lo = new List<long>();
        var hi = new List<long>();
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            var s = zone.ResolveLocal(date + partStart, FreeIntervals.StartResolver).ToInstant().ToUnixTimeTicks();
            var e = zone.ResolveLocal(date + partEnd, FreeIntervals.EndResolver).ToInstant().ToUnixTimeTicks() - length;
            if (e >= s) { lo.Add(s); hi.Add(e); }
        }
        return new Admissible([.. lo], [.. hi]);
    }

    /// <summary>
    /// The aligned starts in [from, lastStart], ascending: per span of constant offset, the local days it covers and on
    /// each the local times k × granularity (k ≥ 0, below 24:00) that fall inside the span.
    /// </summary>
    internal static List<long> CandidateStarts(DateTimeZone zone, long from, long lastStart, long granularity)
    {
        var buffer = ArrayPool<long>.Shared.Rent(EstimatedCount(from, lastStart, granularity));
        var count = CandidateStarts(zone, from, lastStart, granularity, ref buffer);
        List<long> result = [.. buffer.AsSpan(0, count)];
        ArrayPool<long>.Shared.Return(buffer);
        return result;
    }

    /// <summary>The UTC count plus room for repeated local hours (a few per daylight-saving change).</summary>
    private static int EstimatedCount(long from, long lastStart, long granularity) =>
        (int)Math.Clamp((lastStart - from) / granularity + 64, 16, 1 << 20);

    /// <summary>Writes the candidates into <paramref name="buffer"/> (rented from the shared pool, replaced by a larger
    /// rented one when full) and returns their count.</summary>
    private static int CandidateStarts(DateTimeZone zone, long from, long lastStart, long granularity, ref long[] buffer)
    {
        var count = 0;
        var kLast = (TicksPerDay - 1) / granularity;
        var range = new Interval(Instant.FromUnixTimeTicks(from), Instant.FromUnixTimeTicks(lastStart) + Duration.Epsilon);
        foreach (var zi in zone.GetZoneIntervals(range))
        {
            var lo = zi.HasStart ? Math.Max(from, zi.Start.ToUnixTimeTicks()) : from;
            var hi = zi.HasEnd ? Math.Min(lastStart, CeilTicks(zi.End) - 1) : lastStart;
            if (hi < lo) continue;
            var offset = zi.WallOffset.Ticks;
            long localLo = lo + offset, localHi = hi + offset;
            for (var day = FloorDiv(localLo, TicksPerDay); day <= FloorDiv(localHi, TicksPerDay); day++)
            {
                var midnight = day * TicksPerDay;
                var kMin = Math.Max(0, CeilDiv(localLo - midnight, granularity));
                var kMax = Math.Min(kLast, FloorDiv(localHi - midnight, granularity));
                for (var k = kMin; k <= kMax; k++)
                {
                    if (count == buffer.Length) Grow(ref buffer, count);
                    buffer[count++] = midnight + k * granularity - offset;
                }
            }
        }
        return count;
    }

    private static void Grow(ref long[] buffer, int count)
    {
        var larger = ArrayPool<long>.Shared.Rent(Math.Max(1024, buffer.Length * 2));
        buffer.AsSpan(0, count).CopyTo(larger);
        ArrayPool<long>.Shared.Return(buffer);
        buffer = larger;
    }

    private static long CeilTicks(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        return Instant.FromUnixTimeTicks(ticks) < instant ? ticks + 1 : ticks;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
