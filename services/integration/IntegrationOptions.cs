namespace Mentoring.Integration;

/// <summary>Configuration section <c>Integration</c> (docs/integration.md).</summary>
public sealed class IntegrationOptions
{
    public const string Section = "Integration";

    /// <summary>How often a WatchEvents stream sends a heartbeat with its position.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often a stream looks at the log when no notification woke it (a lost NOTIFY, a dropped
    /// LISTEN connection): the longest a live event can wait.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Events read from the log per query.</summary>
    public int BatchSize { get; set; } = 200;
}
