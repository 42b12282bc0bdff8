using System.Globalization;
using System.Net;
using System.Text;

namespace Cordon.Web.Infrastructure;

/// <summary>
/// Small server-rendered charts as SVG (lines over years, grouped bars per category): no script, fit the content
/// security policy, print and download as an image. Shared by the modules (Monitoring profiles, Authorizations dashboard, PreExport statistics); <see cref="PngChart"/> draws line charts as PNG.
/// </summary>
public static class SvgChart
{
    public sealed record Series(string Name, IReadOnlyList<(int X, double? Y)> Points);

    /// <summary>What a line chart shows, independent of the image format (SVG here, PNG in <see cref="PngChart"/>).</summary>
    public sealed record Chart(string Title, string YLabel, IReadOnlyList<Series> Series, IReadOnlyList<(double Y, string Label)>? Bands = null);

    public static string Render(Chart c) => Lines(c.Title, c.YLabel, c.Series, c.Bands);

    private static readonly string[] Colours = ["#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085"];

    public static string Lines(string title, string yLabel, IReadOnlyList<Series> series, IReadOnlyList<(double Y, string Label)>? bands = null, int width = 640, int height = 280)
    {
        const int left = 70, right = 150, top = 30, bottom = 40;
        var inv = CultureInfo.InvariantCulture;
        var xs = series.SelectMany(s => s.Points.Select(p => p.X)).Distinct().Order().ToList();
        var ys = series.SelectMany(s => s.Points.Where(p => p.Y is { } y && double.IsFinite(y)).Select(p => p.Y!.Value)).Concat(bands?.Select(b => b.Y) ?? []).ToList();
        var maxY = ys.Count == 0 ? 1 : Math.Max(ys.Max() * 1.1, 1e-9);
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        double Px(int x) => xs.Count <= 1 ? left + plotW / 2.0 : left + (x - xs[0]) * plotW / (double)(xs[^1] - xs[0]);
        double Py(double y) => top + plotH - y / maxY * plotH;
        string F(double v) => v.ToString("0.#", inv);
        var svg = Frame(title, width, height, left, top, plotW, plotH, maxY);
        foreach (var x in xs)
            svg.Append(inv, $"<text x=\"{F(Px(x))}\" y=\"{top + plotH + 16}\" text-anchor=\"middle\">{x}</text>");
        YLabel(svg, yLabel, top, plotH);
        foreach (var (y, label) in bands ?? [])
            svg.Append(inv, $"<line x1=\"{left}\" y1=\"{F(Py(y))}\" x2=\"{left + plotW}\" y2=\"{F(Py(y))}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/><text x=\"{left + plotW + 4}\" y=\"{F(Py(y) + 4)}\" fill=\"#666\">{Esc(label)}</text>");
        for (var i = 0; i < series.Count; i++)
        {
            var colour = Colours[i % Colours.Length];
            var pts = series[i].Points.Where(p => p.Y is { } y && double.IsFinite(y)).OrderBy(p => p.X).ToList();
            if (pts.Count > 1)
                svg.Append(inv, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', pts.Select(p => F(Px(p.X)) + "," + F(Py(p.Y!.Value))))}\"/>");
            foreach (var p in pts)
                svg.Append(inv, $"<circle cx=\"{F(Px(p.X))}\" cy=\"{F(Py(p.Y!.Value))}\" r=\"3\" fill=\"{colour}\"><title>{p.X}: {Esc(Short(p.Y!.Value))}</title></circle>");
            Legend(svg, i, series[i].Name, left + plotW, top);
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>One bar series: a value (or none) per category.</summary>
    public sealed record BarSeries(string Name, IReadOnlyList<double?> Values);

    /// <summary>
    /// Grouped bars: one group per category (e.g. a substance), one bar per series (e.g. estimate and authorized), with
    /// the same axes, grid and legend as <see cref="Lines"/>.
    /// </summary>
    public static string Bars(string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series, int width = 640, int height = 300)
    {
        const int left = 70, right = 150, top = 30, bottom = 60;
        var inv = CultureInfo.InvariantCulture;
        var ys = series.SelectMany(s => s.Values.Where(v => v is { } y && double.IsFinite(y)).Select(v => v!.Value)).ToList();
        var maxY = ys.Count == 0 ? 1 : Math.Max(ys.Max() * 1.1, 1e-9);
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        double Py(double y) => top + plotH - Math.Max(0, y) / maxY * plotH;
        string F(double v) => v.ToString("0.#", inv);
        var svg = Frame(title, width, height, left, top, plotW, plotH, maxY);
        YLabel(svg, yLabel, top, plotH);
        var groupW = categories.Count == 0 ? plotW : plotW / (double)categories.Count;
        var barW = groupW * 0.8 / Math.Max(1, series.Count);
        for (var c = 0; c < categories.Count; c++)
        {
            var x0 = left + c * groupW + groupW * 0.1;
            for (var i = 0; i < series.Count; i++)
            {
                if (c >= series[i].Values.Count || series[i].Values[c] is not { } y || !double.IsFinite(y)) continue;
                svg.Append(inv, $"<rect x=\"{F(x0 + i * barW)}\" y=\"{F(Py(y))}\" width=\"{F(Math.Max(1, barW - 1))}\" height=\"{F(top + plotH - Py(y))}\" fill=\"{Colours[i % Colours.Length]}\" data-series=\"{Esc(series[i].Name)}\" data-category=\"{Esc(categories[c])}\"><title>{Esc(categories[c])}, {Esc(series[i].Name)}: {Esc(Short(y))}</title></rect>");
            }
            var cx = left + c * groupW + groupW / 2;
            svg.Append(inv, $"<text x=\"{F(cx)}\" y=\"{top + plotH + 14}\" text-anchor=\"end\" transform=\"rotate(-30 {F(cx)} {top + plotH + 14})\">{Esc(categories[c])}</text>");
        }
        for (var i = 0; i < series.Count; i++) Legend(svg, i, series[i].Name, left + plotW, top);
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The common frame: background, title, axes and four grid lines labelled from 0 to <paramref name="maxY"/>.</summary>
    private static StringBuilder Frame(string title, int width, int height, int left, int top, int plotW, int plotH, double maxY)
    {
        var inv = CultureInfo.InvariantCulture;
        string F(double v) => v.ToString("0.#", inv);
        var svg = new StringBuilder();
        svg.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Esc(title)}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(inv, $"<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/><text x=\"{left}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{Esc(title)}</text>");
        svg.Append(inv, $"<line x1=\"{left}\" y1=\"{top + plotH}\" x2=\"{left + plotW}\" y2=\"{top + plotH}\" stroke=\"#333\"/><line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotH}\" stroke=\"#333\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var v = maxY * i / 4;
            var y = top + plotH - v / maxY * plotH;
            svg.Append(inv, $"<line x1=\"{left - 4}\" y1=\"{F(y)}\" x2=\"{left + plotW}\" y2=\"{F(y)}\" stroke=\"#eee\"/><text x=\"{left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{Esc(Short(v))}</text>");
        }
        return svg;
    }

    private static void YLabel(StringBuilder svg, string yLabel, int top, int plotH) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{top + plotH / 2}\" transform=\"rotate(-90 14 {top + plotH / 2})\" text-anchor=\"middle\">{Esc(yLabel)}</text>");

    private static void Legend(StringBuilder svg, int i, string name, int x, int top) =>
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + 10}\" y=\"{top + 20 + i * 16}\" width=\"10\" height=\"10\" fill=\"{Colours[i % Colours.Length]}\"/><text x=\"{x + 24}\" y=\"{top + 29 + i * 16}\">{Esc(name)}</text>");

    private static string Short(double v) => Math.Abs(v) switch
    {
        >= 1e9 => (v / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "G",
        >= 1e6 => (v / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (v / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => v.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
