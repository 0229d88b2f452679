using Mentoring.Contracts.Reporting.V1;

namespace Mentoring.Reporting.Rendering;

/// <summary>
/// A table's first value column as a bar chart in SVG (ScottPlot); withheld figures are left out (the
/// caption says how many); no chart at all when nothing but zeros would be drawn.
/// </summary>
public static class BarChart
{
    /// <summary>How many rows the chart leaves out because their figure is withheld.</summary>
    public static int Withheld(ReportTable table) => table.Rows.Count(r => r.Values.Count == 0 || r.Values[0].Suppressed);

    public static string? Svg(ReportTable table, int width = 640, int height = 320)
    {
        var shown = table.Rows.Where(r => r.Values.Count > 0 && !r.Values[0].Suppressed).ToList();
        if (shown.All(r => r.Values[0].Value == 0)) return null; // nothing to draw: all withheld, or all zero
        var plot = new ScottPlot.Plot();
        var bars = plot.Add.Bars(shown.Select(r => r.Values[0].Value).ToArray());
        bars.Color = ScottPlot.Color.FromHex("#2f6f9f");
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, shown.Count).Select(i => (double)i).ToArray(), shown.Select(r => r.Label).ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title(table.Title);
        return plot.GetSvgXml(width, height);
    }
}
