using Mentoring.BuildingBlocks.Events.Transports.Postgres;

namespace Mentoring.BuildingBlocks.Events.Operations;

/// <summary>
/// A subscriber of this service as <c>GET /ops/events/subscribers</c> shows it: whether it waits
/// for a bootstrap because retention deleted events it had not read, and what to do then
/// (docs/operations.md, "Event log retention"). Names and topics only, no organisation's data.
/// </summary>
public sealed record SubscriberState(string Subscriber, string Topic, bool NeedsBootstrap, string? Detail)
{
    public static IReadOnlyList<SubscriberState> Of(EventSubscriptions subscriptions, LogGaps gaps) =>
        subscriptions.All
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => gaps.Of(s.Name) is { } gap
                ? new SubscriberState(s.Name, s.Event.Topic, true, gap.Message)
                : new SubscriberState(s.Name, s.Event.Topic, false, null))
            .ToList();
}
