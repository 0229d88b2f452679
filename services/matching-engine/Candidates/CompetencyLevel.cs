namespace Mentoring.Matching.Engine.Candidates;

/// <summary>A person's latest assessment in one competency: the current level and, as a mentee, the target.</summary>
public readonly record struct CompetencyLevel(int Current, int? Target = null)
{
    /// <summary>Levels still to gain: target minus current when positive, else 0.</summary>
    public int Gap => Target is { } target && target > Current ? target - Current : 0;
}
