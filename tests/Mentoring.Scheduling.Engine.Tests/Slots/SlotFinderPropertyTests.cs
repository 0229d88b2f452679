using CsCheck;
using Mentoring.Scheduling.Engine.Slots;
using NodaTime;

namespace Mentoring.Scheduling.Engine.Tests.Slots;

public sealed class SlotFinderPropertyTests
{
    private static string Show(IEnumerable<Slot> slots) =>
        string.Join("\n", slots.Select(s => $"{Time.Utc(s.Start)} [{string.Join(",", s.Unavailable)}] pref={s.PreferredCount}"));

    [Fact]
    public void The_sweep_agrees_with_a_brute_force_oracle_on_random_small_instances()
    {
        int total = 0, nonEmpty = 0, partial = 0, preferred = 0;
        SlotInstances.Generator.Sample(instance =>
        {
            var expected = SlotOracle.Find(instance.Query, instance.People);
            var actual = SlotFinder.Find(instance.Query, instance.People);
            Assert.Equal(Show(expected), Show(actual));
            Interlocked.Increment(ref total);
            if (expected.Count > 0) Interlocked.Increment(ref nonEmpty);
            if (expected.Any(s => s.Unavailable.Count > 0)) Interlocked.Increment(ref partial);
            if (expected.Any(s => s.PreferredCount > 0)) Interlocked.Increment(ref preferred);
        }, iter: 400);
        // The instances exercise every branch: slots found, partial attendance, preferences.
        Assert.True(nonEmpty * 3 > total && partial * 10 > total && preferred * 10 > total, $"{total} {nonEmpty} {partial} {preferred}");
    }

    [Fact]
    public void Every_returned_slot_is_attendable_by_its_attendees_and_not_by_the_others()
    {
        SlotInstances.Generator.Sample(instance =>
        {
            var (q, people) = instance;
            foreach (var slot in SlotFinder.Find(q, people))
            {
                Assert.Equal(q.Length, slot.End - slot.Start);
                foreach (var p in people)
                {
                    var attends = !slot.Unavailable.Contains(p.Id);
                    if (attends)
                    {
                        // Inside free time, clear of busy time ± buffer.
                        Assert.True(SlotOracle.CanAttend(p, slot.Start, q.Length, q.Buffer), $"{p.Id} at {Time.Utc(slot.Start)}");
                        Assert.DoesNotContain(p.Busy, b => b.End > b.Start && SlotOracle.Overlaps(b, slot.Start - q.Buffer, slot.End + q.Buffer));
                    }
                    else
                    {
                        Assert.False(p.Required, "a required participant is missing");
                        Assert.False(SlotOracle.CanAttend(p, slot.Start, q.Length, q.Buffer));
                    }
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void Starts_are_aligned_within_the_range_and_not_before_the_earliest_start()
    {
        SlotInstances.Generator.Sample(instance =>
        {
            var (q, people) = instance;
            foreach (var slot in SlotFinder.Find(q, people))
            {
                Assert.True(slot.Start >= q.EarliestStart && slot.Start >= q.From && slot.End <= q.To);
                Assert.True(SlotOracle.IsAligned(slot.Start, q.AlignmentZone, q.Granularity));
            }
        }, iter: 300);
    }

    [Fact]
    public void Ranking_is_attendance_then_preference_then_start_and_full_slots_exclude_partial_ones()
    {
        SlotInstances.Generator.Sample(instance =>
        {
            var (q, people) = instance;
            var slots = SlotFinder.Find(q, people);
            Assert.True(slots.Count <= q.MaxResults);
            Assert.True(slots.All(s => s.Unavailable.Count == 0) || slots.All(s => s.Unavailable.Count > 0));
            for (var i = 1; i < slots.Count; i++)
            {
                var (a, b) = (slots[i - 1], slots[i]);
                var key = (-a.Unavailable.Count, a.PreferredCount).CompareTo((-b.Unavailable.Count, b.PreferredCount));
                Assert.True(key > 0 || (key == 0 && a.Start < b.Start), $"{Time.Utc(a.Start)} before {Time.Utc(b.Start)}");
            }
            foreach (var slot in slots)
            {
                // Unavailable ids keep the input order.
                var order = slot.Unavailable.Select(id => people.FindIndex(p => p.Id == id)).ToList();
                Assert.Equal(order.Order(), order);
                if (q.Preferred == PartOfDay.Any) Assert.Equal(0, slot.PreferredCount);
            }
        }, iter: 300);
    }

    [Fact]
    public void Input_order_of_intervals_does_not_matter()
    {
        Gen.Select(SlotInstances.Generator, Gen.Int).Sample((instance, seed) =>
        {
            var (q, people) = instance;
            var random = new Random(seed);
            var shuffled = people.Select(p => p with
            {
                Free = p.Free.OrderBy(_ => random.Next()).ToList(),
                Busy = p.Busy.Concat(p.Busy.Take(1)).OrderBy(_ => random.Next()).ToList(),
            }).ToList();
            Assert.Equal(Show(SlotFinder.Find(q, people)), Show(SlotFinder.Find(q, shuffled)));
        }, iter: 200);
    }

    [Fact]
    public void Candidate_starts_are_strictly_increasing_and_exactly_the_aligned_minutes()
    {
        Gen.Select(Gen.Int[0, SlotInstances.Zones.Length - 1], Gen.Int[0, 400], Gen.Int[1, 120]).Sample((zoneIndex, day, granularity) =>
        {
            var zone = Time.Zone(SlotInstances.Zones[zoneIndex]);
            var from = Time.I("2026-01-01T00:00:00Z") + Duration.FromDays(day) + Duration.FromMinutes(granularity * 7);
            var to = from + Duration.FromDays(2);
            var g = Duration.FromMinutes(granularity);
            var starts = SlotFinder.CandidateStarts(zone, from.ToUnixTimeTicks(), to.ToUnixTimeTicks(), g.BclCompatibleTicks)
                .Select(Instant.FromUnixTimeTicks).ToList();
            var expected = new List<Instant>();
            for (var t = from; t <= to; t += Duration.FromMinutes(1))
                if (SlotOracle.IsAligned(t, zone, g)) expected.Add(t);
            Assert.Equal(expected, starts);
        }, iter: 100);
    }
}
