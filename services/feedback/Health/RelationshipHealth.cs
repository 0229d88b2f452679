namespace Mentoring.Feedback.Health;

/// <summary>Why a relationship is at risk. Reasons only — never the content behind them.</summary>
public enum RiskReason
{
    /// <summary>No meeting held for <see cref="HealthRules.NoMeetingWeeks"/> weeks.</summary>
    NoRecentMeeting = 1,
    /// <summary>The last two meetings were missed.</summary>
    MissedTwice = 2,
    /// <summary>The pulse fell into poor territory: the mean of the latest answers is at most <see cref="HealthRules.PulseFloor"/>
    /// and below the mean of the ones before by at least <see cref="HealthRules.PulseDrop"/>; or the latest answer is 1.</summary>
    FallingPulse = 3,
    /// <summary>A fit check has gone unanswered for <see cref="HealthRules.FitCheckGraceDays"/> days.</summary>
    FitCheckUnanswered = 4,
    /// <summary>Someone answered the latest fit check "this is not working".</summary>
    FitCheckNo = 5,
}

/// <summary>Thresholds of the at-risk rules (per programme in time; the defaults follow the seeds' "usually at least weekly").</summary>
public sealed record HealthRules(int NoMeetingWeeks = 3, double PulseDrop = 1.0, double PulseFloor = 3.5, int PulseWindow = 3, int FitCheckGraceDays = 7);

/// <summary>A meeting's outcome as scheduling reported it.</summary>
public sealed record MeetingOutcome(DateTime StartAt, bool Held);

/// <summary>A pulse answer: 1 (bad) to 5 (good).</summary>
public sealed record PulseAnswer(DateTime AnsweredAt, int Rating);

/// <summary>A due fit check and, per participant who answered, whether it works for them.</summary>
public sealed record FitCheckState(DateTime DueAt, int Participants, IReadOnlyList<bool> Answers);

/// <summary>What the rules look at, for one relationship.</summary>
public sealed record HealthFacts(
    DateTime Now,
    DateTime ActiveSince,
    IReadOnlyList<MeetingOutcome> Meetings,
    IReadOnlyList<PulseAnswer> Pulses,
    IReadOnlyList<FitCheckState> FitChecks);

/// <summary>
/// The at-risk rules (pure): which reasons hold for a relationship now. An empty set is healthy.
/// Feedback publishes <c>RelationshipAtRisk</c> when the set becomes non-empty or changes, and
/// <c>RelationshipHealthy</c> when it empties again.
/// </summary>
public static class RelationshipHealth
{
    public static IReadOnlySet<RiskReason> Evaluate(HealthFacts facts, HealthRules rules)
    {
        var reasons = new SortedSet<RiskReason>();
        var past = facts.Meetings.Where(m => m.StartAt <= facts.Now).OrderBy(m => m.StartAt).ToList();

        var lastHeld = past.LastOrDefault(m => m.Held)?.StartAt ?? facts.ActiveSince;
        if (facts.Now - lastHeld >= TimeSpan.FromDays(7 * rules.NoMeetingWeeks)) reasons.Add(RiskReason.NoRecentMeeting);

        if (past.Count >= 2 && !past[^1].Held && !past[^2].Held) reasons.Add(RiskReason.MissedTwice);

        if (FallingPulse(facts.Pulses, rules)) reasons.Add(RiskReason.FallingPulse);

        var latestDue = facts.FitChecks.Where(f => f.DueAt <= facts.Now).MaxBy(f => f.DueAt);
        if (latestDue is not null)
        {
            if (latestDue.Answers.Any(working => !working)) reasons.Add(RiskReason.FitCheckNo);
            else if (latestDue.Answers.Count < latestDue.Participants && facts.Now - latestDue.DueAt >= TimeSpan.FromDays(rules.FitCheckGraceDays))
                reasons.Add(RiskReason.FitCheckUnanswered);
        }
        return reasons;
    }

    private static bool FallingPulse(IReadOnlyList<PulseAnswer> pulses, HealthRules rules)
    {
        var ordered = pulses.OrderBy(p => p.AnsweredAt).Select(p => p.Rating).ToList();
        if (ordered.Count == 0) return false;
        if (ordered[^1] == 1) return true;
        if (ordered.Count < 2 * rules.PulseWindow) return false;
        var latest = ordered.TakeLast(rules.PulseWindow).Average();
        var before = ordered.SkipLast(rules.PulseWindow).TakeLast(rules.PulseWindow).Average();
        return latest <= rules.PulseFloor && before - latest >= rules.PulseDrop;
    }
}
