using Mentoring.Scheduling.Engine.Recurrence;
using NodaTime;
using Npgsql;

namespace Mentoring.Scheduling.Series;

/// <summary>
/// "This and following" from an occurrence after the first: the series keeps the occurrences
/// before it (its rule now ends there, <see cref="Recurrences.SplitAt"/>) and the rest follow a
/// new rule, for a new series. Positions in the new series count from the split occurrence.
/// </summary>
public static class SeriesSplit
{
    /// <summary>Ends the series' rule before the occurrence at <paramref name="position"/> (stored) and returns the rule of the rest.</summary>
    public static async Task<SeriesRule> SplitAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, SeriesRecord series, int position, CancellationToken ct)
    {
        var rule = series.Rule();
        var occurrenceStart = Recurrences.Expand(rule, Duration.FromMinutes(series.DurationMinutes))[position].LocalStart;
        var (before, after) = Recurrences.SplitAt(rule, occurrenceStart);
        await SeriesStore.UpdateRuleAsync(c, tx, tenantId, series.Id, before, series.DurationMinutes, ct);
        return after!;
    }
}
