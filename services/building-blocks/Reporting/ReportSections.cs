using Google.Protobuf.WellKnownTypes;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Reporting.V1;

namespace Mentoring.BuildingBlocks.Reporting;

/// <summary>A figure and how many distinct people stand behind it.</summary>
public readonly record struct Figure(double Value, int People)
{
    /// <summary>
    /// The figure as a report shows it: withheld when one to four people stand behind it (nobody at all
    /// is a true zero and reveals no one).
    /// </summary>
    public ReportValue ToValue() => People is > 0 and < ReportSections.MinimumGroup
        ? new ReportValue { Suppressed = true }
        : new ReportValue { Value = Math.Round(Value, 2) };

    /// <summary>A percentage of <paramref name="part"/> in <paramref name="whole"/>, behind <paramref name="people"/> people.</summary>
    public static Figure Percent(int part, int whole, int people) => new(whole == 0 ? 0 : 100.0 * part / whole, whole == 0 ? 0 : people);
}

/// <summary>
/// Builds a service's section of a programme report with k-anonymity enforced here, in the service
/// (docs/reporting.md): every figure carries the number of people behind it and is suppressed below
/// five. Also parses the request every service answers the same way.
/// </summary>
public static class ReportSections
{
    public const int MinimumGroup = 5;
    public static readonly TimeSpan LongestPeriod = TimeSpan.FromDays(3 * 366);

    /// <summary>
    /// A section over a programme with <paramref name="mentees"/> mentees. Below five, it shows no figure
    /// at all, whatever the cell: in so small a programme any count or rate points at someone.
    /// </summary>
    public static ReportSection Section(string id, string title, int mentees, params ReportTable[] tables)
    {
        var section = new ReportSection { Id = id, Title = title, MinimumGroup = MinimumGroup };
        section.Tables.AddRange(tables);
        if (mentees < MinimumGroup)
            foreach (var value in section.Tables.SelectMany(t => t.Rows).SelectMany(r => r.Values).Where(v => v.Value != 0))
                (value.Value, value.Suppressed) = (0, true);
        return section;
    }

    public static ReportTable Table(string id, string title, string[] columns, IEnumerable<(string Label, Figure[] Values)> rows,
        ChartKind chart = ChartKind.Unspecified, string note = "")
    {
        var table = new ReportTable { Id = id, Title = title, Chart = chart, Note = note };
        table.Columns.AddRange(columns);
        foreach (var (label, values) in rows)
        {
            var row = new ReportRow { Label = label };
            row.Values.AddRange(values.Select(v => v.ToValue()));
            table.Rows.Add(row);
        }
        return table;
    }

    /// <summary>An enum value's C# name as a row label: GoalsMet → "Goals met".</summary>
    public static string Label(string enumName) =>
        string.Concat(enumName.Select((ch, i) => i > 0 && char.IsUpper(ch) ? " " + char.ToLowerInvariant(ch) : ch.ToString()));

    /// <summary>The programme and the period [start, end) of the request, or INVALID_ARGUMENT with field violations.</summary>
    public static (Guid Programme, DateTime Start, DateTime End) Parse(GetProgrammeReportSectionRequest request)
    {
        var v = new Violations();
        if (!ResourceName.TryParse("programmes", request.Programme, out var programme)) v.Add("programme", "must be programmes/{programme_id}");
        var start = Instant(v, "start_time", request.StartTime);
        var end = Instant(v, "end_time", request.EndTime);
        if (start is { } s && end is { } e)
        {
            if (e <= s) v.Add("end_time", "must be after start_time");
            else if (e - s > LongestPeriod) v.Add("end_time", "must be at most 3 years after start_time");
        }
        v.ThrowIfAny();
        return (programme, start!.Value, end!.Value);
    }

    private static DateTime? Instant(Violations v, string field, Timestamp? t)
    {
        if (t is null) { v.Add(field, "is required"); return null; }
        if (t.Seconds < -62135596800 || t.Seconds > 253402300799 || t.Nanos is < 0 or > 999_999_999) { v.Add(field, "must be a valid time"); return null; }
        return t.ToDateTime();
    }
}
