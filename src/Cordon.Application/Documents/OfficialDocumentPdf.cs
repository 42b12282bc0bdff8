using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Cordon.Application.Documents;

/// <summary>One labelled value of an official document (already localized).</summary>
public sealed record DocumentField(string Label, string Value);

/// <summary>A table of lines (consignments, specimens…): headers and rows of text, already localized.</summary>
public sealed record DocumentTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// The content of an official document as the PDF shows it, every text already in the reader's language. Dates are written
/// by the caller in ISO 8601 (UTC). <see cref="QrModules"/> is the QR code's module matrix (true = dark) pointing to
/// <see cref="VerifyUrl"/>; <see cref="SignatureDetails"/> are the signature's facts printed beside it.
/// </summary>
public sealed record OfficialDocument
{
    public required Guid DocumentId { get; init; }
    public required string Kind { get; init; }

    /// <summary>The signing authority's code (the Party code of its authority), written into the PDF's metadata.</summary>
    public required string AuthorityCode { get; init; }
    public required string Language { get; init; }

    /// <summary>First header line: the Party, e.g. "Austria (AT)".</summary>
    public required string Party { get; init; }

    /// <summary>Second header line: the issuing authority.</summary>
    public required string Authority { get; init; }
    public required string Title { get; init; }
    public string? Subtitle { get; init; }

    /// <summary>A prominent status line (e.g. "Cancelled") shown under the title when the document is no longer in force.</summary>
    public string? StatusBanner { get; init; }
    public IReadOnlyList<DocumentField> Fields { get; init; } = [];
    public DocumentTable? Lines { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];
    public required string VerifyLabel { get; init; }
    public required string VerifyUrl { get; init; }
    public required bool[][] QrModules { get; init; }
    public required string SignatureTitle { get; init; }
    public IReadOnlyList<DocumentField> SignatureDetails { get; init; } = [];

    /// <summary>Footer of every page: "Page {0} of {1}" format.</summary>
    public required string PageFormat { get; init; }
}

/// <summary>
/// The one layout of Cordon's official documents (authorizations, permits, certificates): A4, a header with the Party and the
/// authority, the title, a table of fields, an optional table of lines, then the QR code to the public verification page and
/// the signature's details; page numbers on every page. Text wraps; long tables continue on further pages.
/// </summary>
public static class OfficialDocumentPdf
{
    private const double Margin = 50;
    private const double LabelShare = 0.34;
    private const double Pad = 4;
    private static readonly XColor Ink = XColor.FromArgb(0x1b, 0x2a, 0x3a);
    private static readonly XColor Rule = XColor.FromArgb(0x9a, 0xa5, 0xb1);
    private static readonly XColor Shade = XColor.FromArgb(0xee, 0xf1, 0xf4);
    private static readonly XColor Alert = XColor.FromArgb(0xb0, 0x1e, 0x1e);

    /// <summary>Lays the document out; the caller signs and saves it (<see cref="PdfDocumentSignature"/>).</summary>
    public static PdfDocument Render(OfficialDocument d)
    {
        ArgumentNullException.ThrowIfNull(d);
        PdfSetup.EnsureInitialized();
        var pdf = new PdfDocument();
        pdf.Info.Title = d.Title + (d.Subtitle is null ? "" : " " + d.Subtitle);
        pdf.Info.Subject = d.Kind + " " + d.DocumentId.ToString("D", CultureInfo.InvariantCulture);
        pdf.Info.Author = d.Authority;
        pdf.Info.Creator = "Cordon";
        // Read back by `cordon verify` to name the document and ask the platform for its status; inside the signed bytes.
        pdf.Info.Elements["/CordonDocumentId"] = new PdfString(d.DocumentId.ToString("D", CultureInfo.InvariantCulture));
        pdf.Info.Elements["/CordonKind"] = new PdfString(d.Kind);
        pdf.Info.Elements["/CordonAuthority"] = new PdfString(d.AuthorityCode);
        pdf.Language = d.Language;
        new Writer(pdf, d).Write();
        return pdf;
    }

    private sealed class Writer(PdfDocument pdf, OfficialDocument d)
    {
        private readonly XFont small = new(PdfSetup.Family, 7.5);
        private readonly XFont body = new(PdfSetup.Family, 9);
        private readonly XFont bodyBold = new(PdfSetup.Family, 9, XFontStyleEx.Bold);
        private readonly XFont header = new(PdfSetup.Family, 10, XFontStyleEx.Bold);
        private readonly XFont title = new(PdfSetup.Family, 16, XFontStyleEx.Bold);
        private readonly XFont subtitle = new(PdfSetup.Family, 12);
        private XGraphics? g;
        private PdfPage? page;
        private double y;

        private double Width => page!.Width.Point - 2 * Margin;
        private double Bottom => page!.Height.Point - Margin - 20;

        public void Write()
        {
            NewPage();
            Text(d.Title, title, Margin, Width, Ink);
            if (d.Subtitle is not null) Text(d.Subtitle, subtitle, Margin, Width, Ink);
            if (d.StatusBanner is not null)
            {
                y += 4;
                Text(d.StatusBanner, header, Margin, Width, Alert);
            }
            y += 8;
            FieldTable(d.Fields);
            if (d.Lines is { } lines) LineTable(lines);
            foreach (var note in d.Notes)
            {
                y += 4;
                Text(note, body, Margin, Width, Ink);
            }
            SignatureBlock();
            g!.Dispose();
            var count = pdf.PageCount;
            for (var i = 0; i < count; i++)
            {
                using var pg = XGraphics.FromPdfPage(pdf.Pages[i], XGraphicsPdfPageOptions.Append);
                var text = string.Format(CultureInfo.InvariantCulture, d.PageFormat, i + 1, count);
                var p = pdf.Pages[i];
                pg.DrawLine(new XPen(Rule, 0.5), Margin, p.Height.Point - Margin + 2, p.Width.Point - Margin, p.Height.Point - Margin + 2);
                pg.DrawString(d.DocumentId.ToString("D", CultureInfo.InvariantCulture), small, new XSolidBrush(Rule), new XPoint(Margin, p.Height.Point - Margin + 12));
                var w = pg.MeasureString(text, small).Width;
                pg.DrawString(text, small, new XSolidBrush(Ink), new XPoint(p.Width.Point - Margin - w, p.Height.Point - Margin + 12));
            }
        }

        private void NewPage()
        {
            g?.Dispose();
            page = pdf.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            g = XGraphics.FromPdfPage(page);
            y = Margin;
            // Header: the Party and its authority on the left, the platform on the right, then a rule.
            var left = Width * 0.72;
            var top = y;
            Text(d.Party, header, Margin, left, Ink);
            Text(d.Authority, body, Margin, left, Ink);
            var afterLeft = y;
            y = top;
            var brand = "Cordon";
            var bw = g.MeasureString(brand, header).Width;
            g.DrawString(brand, header, new XSolidBrush(Rule), new XPoint(Margin + Width - bw, y + header.GetHeight() * 0.8));
            y = Math.Max(afterLeft, top + header.GetHeight()) + 4;
            g.DrawLine(new XPen(Ink, 1.2), Margin, y, Margin + Width, y);
            y += 12;
        }

        private void EnsureRoom(double height)
        {
            if (y + height > Bottom) NewPage();
        }

        /// <summary>Draws wrapped text at the current line and moves down.</summary>
        private void Text(string text, XFont font, double x, double width, XColor color)
        {
            var lines = Wrap(text, font, width);
            var lh = font.GetHeight();
            foreach (var line in lines)
            {
                EnsureRoom(lh);
                g!.DrawString(line, font, new XSolidBrush(color), new XPoint(x, y + lh * 0.8));
                y += lh;
            }
        }

        private void FieldTable(IReadOnlyList<DocumentField> fields)
        {
            var labelWidth = Width * LabelShare;
            var valueWidth = Width - labelWidth;
            var pen = new XPen(Rule, 0.5);
            foreach (var f in fields)
            {
                var labelLines = Wrap(f.Label, bodyBold, labelWidth - 2 * Pad);
                var valueLines = Wrap(f.Value, body, valueWidth - 2 * Pad);
                var lh = body.GetHeight();
                var height = Math.Max(labelLines.Count, valueLines.Count) * lh + 2 * Pad;
                EnsureRoom(height);
                g!.DrawRectangle(pen, new XSolidBrush(Shade), Margin, y, labelWidth, height);
                g.DrawRectangle(pen, Margin + labelWidth, y, valueWidth, height);
                for (var i = 0; i < labelLines.Count; i++)
                    g.DrawString(labelLines[i], bodyBold, new XSolidBrush(Ink), new XPoint(Margin + Pad, y + Pad + lh * (i + 0.8)));
                for (var i = 0; i < valueLines.Count; i++)
                    g.DrawString(valueLines[i], body, new XSolidBrush(Ink), new XPoint(Margin + labelWidth + Pad, y + Pad + lh * (i + 0.8)));
                y += height;
            }
        }

        private void LineTable(DocumentTable table)
        {
            y += 12;
            EnsureRoom(header.GetHeight() + 3 * body.GetHeight());
            Text(table.Title, header, Margin, Width, Ink);
            y += 4;
            var columns = Math.Max(1, table.Headers.Count);
            var cw = Width / columns;
            var pen = new XPen(Rule, 0.5);
            void Row(IReadOnlyList<string> cells, XFont font, bool shaded)
            {
                var wrapped = Enumerable.Range(0, columns).Select(i => Wrap(i < cells.Count ? cells[i] : "", font, cw - 2 * Pad)).ToList();
                var lh = font.GetHeight();
                var height = wrapped.Max(w => w.Count) * lh + 2 * Pad;
                if (!shaded && y + height > Bottom)
                {
                    // The table goes on on a new page under its headers again.
                    NewPage();
                    Row(table.Headers, bodyBold, true);
                }
                EnsureRoom(height);
                for (var c = 0; c < columns; c++)
                {
                    var x = Margin + c * cw;
                    if (shaded) g!.DrawRectangle(pen, new XSolidBrush(Shade), x, y, cw, height);
                    else g!.DrawRectangle(pen, x, y, cw, height);
                    for (var i = 0; i < wrapped[c].Count; i++)
                        g.DrawString(wrapped[c][i], font, new XSolidBrush(Ink), new XPoint(x + Pad, y + Pad + lh * (i + 0.8)));
                }
                y += height;
            }
            Row(table.Headers, bodyBold, true);
            foreach (var r in table.Rows) Row(r, body, false);
        }

        private void SignatureBlock()
        {
            const double qrSize = 96;
            var lh = body.GetHeight();
            var detailsHeight = (d.SignatureDetails.Count + 3) * lh * 1.6 + header.GetHeight();
            y += 16;
            EnsureRoom(Math.Max(qrSize, detailsHeight) + 8);
            g!.DrawLine(new XPen(Rule, 0.5), Margin, y, Margin + Width, y);
            y += 8;
            var top = y;
            DrawQr(Margin, top, qrSize);
            var x = Margin + qrSize + 14;
            var w = Width - qrSize - 14;
            Text(d.SignatureTitle, header, x, w, Ink);
            y += 2;
            foreach (var f in d.SignatureDetails)
            {
                Text(f.Label, bodyBold, x, w, Ink);
                Text(f.Value, small, x, w, Ink);
            }
            y += 2;
            Text(d.VerifyLabel, bodyBold, x, w, Ink);
            Text(d.VerifyUrl, small, x, w, Ink);
            y = Math.Max(y, top + qrSize) + 6;
        }

        private void DrawQr(double x, double top, double size)
        {
            var n = d.QrModules.Length;
            if (n == 0) return;
            var m = size / n;
            var brush = new XSolidBrush(XColors.Black);
            for (var r = 0; r < n; r++)
            for (var c = 0; c < d.QrModules[r].Length; c++)
                if (d.QrModules[r][c]) g!.DrawRectangle(brush, x + c * m, top + r * m, m + 0.05, m + 0.05);
        }

        /// <summary>Word wrap by measured width; words longer than a line (addresses, URLs, fingerprints) are cut by character.</summary>
        private List<string> Wrap(string text, XFont font, double width)
        {
            var result = new List<string>();
            foreach (var paragraph in (text ?? "").Replace("\r", "", StringComparison.Ordinal).Split('\n'))
            {
                var line = "";
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (g!.MeasureString(candidate, font).Width <= width) { line = candidate; continue; }
                    if (line.Length > 0) result.Add(line);
                    line = word;
                    while (line.Length > 1 && g.MeasureString(line, font).Width > width)
                    {
                        var cut = line.Length - 1;
                        while (cut > 1 && g.MeasureString(line[..cut], font).Width > width) cut--;
                        result.Add(line[..cut]);
                        line = line[cut..];
                    }
                }
                result.Add(line);
            }
            return result;
        }
    }
}
