namespace Mentoring.Matching.Engine.Programmes;

/// <summary>What ends a relationship of the programme (every relationship ends: docs/domain.md §3, "moving on").</summary>
public enum EndCondition
{
    /// <summary>Ends after <see cref="ProgrammeRules.DurationWeeks"/>.</summary>
    FixedDuration,
    /// <summary>Ends when the mentee's competency gap is assessed closed, at the latest after the duration when one is set.</summary>
    GapClosed,
    /// <summary>Ends when the goals agreed in contracting are reached, at the latest after the duration when one is set.</summary>
    GoalsReached,
    /// <summary>One event (speed mentoring): the pairing ends with it.</summary>
    SingleEvent,
}
