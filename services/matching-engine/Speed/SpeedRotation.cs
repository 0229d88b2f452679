namespace Mentoring.Matching.Engine.Speed;

/// <summary>
/// Plans the rounds of a speed-mentoring event: in each round every mentee talks with at most one
/// mentor and every mentor with at most one mentee, no mentee meets a mentor twice, and as many
/// conversations happen as the smaller side allows. Breaks (more mentees than mentors) or rests
/// (more mentors than mentees) are spread evenly: counts differ by at most one.
/// </summary>
/// <remarks>
/// Without excluded pairs the plan is a cyclic rotation: with n = max(mentees, mentors) seats per
/// side, mentee seat p faces mentor seat (p + round) mod n. The smaller side's people sit in
/// seats chosen by a balanced (Christoffel) word — seat p is taken when ⌊(p+1)c/n⌋ − ⌊pc/n⌋ = 1 —
/// so every window of consecutive rounds meets an empty seat ⌊Nc/n⌋ or ⌈Nc/n⌉ times: breaks are
/// even by construction. Hence N rounds are possible exactly when N ≤ n. With excluded pairs the
/// rotation is tried under a few deterministic reshuffles of the seats; if none avoids them, the
/// rounds are matched one by one (augmenting paths, those with the most breaks first) and any
/// unevenness is reported.
/// </remarks>
public static class SpeedRotation
{
    private const int ReshuffleAttempts = 64;

    /// <summary>Plans <paramref name="rounds"/> rounds. <paramref name="excludedPairs"/> (mentee, mentor) must never meet (e.g. a reporting line).</summary>
    public static SpeedPlan Plan(IReadOnlyList<Guid> mentees, IReadOnlyList<Guid> mentors, int rounds,
        IReadOnlySet<(Guid Mentee, Guid Mentor)>? excludedPairs = null)
    {
        ArgumentNullException.ThrowIfNull(mentees);
        ArgumentNullException.ThrowIfNull(mentors);
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        var seats = Math.Max(mentees.Count, mentors.Count);
        if (rounds > seats)
            return new SpeedPlan([], [$"{rounds} rounds need at least {rounds} mentors or {rounds} mentees, so that nobody meets anyone twice; there are {mentors.Count} mentors and {mentees.Count} mentees."]);

        bool Allowed(int e, int m) => excludedPairs is null || !excludedPairs.Contains((mentees[e], mentors[m]));

        for (var attempt = 0; attempt < (excludedPairs is { Count: > 0 } ? ReshuffleAttempts : 1); attempt++)
        {
            var menteeOrder = Order(mentees.Count, attempt, salt: 1);
            var mentorOrder = Order(mentors.Count, attempt, salt: 2);
            var schedule = Cyclic(menteeOrder, mentorOrder, seats, rounds);
            if (schedule.All(round => round.All(meeting => Allowed(meeting.Mentee, meeting.Mentor))))
                return Build(mentees, mentors, schedule, []);
        }
        return RoundByRound(mentees, mentors, rounds, Allowed);
    }

    /// <summary>0..count-1, shuffled deterministically for attempts after the first.</summary>
    private static int[] Order(int count, int attempt, int salt)
    {
        var order = Enumerable.Range(0, count).ToArray();
        if (attempt > 0) new Random(attempt * 7919 + salt).Shuffle(order);
        return order;
    }

    /// <summary>The cyclic rotation; people of the smaller side sit in the seats of a balanced word.</summary>
    private static List<List<(int Mentee, int Mentor)>> Cyclic(int[] menteeOrder, int[] mentorOrder, int seats, int rounds)
    {
        var menteeAt = Seat(menteeOrder, seats);
        var mentorAt = Seat(mentorOrder, seats);
        var schedule = new List<List<(int, int)>>(rounds);
        for (var r = 0; r < rounds; r++)
        {
            var meetings = new List<(int, int)>();
            for (var p = 0; p < seats; p++)
            {
                var (e, m) = (menteeAt[p], mentorAt[(p + r) % seats]);
                if (e >= 0 && m >= 0) meetings.Add((e, m));
            }
            schedule.Add(meetings);
        }
        return schedule;
    }

    /// <summary>Who sits in each of the seats, -1 for an empty one: the k-th person takes the k-th seat p with ⌊(p+1)c/n⌋ − ⌊pc/n⌋ = 1.</summary>
    private static int[] Seat(int[] people, int seats)
    {
        var at = new int[seats];
        var next = 0;
        for (var p = 0; p < seats; p++)
            at[p] = (long)(p + 1) * people.Length / seats - (long)p * people.Length / seats == 1 ? people[next++] : -1;
        return at;
    }

    private static SpeedPlan RoundByRound(IReadOnlyList<Guid> mentees, IReadOnlyList<Guid> mentors, int rounds, Func<int, int, bool> allowed)
    {
        var met = new HashSet<(int, int)>();
        var breaks = new int[mentees.Count];
        var rests = new int[mentors.Count];
        var schedule = new List<List<(int Mentee, int Mentor)>>();
        for (var r = 0; r < rounds; r++)
        {
            // Those with the most breaks (then rests) so far are served first; ties by input order.
            var menteeOrder = Enumerable.Range(0, mentees.Count).OrderByDescending(e => breaks[e]).ThenBy(e => e).ToArray();
            var mentorOrder = Enumerable.Range(0, mentors.Count).OrderByDescending(m => rests[m]).ThenBy(m => m).ToArray();
            var mentorOf = new int[mentees.Count];
            var menteeOf = new int[mentors.Count];
            Array.Fill(mentorOf, -1);
            Array.Fill(menteeOf, -1);
            foreach (var e in menteeOrder)
                TryAugment(e, new bool[mentors.Count], mentorOrder, mentorOf, menteeOf, (x, m) => allowed(x, m) && !met.Contains((x, m)));

            var meetings = new List<(int, int)>();
            for (var e = 0; e < mentees.Count; e++)
            {
                if (mentorOf[e] < 0) { breaks[e]++; continue; }
                meetings.Add((e, mentorOf[e]));
                met.Add((e, mentorOf[e]));
            }
            for (var m = 0; m < mentors.Count; m++)
                if (menteeOf[m] < 0) rests[m]++;
            schedule.Add(meetings);
        }

        var problems = new List<string>();
        var shortRounds = schedule.Count(s => s.Count < Math.Min(mentees.Count, mentors.Count));
        if (shortRounds > 0)
            problems.Add($"Excluded pairs leave {shortRounds} round{(shortRounds == 1 ? "" : "s")} with fewer conversations than the smaller side allows.");
        if (breaks.Length > 0 && breaks.Max() - breaks.Min() > 1)
            problems.Add($"Excluded pairs make breaks uneven: from {breaks.Min()} to {breaks.Max()} per mentee.");
        if (rests.Length > 0 && rests.Max() - rests.Min() > 1)
            problems.Add($"Excluded pairs make rests uneven: from {rests.Min()} to {rests.Max()} per mentor.");
        return Build(mentees, mentors, schedule, problems);
    }

    /// <summary>Kuhn's augmenting path from mentee e, trying mentors in the given order.</summary>
    private static bool TryAugment(int e, bool[] visited, int[] mentorOrder, int[] mentorOf, int[] menteeOf, Func<int, int, bool> allowed)
    {
        foreach (var m in mentorOrder)
        {
            if (visited[m] || !allowed(e, m)) continue;
            visited[m] = true;
            if (menteeOf[m] < 0 || TryAugment(menteeOf[m], visited, mentorOrder, mentorOf, menteeOf, allowed))
            {
                mentorOf[e] = m;
                menteeOf[m] = e;
                return true;
            }
        }
        return false;
    }

    private static SpeedPlan Build(IReadOnlyList<Guid> mentees, IReadOnlyList<Guid> mentors, List<List<(int Mentee, int Mentor)>> schedule, List<string> problems)
    {
        var rounds = new List<SpeedRound>(schedule.Count);
        for (var r = 0; r < schedule.Count; r++)
        {
            var busyMentee = new bool[mentees.Count];
            var busyMentor = new bool[mentors.Count];
            var meetings = schedule[r].OrderBy(x => x.Mentee).Select(x =>
            {
                busyMentee[x.Mentee] = busyMentor[x.Mentor] = true;
                return new SpeedMeeting(mentees[x.Mentee], mentors[x.Mentor]);
            }).ToList();
            rounds.Add(new SpeedRound(r + 1, meetings,
                [.. Enumerable.Range(0, mentees.Count).Where(e => !busyMentee[e]).Select(e => mentees[e])],
                [.. Enumerable.Range(0, mentors.Count).Where(m => !busyMentor[m]).Select(m => mentors[m])]));
        }
        return new SpeedPlan(rounds, problems);
    }
}
