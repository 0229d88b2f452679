namespace Mentoring.Matching.Engine.Candidates;

/// <summary>How candidates are generated.</summary>
public sealed record CandidateOptions
{
    /// <summary>The default number of candidates kept per mentee.</summary>
    public const int DefaultTopK = 50;

    /// <summary>Best candidates kept per mentee (at least 1).</summary>
    public int TopK { get; init; } = DefaultTopK;

    /// <summary>Threads used over mentees; -1 for as many as the machine has.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Competency display names by id, for explanations; an id without one is shown as is.</summary>
    public IReadOnlyDictionary<string, string>? CompetencyNames { get; init; }
}
