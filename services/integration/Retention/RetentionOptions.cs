namespace Mentoring.Integration.Retention;

/// <summary>Configuration section <c>Integration:Retention</c> (docs/integration.md, "Retention").</summary>
public sealed class RetentionOptions
{
    public const string Section = "Integration:Retention";

    /// <summary>How long an event stays in the partner log after it was recorded.</summary>
    public TimeSpan PartnerLog { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a delivery stays listed after it ended (delivered or dead-lettered).</summary>
    public TimeSpan Deliveries { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often a replica looks for what to delete.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Rows deleted per transaction, so that no sweep holds locks or a snapshot for long.</summary>
    public int BatchSize { get; set; } = 500;

    public void Validate()
    {
        if (PartnerLog <= TimeSpan.Zero || Deliveries <= TimeSpan.Zero || SweepInterval <= TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}: PartnerLog, Deliveries and SweepInterval must be positive.");
        if (BatchSize < 1) throw new InvalidOperationException($"{Section}:BatchSize must be at least 1.");
    }
}
