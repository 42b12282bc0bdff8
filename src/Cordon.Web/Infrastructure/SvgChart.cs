using System.Globalization;
using System.Net;
using System.Text;

namespace Cordon.Web.Infrastructure;

/// <summary>
/// A small server-rendered line chart as SVG: no script, fits the content security policy, prints and downloads as an image.
/// Shared by Monitoring (country profiles) and PreExport (statistics); <see cref="PngChart"/> draws the same series as PNG.
/// </summary>
public static class SvgChart
{
    public sealed record Series(string Name, IReadOnlyList<(int X, double? Y)> Points);

    /// <summary>What a chart shows, independent of the image format (SVG here, PNG in <see cref="PngChart"/>).</summary>
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
        var svg = new StringBuilder();
        svg.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Esc(title)}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(inv, $"<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/><text x=\"{left}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{Esc(title)}</text>");
        svg.Append(inv, $"<line x1=\"{left}\" y1=\"{top + plotH}\" x2=\"{left + plotW}\" y2=\"{top + plotH}\" stroke=\"#333\"/><line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotH}\" stroke=\"#333\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var v = maxY * i / 4;
            svg.Append(inv, $"<line x1=\"{left - 4}\" y1=\"{F(Py(v))}\" x2=\"{left + plotW}\" y2=\"{F(Py(v))}\" stroke=\"#eee\"/><text x=\"{left - 6}\" y=\"{F(Py(v) + 4)}\" text-anchor=\"end\">{Esc(Short(v))}</text>");
        }
        foreach (var x in xs)
            svg.Append(inv, $"<text x=\"{F(Px(x))}\" y=\"{top + plotH + 16}\" text-anchor=\"middle\">{x}</text>");
        svg.Append(inv, $"<text x=\"14\" y=\"{top + plotH / 2}\" transform=\"rotate(-90 14 {top + plotH / 2})\" text-anchor=\"middle\">{Esc(yLabel)}</text>");
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
            svg.Append(inv, $"<rect x=\"{left + plotW + 10}\" y=\"{top + 20 + i * 16}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{left + plotW + 24}\" y=\"{top + 29 + i * 16}\">{Esc(series[i].Name)}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Short(double v) => Math.Abs(v) switch
    {
        >= 1e9 => (v / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "G",
        >= 1e6 => (v / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (v / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => v.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
