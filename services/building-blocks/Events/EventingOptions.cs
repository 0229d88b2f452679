namespace Mentoring.BuildingBlocks.Events;

/// <summary>Configuration section <c>Events</c>.</summary>
public sealed class EventingOptions
{
    public const string Section = "Events";

    /// <summary><c>postgres</c> (durable log in the database; the embedded default) or <c>dapr</c>.</summary>
    public string Transport { get; set; } = "postgres";

    /// <summary>Dapr pub/sub component name.</summary>
    public string PubSubName { get; set; } = "pubsub";

    /// <summary>Dapr: the token the sidecar sends in <c>dapr-api-token</c> (its APP_API_TOKEN); empty to rely on network policy.</summary>
    public string AppApiToken { get; set; } = "";

    /// <summary>How often workers look for due work when no notification arrives.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Outbox relay: first retry delay and its cap.</summary>
    public TimeSpan PublishRetryInitial { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan PublishRetryMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Subscriber redelivery: first retry delay, cap, and attempts before the dead letters.</summary>
    public TimeSpan DeliveryRetryInitial { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan DeliveryRetryMax { get; set; } = TimeSpan.FromMinutes(10);
    public int MaxDeliveryAttempts { get; set; } = 8;

    /// <summary>Events read from the log per batch.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Postgres transport: deleting old rows of the shared log (docs/adr/0001-postgres-event-transport.md).</summary>
    public LogRetentionOptions LogRetention { get; set; } = new();

    /// <summary>Either transport: deleting this service's old outbox and inbox rows (docs/operations.md, "Event tables").</summary>
    public Housekeeping.EventTablePruningOptions Pruning { get; set; } = new();

    /// <summary>
    /// Postgres transport: subscribers allowed to start from the oldest event still on the log when
    /// the events before it were deleted, knowingly missing them (docs/operations.md, "Event log
    /// retention"). Any other subscriber in that state is held and reported instead.
    /// </summary>
    public List<string> AcceptPrunedLog { get; set; } = [];

    public bool UsesDapr => string.Equals(Transport, "dapr", StringComparison.OrdinalIgnoreCase);

    public Backoff PublishBackoff => new(PublishRetryInitial, PublishRetryMax);
    public Backoff DeliveryBackoff => new(DeliveryRetryInitial, DeliveryRetryMax);
}
