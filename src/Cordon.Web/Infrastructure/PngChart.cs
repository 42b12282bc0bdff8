using System.Globalization;
using ScottPlot;

namespace Cordon.Web.Infrastructure;

/// <summary>
/// The same line charts as <see cref="SvgChart"/>, drawn as PNG with ScottPlot (SkiaSharp; native assets for Linux without
/// dependencies), for those who paste charts into documents that do not take SVG. Years on the X axis are whole numbers.
/// </summary>
public static class PngChart
{
    private static readonly string[] Colours = ["#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085"];

    public const string ContentType = "image/png";

    public static byte[] Render(SvgChart.Chart chart, int width = 800, int height = 360)
    {
        using var plot = new Plot();
        plot.Title(chart.Title);
        plot.YLabel(chart.YLabel);
        var xs = chart.Series.SelectMany(s => s.Points.Select(p => p.X)).Distinct().Order().ToList();
        for (var i = 0; i < chart.Series.Count; i++)
        {
            var pts = chart.Series[i].Points.Where(p => p.Y is { } y && double.IsFinite(y)).OrderBy(p => p.X).ToList();
            if (pts.Count == 0) continue;
            var scatter = plot.Add.Scatter(pts.Select(p => (double)p.X).ToArray(), pts.Select(p => p.Y!.Value).ToArray(), Color.FromHex(Colours[i % Colours.Length]));
            scatter.LegendText = chart.Series[i].Name;
            scatter.LineWidth = 2;
        }
        foreach (var (y, label) in chart.Bands ?? [])
        {
            var line = plot.Add.HorizontalLine(y);
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.Gray;
            line.LegendText = label;
        }
        if (xs.Count > 0)
        {
            // One tick per year, written as a year (not "2,020").
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            var step = Math.Max(1, xs.Count / 12);
            for (var k = 0; k < xs.Count; k += step) ticks.AddMajor(xs[k], xs[k].ToString(CultureInfo.InvariantCulture));
            plot.Axes.Bottom.TickGenerator = ticks;
            plot.Axes.SetLimitsX(xs[0] - 0.5, xs[^1] + 0.5);
        }
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
