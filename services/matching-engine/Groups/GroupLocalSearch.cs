namespace Mentoring.Matching.Engine.Groups;

/// <summary>
/// Improves a valid plan until no single move helps (first improvement, in a fixed order, so the
/// result is deterministic): relocate a mentee; swap two mentees of different groups; let an
/// unplaced mentee take a place whose holder moves to another group with room or out; open a new
/// group with mentees taken from groups above the minimum or left out; close a group and spread
/// its mentees. Every accepted move keeps the plan valid and strictly raises its value, so the
/// search ends.
/// </summary>
internal static class GroupLocalSearch
{
    public static void Improve(GroupSolution s)
    {
        var improved = true;
        while (improved)
            improved = Relocate(s) | Swap(s) | Replace(s) | Open(s) | Close(s);
    }

    private static bool Relocate(GroupSolution s)
    {
        var g = s.G;
        var any = false;
        for (var i = 0; i < g.N; i++)
        {
            var a = s.MentorOf[i];
            if (!s.CanLeave(a)) continue;
            var here = s.ValueOf(i);
            foreach (var (b, value, _) in g.ArcsOf[i])
            {
                if (value <= here) break; // arcs are best first
                if (b == a || !s.CanJoin(b)) continue;
                s.Move(i, b);
                any = true;
                break;
            }
        }
        return any;
    }

    private static bool Swap(GroupSolution s)
    {
        var g = s.G;
        var any = false;
        // valueToA[k]: the value of mentee k with mentor a (0 when no arc), for the group a at hand.
        var valueToA = new long[g.N];
        for (var a = 0; a < g.M; a++)
        {
            if (!s.IsOpen(a)) continue;
            foreach (var (k, value) in g.MenteesOf[a]) valueToA[k] = value;
            foreach (var i in s.Members[a].ToArray())
            {
                if (s.MentorOf[i] != a) continue;
                var valueIa = s.ValueOf(i);
                var swapped = false;
                foreach (var (b, valueIb, _) in g.ArcsOf[i])
                {
                    if (b == a || !s.IsOpen(b)) continue;
                    foreach (var k in s.Members[b])
                    {
                        var valueKa = valueToA[k];
                        if (valueKa == 0 || valueIb + valueKa - valueIa - s.ValueOf(k) <= 0) continue;
                        s.Move(i, b);
                        s.Move(k, a);
                        (any, swapped) = (true, true);
                        break;
                    }
                    if (swapped) break;
                }
            }
            foreach (var (k, _) in g.MenteesOf[a]) valueToA[k] = 0;
        }
        return any;
    }

    private static bool Replace(GroupSolution s)
    {
        var g = s.G;
        var any = false;
        for (var k = 0; k < g.N; k++)
        {
            if (s.MentorOf[k] >= 0) continue;
            var done = false;
            foreach (var (a, valueKa, _) in g.ArcsOf[k])
            {
                if (!s.IsOpen(a)) continue;
                foreach (var i in s.Members[a])
                {
                    // i leaves a for its best other group with room, or is left out.
                    var to = -1;
                    foreach (var (c, _, _) in g.ArcsOf[i])
                        if (c != a && s.CanJoin(c)) { to = c; break; }
                    if (valueKa - g.Value(i, a) + g.Value(i, to) <= 0) continue;
                    s.Move(i, to);
                    s.Move(k, a);
                    (any, done) = (true, true);
                    break;
                }
                if (done) break;
            }
        }
        return any;
    }

    private static bool Open(GroupSolution s)
    {
        var g = s.G;
        var any = false;
        for (var c = 0; c < g.M; c++)
        {
            if (!g.Usable[c] || s.Blocked[c] || s.IsOpen(c)) continue;
            var options = new List<(int Mentee, long Gain)>();
            foreach (var (i, value) in g.MenteesOf[c]) options.Add((i, value - s.ValueOf(i)));
            options.Sort((x, y) => y.Gain != x.Gain ? y.Gain.CompareTo(x.Gain) : x.Mentee.CompareTo(y.Mentee));

            var taken = new Dictionary<int, int>();
            var picked = new List<int>();
            var gain = 0L;
            foreach (var (i, optionGain) in options)
            {
                if (picked.Count == g.Max[c] || (picked.Count >= g.Min && optionGain <= 0)) break;
                var a = s.MentorOf[i];
                if (a >= 0)
                {
                    var left = s.Load[a] - taken.GetValueOrDefault(a) - 1;
                    if (left < g.Min && left != 0) continue;
                    taken[a] = taken.GetValueOrDefault(a) + 1;
                }
                picked.Add(i);
                gain += optionGain;
            }
            if (picked.Count < g.Min || gain <= 0) continue;
            foreach (var i in picked) s.Move(i, c);
            any = true;
        }
        return any;
    }

    private static bool Close(GroupSolution s)
    {
        var g = s.G;
        var any = false;
        for (var a = 0; a < g.M; a++)
        {
            if (!s.IsOpen(a)) continue;
            // Only into groups already at the minimum, so that nothing else becomes invalid.
            var planned = new Dictionary<int, int>();
            var moves = new List<(int Mentee, int To)>();
            var gain = 0L;
            foreach (var i in s.Members[a].OrderByDescending(i => g.Value(i, a)).ThenBy(i => i))
            {
                var to = -1;
                foreach (var (b, _, _) in g.ArcsOf[i])
                {
                    if (b == a || s.Load[b] < g.Min || s.Load[b] + planned.GetValueOrDefault(b) >= g.Max[b]) continue;
                    to = b;
                    break;
                }
                if (to >= 0) planned[to] = planned.GetValueOrDefault(to) + 1;
                moves.Add((i, to));
                gain += g.Value(i, to) - g.Value(i, a);
            }
            if (gain <= 0) continue;
            foreach (var (i, to) in moves) s.Move(i, to);
            any = true;
        }
        return any;
    }
}
