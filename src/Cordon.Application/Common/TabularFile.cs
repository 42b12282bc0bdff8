using System.Globalization;
using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using Cordon.Domain.Documents;

namespace Cordon.Application.Common;

public enum TabularFormat
{
    Csv,
    Xlsx,
}

/// <summary>The header and the data lines of an uploaded table, whatever its format. For a workbook, a line's number is its row.</summary>
public sealed record TabularData(IReadOnlyList<string> Headers, IReadOnlyList<CsvLine> Lines)
{
    public IEnumerable<string> Missing(params string[] required) => CsvTable.Missing(Headers, required);
}

/// <summary>
/// Every bulk import reads its file here and every table download is written here, so that CSV (UTF-8) and Excel
/// workbooks (.xlsx) are accepted and offered alike everywhere, under one size limit, with the kind of file recognised
/// from its content (never from its name or declared type) and a workbook's expanded size checked before it is opened.
/// </summary>
public static class TabularFile
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>How large a workbook may grow once unzipped: a few kilobytes of zip can expand to gigabytes.</summary>
    public const long MaxExpandedBytes = 200L * 1024 * 1024;

    public const int MaxLines = 100_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads an upload. A workbook is read from the sheet named <paramref name="sheet"/> when it has one, else from its first sheet.</summary>
    public static async Task<Outcome<TabularData>> ReadAsync(Stream content, string? sheet = null, CancellationToken ct = default)
    {
        if (await UploadBuffer.ReadAsync(content, ct) is not { } bytes)
            return Outcome<TabularData>.TooLarge("The file is too large (10 MB at most).");
        return await ReadAsync(bytes, sheet, ct);
    }

    public static async Task<Outcome<TabularData>> ReadAsync(byte[] bytes, string? sheet = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0) return Outcome<TabularData>.Invalid("The file is empty.");
        var head = bytes.AsSpan();
        if (head.StartsWith("PK\u0003\u0004"u8)) return ReadWorkbook(bytes, sheet);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
            return Outcome<TabularData>.Unsupported("Excel 97-2003 workbooks (.xls) cannot be read: save the sheet as .xlsx or as CSV (UTF-8).");

        string text;
        try
        {
            text = StrictUtf8.GetString(head.StartsWith("\uFEFF"u8) ? head[3..] : head);
        }
        catch (DecoderFallbackException)
        {
            return Outcome<TabularData>.Unsupported("The file is neither CSV in UTF-8 nor an Excel workbook (.xlsx).");
        }
        if (text.Contains('\0', StringComparison.Ordinal))
            return Outcome<TabularData>.Unsupported("The file is neither CSV in UTF-8 nor an Excel workbook (.xlsx).");
        return await ReadCsvAsync(new StringReader(text), ct);
    }

    /// <summary>CSV already known to be text (files shipped with Cordon, the command line's own reads).</summary>
    public static async Task<Outcome<TabularData>> ReadCsvAsync(TextReader text, CancellationToken ct = default)
    {
        try
        {
            var (headers, lines) = await CsvTable.ReadAsync(text, ct);
            return Lines(headers, lines);
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or InvalidOperationException)
        {
            return Outcome<TabularData>.Invalid("The file is not valid CSV.");
        }
    }

    private static Outcome<TabularData> Lines(IReadOnlyList<string> headers, List<CsvLine> lines) =>
        lines.Count > MaxLines ? TooManyLines() : Outcome<TabularData>.Ok(new TabularData(headers, lines));

    private static Outcome<TabularData> TooManyLines() =>
        Outcome<TabularData>.Invalid("The file has more than 100,000 lines.");

    private static Outcome<TabularData> ReadWorkbook(byte[] bytes, string? sheetName)
    {
        // Look inside the zip before ClosedXML opens it: it must be a workbook, and not one that expands without bound.
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            long expanded = 0;
            foreach (var entry in zip.Entries) expanded += entry.Length;
            if (expanded > MaxExpandedBytes || zip.Entries.Count > 10_000)
                return Outcome<TabularData>.TooLarge("The workbook is too large once unzipped.");
            if (zip.GetEntry("[Content_Types].xml") is null || zip.GetEntry("xl/workbook.xml") is null)
                return Outcome<TabularData>.Unsupported("The file is a zip archive but not an Excel workbook (.xlsx).");
        }
        catch (InvalidDataException)
        {
            return Outcome<TabularData>.Unsupported("The file is neither CSV in UTF-8 nor an Excel workbook (.xlsx).");
        }

        try
        {
            using var book = new XLWorkbook(new MemoryStream(bytes));
            if (sheetName is null || !book.TryGetWorksheet(sheetName, out var sheet)) sheet = book.Worksheets.First();
            var lastColumn = sheet.Row(1).LastCellUsed()?.Address.ColumnNumber ?? 0;
            if (lastColumn == 0) return Outcome<TabularData>.Invalid("The first row of the first sheet must hold the column names.");
            var headers = Enumerable.Range(1, lastColumn).Select(c => sheet.Cell(1, c).GetString().Trim()).ToList();
            var lastRow = sheet.LastRowUsed()?.RowNumber() ?? 1;
            if (lastRow - 1 > MaxLines) return TooManyLines();
            var lines = new List<CsvLine>();
            for (var row = 2; row <= lastRow; row++)
            {
                var r = sheet.Row(row);
                if (r.IsEmpty()) continue;
                var fields = new string[lastColumn];
                for (var c = 0; c < lastColumn; c++) fields[c] = CellText(r.Cell(c + 1));
                lines.Add(new CsvLine(row, headers, fields));
            }
            return Lines(headers, lines);
        }
#pragma warning disable CA1031 // whatever makes a workbook unreadable is the sender's to fix, and is said as such
        catch (Exception)
#pragma warning restore CA1031
        {
            return Outcome<TabularData>.Invalid("The workbook could not be read. Save it again as .xlsx, or as CSV (UTF-8).");
        }
    }

    /// <summary>A cell as the text an import expects: numbers and dates written the invariant way, dates as ISO 8601.</summary>
    private static string CellText(IXLCell cell) => cell.DataType switch
    {
        XLDataType.Number => Number(cell.GetDouble()),
        XLDataType.DateTime => cell.GetDateTime() is var d && d.TimeOfDay == TimeSpan.Zero
            ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        XLDataType.Boolean => cell.GetBoolean() ? "true" : "false",
        _ => cell.GetString().Trim(),
    };

    // Through decimal so that 0.1 reads back as "0.1", not 0.10000000000000001.
    private static string Number(double d) => Math.Abs(d) < 7.9e27 ? ((decimal)d).ToString(CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A table as a file of the format asked for: its bytes, content type and file name.</summary>
    public static async Task<(byte[] Bytes, string ContentType, string FileName)> WriteAsync(TabularFormat format, string name, IReadOnlyList<string> headers,
        IAsyncEnumerable<object?[]> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (format == TabularFormat.Xlsx)
        {
            var all = new List<object?[]>();
            await foreach (var row in rows.WithCancellation(ct)) all.Add(row);
            return (ToWorkbook(name, headers, all), XlsxContentType, name + ".xlsx");
        }
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        await CsvTable.WriteAsync(writer, headers, AsText(rows), ct);
        return (Encoding.UTF8.GetBytes(writer.ToString()), CsvContentType, name + ".csv");
    }

    public static Task<(byte[] Bytes, string ContentType, string FileName)> WriteAsync(TabularFormat format, string name, IReadOnlyList<string> headers,
        IEnumerable<object?[]> rows, CancellationToken ct = default) => WriteAsync(format, name, headers, rows.ToAsyncEnumerable(), ct);

    /// <summary>One sheet named after the table, a bold header row, numbers stored as numbers so that they can be summed.</summary>
    public static byte[] ToWorkbook(string sheetName, IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        ArgumentNullException.ThrowIfNull(sheetName);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet(SheetName(sheetName));
        for (var c = 0; c < headers.Count; c++) sheet.Cell(1, c + 1).Value = headers[c];
        sheet.Row(1).Style.Font.Bold = true;
        var r = 2;
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                var cell = sheet.Cell(r, c + 1);
                switch (row[c])
                {
                    case null: break;
                    case double d when double.IsFinite(d): cell.Value = d; break;
                    case decimal m: cell.Value = m; break;
                    case int i: cell.Value = i; break;
                    case long l: cell.Value = l; break;
                    case string s when LooksLikeNumber(s): cell.Value = decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture); break;
                    // Text stays text: codes such as "0012" or "+41" must not turn into numbers or formulas.
                    case var v: cell.SetValue(Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""); break;
                }
            }
            r++;
        }
        // Fixed widths: ClosedXML measures text with System.Drawing, which needs libgdiplus on Linux.
        sheet.Columns(1, Math.Max(1, headers.Count)).Width = 18;
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    // Sheet names: at most 31 characters, none of []:*?/\ (Excel refuses the workbook otherwise).
    private static string SheetName(string name)
    {
        var clean = new string(name.Select(c => "[]:*?/\\".Contains(c, StringComparison.Ordinal) ? '-' : c).ToArray());
        if (clean.Length == 0) clean = "Sheet1";
        return clean.Length > 31 ? clean[..31] : clean;
    }

    // Only plain decimals that survive the round trip: no leading zeros, no exponent, no more digits than a double keeps.
    private static bool LooksLikeNumber(string s)
    {
        if (s.Length is 0 or > 15) return false;
        var digits = s.StartsWith('-') ? s[1..] : s;
        if (digits.Length == 0 || (digits.Length > 1 && digits[0] == '0' && digits[1] != '.')) return false;
        var dot = false;
        foreach (var ch in digits)
        {
            if (ch == '.' && !dot) { dot = true; continue; }
            if (!char.IsAsciiDigit(ch)) return false;
        }
        return digits[0] != '.' && digits[^1] != '.';
    }

    private static async IAsyncEnumerable<string[]> AsText(IAsyncEnumerable<object?[]> rows)
    {
        await foreach (var row in rows)
            yield return [.. row.Select(v => v switch
            {
                null => "",
                double d => d.ToString("0.###", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => v.ToString() ?? "",
            })];
    }
}
