namespace Mentoring.BuildingBlocks.Events;

/// <summary>
/// How projections erase a person (PersonErased): the row stays as a tombstone stripped of personal
/// data, with the highest version, so a change delivered late (other subscribers have their own
/// cursors) can never bring the person back.
/// </summary>
public static class Erasure
{
    public const long TombstoneVersion = long.MaxValue;

    /// <summary>Removes failed deliveries (possibly dead letters) that still carry the person's data.</summary>
    public const string ScrubFailedDeliveriesSql =
        "DELETE FROM event_failure WHERE envelope #>> '{data,person,name}' = @name";
}
