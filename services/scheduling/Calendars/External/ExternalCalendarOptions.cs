namespace Mentoring.Scheduling.Calendars.External;

/// <summary>
/// Settings of published (external) calendars, in the <c>Scheduling</c> section beside
/// <see cref="SchedulingOptions"/>. The sweeper looks for due calendars every
/// <see cref="SchedulingOptions.SweepInterval"/>, like the reminder sweeper.
/// </summary>
public sealed class ExternalCalendarOptions
{
    /// <summary>How often each linked calendar is fetched again.</summary>
    public TimeSpan ExternalCalendarSyncInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long one fetch may take in all (redirects and body included).</summary>
    public TimeSpan ExternalCalendarTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest calendar read, in bytes; reading stops beyond it.</summary>
    public long ExternalCalendarMaxBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>
    /// Development and tests only: also accept http addresses and hosts on loopback or private
    /// networks (which are otherwise refused, so that a link cannot reach internal services).
    /// </summary>
    public bool ExternalCalendarAllowInsecureUrls { get; set; }
}
