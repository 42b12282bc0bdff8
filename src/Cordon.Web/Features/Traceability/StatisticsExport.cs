using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using Cordon.Application.Common;
using Cordon.Application.Traceability;

namespace Cordon.Web.Features.Traceability;

/// <summary>The statistics as one long table (CSV), as a workbook with a sheet per statistic (Excel), and as SVG bar charts.</summary>
public static class StatisticsExport
{
    public static readonly string[] Columns = ["statistic", "party", "otherParty", "measure", "value", "from", "to"];

    private static string Iso(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Describe(StatisticsFilter f) =>
        $"{Iso(f.From)} to {Iso(f.To.AddDays(-1))}" + (f.Parties.Count > 0 ? " for " + string.Join(",", f.Parties) : "");

    /// <summary>Every figure as (statistic, party, other party, measure, value).</summary>
    public static IEnumerable<(string Statistic, string Party, string Other, string Measure, string Value)> Figures(TraceabilityStatisticsReport r)
    {
        yield return ("parties-registered", "", "", "parties", r.PartiesRegistered.ToString(CultureInfo.InvariantCulture));
        foreach (var p in r.RegisteredParties) yield return ("parties-registered", p, "", "registered", "1");
        foreach (var u in r.UsersPerParty)
        {
            yield return ("users-per-party", u.Party, "", "users", u.Users.ToString(CultureInfo.InvariantCulture));
            yield return ("users-per-party", u.Party, "", "users-with-keys", u.UsersWithKeys.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var a in r.ActiveParties)
        {
            yield return ("active-parties", a.Party, "", "requests", a.Requests.ToString(CultureInfo.InvariantCulture));
            yield return ("active-parties", a.Party, "", "replies", a.Replies.ToString(CultureInfo.InvariantCulture));
            yield return ("active-parties", a.Party, "", "follow-ups", a.FollowUps.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var m in r.MessagesPerParty)
        {
            yield return ("messages-per-party", m.Party, "", "sent", m.Sent.ToString(CultureInfo.InvariantCulture));
            yield return ("messages-per-party", m.Party, "", "received", m.Received.ToString(CultureInfo.InvariantCulture));
        }
        yield return ("messages-total", "", "", "messages", r.MessagesTotal.ToString(CultureInfo.InvariantCulture));
        foreach (var p in r.BetweenParties)
        {
            yield return ("between-parties", p.From, p.To, "messages", p.Messages.ToString(CultureInfo.InvariantCulture));
            yield return ("uims-between-parties", p.From, p.To, "uims", p.Uims.ToString(CultureInfo.InvariantCulture));
        }
        yield return ("uims-total", "", "", "uims", r.UimsTotal.ToString(CultureInfo.InvariantCulture));
        if (r.AverageReplyHours is { } avg) yield return ("average-reply-time", "", "", "hours", Num(avg));
        foreach (var t in r.ReplyTimes)
        {
            yield return ("average-reply-time", t.Party, "", "hours", Num(t.AverageHours));
            yield return ("average-reply-time", t.Party, "", "chains", t.Chains.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var u in r.Unread)
        {
            yield return ("not-actioned", u.Party, "", "not-actioned", u.NotActioned.ToString(CultureInfo.InvariantCulture));
            yield return ("not-actioned", u.Party, "", "unread", u.Unread.ToString(CultureInfo.InvariantCulture));
        }
    }

    public static async Task<string> CsvAsync(TraceabilityStatisticsReport r, CancellationToken ct)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        await CsvTable.WriteAsync(writer, Columns, Rows(r), ct);
        return writer.ToString();
    }

    private static async IAsyncEnumerable<string[]> Rows(TraceabilityStatisticsReport r)
    {
        foreach (var f in Figures(r)) yield return [f.Statistic, f.Party, f.Other, f.Measure, f.Value, Iso(r.From), Iso(r.To.AddDays(-1))];
        await Task.CompletedTask;
    }

    public static byte[] Excel(TraceabilityStatisticsReport r)
    {
        using var book = new XLWorkbook();
        void Sheet(string name, string[] headers, IEnumerable<object[]> rows)
        {
            var ws = book.Worksheets.Add(name);
            for (var i = 0; i < headers.Length; i++) ws.Cell(1, i + 1).Value = headers[i];
            ws.Row(1).Style.Font.Bold = true;
            var row = 2;
            foreach (var values in rows)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    var cell = ws.Cell(row, i + 1);
                    switch (values[i])
                    {
                        case int n: cell.Value = n; break;
                        case long n: cell.Value = n; break;
                        case double d: cell.Value = Math.Round(d, 2); break;
                        default: cell.Value = values[i]?.ToString() ?? ""; break;
                    }
                }
                row++;
            }
            // Fixed widths: ClosedXML 0.95 measures text with System.Drawing, which .NET does not support on Linux.
            for (var i = 1; i <= headers.Length; i++) ws.Column(i).Width = 20;
        }
        Sheet("Summary", ["Period from", "Period to", "Parties", "Parties registered", "Messages", "UIMs", "Average reply (hours)"],
            [[Iso(r.From), Iso(r.To.AddDays(-1)), r.Parties.Count == 0 ? "all" : string.Join(",", r.Parties), r.PartiesRegistered, r.MessagesTotal, r.UimsTotal,
                r.AverageReplyHours is { } a ? Math.Round(a, 2) : ""]]);
        Sheet("Users per Party", ["Party", "Users", "Users with keys"], r.UsersPerParty.Select(u => new object[] { u.Party, u.Users, u.UsersWithKeys }));
        Sheet("Active Parties", ["Party", "Requests", "Replies", "Follow-ups"], r.ActiveParties.Select(a => new object[] { a.Party, a.Requests, a.Replies, a.FollowUps }));
        Sheet("Messages per Party", ["Party", "Sent", "Received"], r.MessagesPerParty.Select(m => new object[] { m.Party, m.Sent, m.Received }));
        Sheet("Between Parties", ["From", "To", "Messages", "UIMs"], r.BetweenParties.Select(p => new object[] { p.From, p.To, p.Messages, p.Uims }));
        Sheet("Reply time", ["Responding Party", "Chains answered", "Average hours"], r.ReplyTimes.Select(t => new object[] { t.Party, t.Chains, t.AverageHours }));
        Sheet("Not actioned", ["Party", "Not actioned", "Unread"], r.Unread.Select(u => new object[] { u.Party, u.NotActioned, u.Unread }));
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// A horizontal bar chart as inline SVG markup (server-rendered: no script, allowed by the CSP). Labels are Party
    /// codes and numbers only, escaped anyway.
    /// </summary>
    public static string BarChart(string title, IReadOnlyList<(string Label, double Value)> bars, string unit = "")
    {
        const int width = 520, barHeight = 22, left = 70, gap = 6, top = 28;
        var max = bars.Count == 0 ? 1 : Math.Max(bars.Max(b => b.Value), 1e-9);
        var height = top + bars.Count * (barHeight + gap) + 10;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Esc(title)}</title><text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">{Esc(title)}</text>");
        var y = top;
        foreach (var (label, value) in bars)
        {
            var w = (int)Math.Round((width - left - 80) * value / max);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 16}\" font-size=\"13\">{Esc(label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{y}\" width=\"{Math.Max(w, 1)}\" height=\"{barHeight}\" fill=\"#2b6cb0\"></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + w + 6}\" y=\"{y + 16}\" font-size=\"13\">{Esc(Num(value) + unit)}</text>");
            y += barHeight + gap;
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Esc(string s) => System.Net.WebUtility.HtmlEncode(s);
}
