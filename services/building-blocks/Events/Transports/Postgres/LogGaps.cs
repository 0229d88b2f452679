using System.Collections.Concurrent;

namespace Mentoring.BuildingBlocks.Events.Transports.Postgres;

/// <summary>A subscriber held back because events it had not read were deleted from the log.</summary>
public sealed record LogGap(string Subscriber, string Topic, long PrunedTx, long PrunedPosition, DateTimeOffset Since)
{
    public const string Remedy =
        "Events of its topic it had not read were deleted from eventbus.log by retention. Rebuild the subscriber's state "
        + "from its source, then let it start from the oldest retained event by adding it to Events:AcceptPrunedLog and "
        + "restarting (docs/operations.md, \"Event log retention\").";

    public string Message =>
        $"Subscriber {Subscriber} needs a bootstrap: events of {Topic} up to ({PrunedTx}, {PrunedPosition}) were deleted before it read them. {Remedy}";
}

/// <summary>
/// The subscribers of this service that the worker holds back for a bootstrap, as it last found
/// them; readiness and <c>/ops/events/subscribers</c> report them.
/// </summary>
public sealed class LogGaps
{
    private readonly ConcurrentDictionary<string, LogGap> bySubscriber = new(StringComparer.Ordinal);

    public IReadOnlyList<LogGap> All => bySubscriber.Values.OrderBy(g => g.Subscriber, StringComparer.Ordinal).ToList();

    public LogGap? Of(string subscriber) => bySubscriber.GetValueOrDefault(subscriber);

    /// <summary>Records the gap; true when it is new (so it is logged once, loudly).</summary>
    public bool Report(LogGap gap) => bySubscriber.TryAdd(gap.Subscriber, gap);

    public void Clear(string subscriber) => bySubscriber.TryRemove(subscriber, out _);
}
