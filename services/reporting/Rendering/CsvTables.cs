using System.Globalization;
using CsvHelper;

namespace Mentoring.Reporting.Rendering;

/// <summary>One CSV file per table, <c>{section}-{table}.csv</c>: the label column, then one column per value; withheld figures read "suppressed".</summary>
public static class CsvTables
{
    public static IEnumerable<(string Name, string Csv)> Render(ProgrammeReport report)
    {
        foreach (var section in report.Sections)
            foreach (var table in section.Tables)
            {
                using var text = new StringWriter(CultureInfo.InvariantCulture);
                using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
                {
                    csv.WriteField(table.Title);
                    foreach (var column in table.Columns) csv.WriteField(column);
                    csv.NextRecord();
                    foreach (var row in table.Rows)
                    {
                        csv.WriteField(row.Label);
                        foreach (var value in row.Values) csv.WriteField(ProgrammeReport.Show(value));
                        csv.NextRecord();
                    }
                }
                yield return ($"{section.Id}-{table.Id}.csv", text.ToString());
            }
    }
}
