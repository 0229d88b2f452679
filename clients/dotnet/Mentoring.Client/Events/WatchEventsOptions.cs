using Grpc.Core;

namespace Mentoring.Client;

/// <summary>What a <see cref="ResumableEventStream"/> watches, from where, and how it reconnects.</summary>
public sealed record WatchEventsOptions
{
    /// <summary>CloudEvents types, e.g. <c>mentoring.events.v1.RelationshipStateChanged</c>; empty: every type the token allows.</summary>
    public IReadOnlyList<string> EventTypes { get; init; } = [];

    /// <summary>
    /// The position of the last event already handled (the cursor the app saved): the stream starts
    /// after it. <c>0</c>: from the beginning of the log; null: from now (the first heartbeat gives the position).
    /// </summary>
    public long? ResumeAfter { get; init; }

    /// <summary>Also yield heartbeats (their position is a safe cursor too, past events the app does not receive). Default: swallowed.</summary>
    public bool IncludeHeartbeats { get; init; }

    /// <summary>First wait before reconnecting; doubles (with jitter) up to <see cref="MaxBackoff"/> while reconnecting fails.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between two reconnection attempts.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A stream that sends nothing (not even a heartbeat) for this long is taken as dead and reconnected.
    /// Keep it above the service's heartbeat interval (<c>Integration__HeartbeatInterval</c>, 15 s).
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Failed connection attempts in a row before the enumeration throws (at least 2; default: never gives up).</summary>
    public int MaxAttempts { get; init; } = int.MaxValue;

    /// <summary>Called before each reconnection: the failure (null when the stream just ended) and the wait.</summary>
    public Action<RpcException?, TimeSpan>? OnReconnect { get; init; }
}
