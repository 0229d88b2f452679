using Mentoring.BuildingBlocks.Events;

namespace Mentoring.Integration.Webhooks;

/// <summary>Configuration section <c>Integration:Webhooks</c> (docs/integration.md, "Webhooks").</summary>
public sealed class WebhookOptions
{
    public const string Section = "Integration:Webhooks";

    /// <summary>
    /// Allows http://127.0.0.1 and http://localhost endpoints (development only, by configuration;
    /// everything else must be https).
    /// </summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>
    /// Allows endpoints on loopback, private, link-local and other non-public addresses (development
    /// and tests only). Off, such URLs are refused at registration and such addresses are never
    /// connected to (<see cref="EndpointAddresses"/>).
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Attempts before a delivery is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Delay after the first failure, doubling up to <see cref="RetryMax"/> (with jitter).</summary>
    public TimeSpan RetryInitial { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an endpoint may take to answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the sender looks for due deliveries when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public Backoff Backoff => new(RetryInitial, RetryMax);
}
