using Mentoring.Contracts.Reporting.V1;
using Mentoring.Reporting.Periods;

namespace Mentoring.Reporting.Rendering;

/// <summary>What one report holds: whose, which programme, which period, and each service's section.</summary>
public sealed record ProgrammeReport(string Organisation, string Programme, string DisplayName, ReportPeriod Period, IReadOnlyList<ReportSection> Sections)
{
    public const int MinimumGroup = 5;

    /// <summary>Every file of the report by name: report.html, report.json and one CSV per table.</summary>
    public IReadOnlyDictionary<string, byte[]> Files()
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["report.html"] = System.Text.Encoding.UTF8.GetBytes(HtmlReport.Render(this)),
            ["report.json"] = System.Text.Encoding.UTF8.GetBytes(JsonReport.Render(this)),
        };
        foreach (var (name, csv) in CsvTables.Render(this)) files[name] = System.Text.Encoding.UTF8.GetBytes(csv);
        return files;
    }

    /// <summary>"12.5", or "suppressed" for a figure withheld for k-anonymity.</summary>
    public static string Show(ReportValue v) =>
        v.Suppressed ? "suppressed" : v.Value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
