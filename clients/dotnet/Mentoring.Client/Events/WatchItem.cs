using Mentoring.Contracts.Integration.V1;

namespace Mentoring.Client;

/// <summary>
/// One item of a <see cref="ResumableEventStream"/>: an event, or a heartbeat when asked for.
/// <see cref="Position"/> is the cursor to save once the item is handled.
/// </summary>
public sealed record WatchItem(long Position, PartnerEvent? Event, Heartbeat? Heartbeat)
{
    public bool IsHeartbeat => Event is null;
}
