namespace Mentoring.BuildingBlocks.Events;

/// <summary>Configuration section <c>Events:LogRetention</c> (docs/operations.md, "Event log retention").</summary>
public sealed class LogRetentionOptions
{
    /// <summary>Off by default: the log keeps everything and a new subscriber reads it from the start.</summary>
    public bool Enabled { get; set; }

    /// <summary>Rows younger than this are kept even when every subscriber has passed them.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Rows deleted per transaction: each batch holds back the readers' horizon only while it runs.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>How often each replica tries a sweep (only one sweeps at a time).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
