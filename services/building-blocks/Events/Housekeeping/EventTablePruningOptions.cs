namespace Mentoring.BuildingBlocks.Events.Housekeeping;

/// <summary>Configuration section <c>Events:Pruning</c>: deleting a service's old outbox and inbox rows.</summary>
public sealed class EventTablePruningOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Outbox rows published and inbox rows handled longer ago than this are deleted. Far longer
    /// than any redelivery (a broker's takes minutes; the postgres transport never reads behind
    /// its cursor), so an inbox row is never gone when its event could still come again.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Rows deleted per short transaction.</summary>
    public int BatchSize { get; set; } = 1000;

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
