namespace Mentoring.Matching.Engine.Programmes;

/// <summary>
/// A range of seniority gaps, measured as the mentor's level minus the mentee's (so a negative gap
/// means the mentor is more junior). Both ends included.
/// </summary>
public readonly record struct SeniorityGapRange(int Min, int Max)
{
    /// <summary>Whether the gap lies in the range.</summary>
    public bool Contains(int gap) => gap >= Min && gap <= Max;

    /// <summary>How many levels the gap lies outside the range; 0 inside.</summary>
    public int DistanceTo(int gap) => gap < Min ? Min - gap : gap > Max ? gap - Max : 0;
}
