using System.Net;
using System.Text;
using Mentoring.Contracts.Reporting.V1;

namespace Mentoring.Reporting.Rendering;

/// <summary>The report as one self-contained HTML page: styles inline, charts as inline SVG, no scripts.</summary>
public static class HtmlReport
{
    public static string Render(ProgrammeReport report)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append($"<title>Programme report {E(report.Period.Key)}</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#1a1a1a}")
            .Append("table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;padding:.3rem .6rem;text-align:right}")
            .Append("th:first-child,td:first-child{text-align:left}.suppressed{color:#555;font-style:italic}.note{color:#444}</style></head><body>\n")
            .Append($"<h1>{E(report.DisplayName)}: programme report</h1><p>Organisation <b>{E(report.Organisation)}</b>, programme <b>{E(report.DisplayName)}</b> ({E(report.Programme)}), ")
            .Append($"period <b>{E(report.Period.Key)}</b> ({report.Period.Start:yyyy-MM-dd} to {report.Period.End.AddTicks(-1):yyyy-MM-dd}).</p>\n")
            .Append($"<p class=\"note\">Every figure drawn from fewer than {ProgrammeReport.MinimumGroup} people is withheld (shown as <i>suppressed</i>), so no answer can be traced to a person.</p>\n");
        foreach (var section in report.Sections)
        {
            html.Append($"<section><h2>{E(section.Title)}</h2>\n");
            if (section.Tables.Count == 0) html.Append("<p class=\"note\">No data yet.</p>\n");
            foreach (var table in section.Tables) AppendTable(html, table, E);
            html.Append("</section>\n");
        }
        return html.Append("</body></html>\n").ToString();
    }

    private static void AppendTable(StringBuilder html, ReportTable table, Func<string, string> e)
    {
        html.Append($"<table id=\"{e(table.Id)}\"><caption>{e(table.Title)}</caption><thead><tr><th scope=\"col\"></th>");
        foreach (var column in table.Columns) html.Append($"<th scope=\"col\">{e(column)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append($"<tr><th scope=\"row\">{e(row.Label)}</th>");
            foreach (var v in row.Values)
                html.Append(v.Suppressed ? "<td class=\"suppressed\">suppressed</td>" : $"<td>{e(ProgrammeReport.Show(v))}</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>\n");
        if (table.Note.Length > 0) html.Append($"<p class=\"note\">{e(table.Note)}</p>\n");
        if (table.Chart == ChartKind.Bar && BarChart.Svg(table) is { } svg)
        {
            var withheld = BarChart.Withheld(table);
            var caption = withheld > 0 ? $"<figcaption>{withheld} bar(s) left out: fewer than {ProgrammeReport.MinimumGroup} people behind them.</figcaption>" : "";
            html.Append($"<figure role=\"img\" aria-label=\"{e(table.Title)}\">{svg}{caption}</figure>\n");
        }
    }
}
