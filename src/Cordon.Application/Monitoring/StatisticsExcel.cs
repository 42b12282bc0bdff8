using System.Globalization;
using ClosedXML.Excel;
using Cordon.Application.Common;
using Cordon.Domain.Monitoring;

namespace Cordon.Application.Monitoring;

/// <summary>
/// Excel templates and uploads of the forms (ClosedXML). One sheet "Lines" with a header row of column names; the
/// spreadsheet row number is the line number, so every problem points at the row to correct.
/// </summary>
public static class StatisticsExcel
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static readonly string[] Balance = ["openingStock", "production", "manufacture", "imports", "exports", "consumption", "otherUses", "closingStock"];

    public static IReadOnlyList<string> Columns(StatisticsForm form) => form switch
    {
        StatisticsForm.A => ["substance", "direction", "partner", "quantity", "unit"],
        StatisticsForm.C => ["substance", "unit", .. Balance],
        StatisticsForm.P => ["section", "substance", "unit", "direction", "partner", "quantity", .. Balance],
        _ => ["section", "substance", "unit", "direction", "partner", "quantity"],
    };

    /// <summary>The blank template of a form with the substances it accepts on a second sheet.</summary>
    public static byte[] Template(StatisticsForm form, IEnumerable<(string Code, string Name)> substances, IReadOnlyList<LineView>? lines = null)
    {
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("Lines");
        var columns = Columns(form);
        for (var c = 0; c < columns.Count; c++) sheet.Cell(1, c + 1).Value = columns[c];
        sheet.Row(1).Style.Font.Bold = true;
        foreach (var l in lines ?? [])
        {
            var values = new Dictionary<string, object?>
            {
                ["section"] = l.Section.ToString(), ["substance"] = l.Substance, ["unit"] = l.Unit, ["direction"] = l.Direction?.ToString(), ["partner"] = l.Partner,
                ["quantity"] = l.Quantity, ["openingStock"] = l.OpeningStock, ["production"] = l.Production, ["manufacture"] = l.Manufacture, ["imports"] = l.Imports,
                ["exports"] = l.Exports, ["consumption"] = l.Consumption, ["otherUses"] = l.OtherUses, ["closingStock"] = l.ClosingStock,
            };
            for (var c = 0; c < columns.Count; c++)
                switch (values[columns[c]])
                {
                    case decimal d: sheet.Cell(l.LineNumber, c + 1).Value = d; break;
                    case string t: sheet.Cell(l.LineNumber, c + 1).Value = t; break;
                }
        }
        // Fixed widths: ClosedXML measures text with System.Drawing, which needs libgdiplus on Linux.
        sheet.Columns().Width = 16;
        var list = book.AddWorksheet("Substances");
        list.Cell(1, 1).Value = "code";
        list.Cell(1, 2).Value = "name";
        var r = 2;
        foreach (var (code, name) in substances)
        {
            list.Cell(r, 1).Value = code;
            list.Cell(r++, 2).Value = name;
        }
        var help = book.AddWorksheet("Instructions");
        var notes = new[]
        {
            $"Form {form}: one line per row of the sheet Lines; keep the header row.",
            form == StatisticsForm.D
                ? "substance: a code from the sheet Substances. unit: ug, mg, g, kg or t; liquids with a known density (" + string.Join(", ", PrecursorDensities.KilogramsPerLitre.Keys) + ") also mL, L or m3."
                : "substance: a code from the sheet Substances. unit: ug, mg, g, kg or t (quantities of anhydrous base).",
            "section: " + string.Join(", ", StatisticsRules.SectionsOf(form)) + ". direction: Import or Export. partner: ISO 3166-1 alpha-2 code.",
            "Stock balance: openingStock + production + manufacture + imports - exports - consumption - otherUses = closingStock.",
        };
        for (var i = 0; i < notes.Length; i++) help.Cell(i + 1, 1).Value = notes[i];
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>Reads the lines of an uploaded workbook; numbers that cannot be read are problems on their row.</summary>
    public static (List<LineInput> Lines, List<LineProblem> Problems) Read(StatisticsForm form, Stream file)
    {
        var lines = new List<LineInput>();
        var problems = new List<LineProblem>();
        XLWorkbook book;
        try
        {
            book = new XLWorkbook(file);
        }
#pragma warning disable CA1031 // any unreadable upload is the user's problem to fix, reported as such
        catch (Exception e)
#pragma warning restore CA1031
        {
            problems.Add(new(0, "file", "Monitoring.Problem.Workbook", [form.ToString(), e.GetType().Name]));
            return (lines, problems);
        }
        using (book)
        {
            if (!book.TryGetWorksheet("Lines", out var sheet)) sheet = book.Worksheets.First();
            var headers = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var cell in sheet.Row(1).CellsUsed()) headers[cell.GetString().Trim()] = cell.Address.ColumnNumber;
            var missing = Columns(form).Where(c => !headers.ContainsKey(c)).ToList();
            if (missing.Count > 0)
            {
                problems.Add(new(1, "file", "Monitoring.Problem.Workbook", [form.ToString(), "missing columns " + string.Join(", ", missing)]));
                return (lines, problems);
            }
            var last = sheet.LastRowUsed()?.RowNumber() ?? 1;
            if (last > 20_001)
            {
                problems.Add(new(0, "file", "Monitoring.Problem.Workbook", [form.ToString(), "more than 20,000 rows"]));
                return (lines, problems);
            }
            for (var row = 2; row <= last; row++)
            {
                var r = sheet.Row(row);
                if (r.IsEmpty()) continue;
                string? Text(string column) => headers.TryGetValue(column, out var c) && r.Cell(c).GetString().Trim() is { Length: > 0 } t ? t : null;
                decimal? Number(string column)
                {
                    if (!headers.TryGetValue(column, out var c)) return null;
                    var cell = r.Cell(c);
                    if (cell.IsEmpty()) return null;
                    if (cell.DataType == XLDataType.Number) return (decimal)cell.GetDouble();
                    var t = cell.GetString().Trim();
                    if (t.Length == 0) return null;
                    if (decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) return d;
                    problems.Add(new(row, column, "Monitoring.Problem.Number", [t.Length > 30 ? t[..30] : t, column]));
                    return null;
                }
                lines.Add(new LineInput(Text("section"), Text("substance"), Text("unit"), Text("direction"), Text("partner"), Number("quantity"),
                    Number("openingStock"), Number("production"), Number("manufacture"), Number("imports"), Number("exports"), Number("consumption"),
                    Number("otherUses"), Number("closingStock"), row));
            }
        }
        return (lines, problems);
    }

    /// <summary>Any table of figures as a workbook (the downloads beside CSV).</summary>
    public static byte[] Table(string sheetName, IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet(sheetName.Length > 31 ? sheetName[..31] : sheetName);
        for (var c = 0; c < headers.Count; c++) sheet.Cell(1, c + 1).Value = headers[c];
        sheet.Row(1).Style.Font.Bold = true;
        var r = 2;
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
                switch (row[c])
                {
                    case null: break;
                    case double d when double.IsFinite(d): sheet.Cell(r, c + 1).Value = d; break;
                    case decimal m: sheet.Cell(r, c + 1).Value = m; break;
                    case int i: sheet.Cell(r, c + 1).Value = i; break;
                    case long l: sheet.Cell(r, c + 1).Value = l; break;
                    default: sheet.Cell(r, c + 1).Value = Convert.ToString(row[c], CultureInfo.InvariantCulture); break;
                }
            r++;
        }
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>The same table as CSV text.</summary>
    public static async Task<string> CsvAsync(IReadOnlyList<string> headers, IEnumerable<object?[]> rows, CancellationToken ct = default)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        await CsvTable.WriteAsync(writer, headers, Rows(rows), ct);
        return writer.ToString();
    }

#pragma warning disable CS1998
    private static async IAsyncEnumerable<string[]> Rows(IEnumerable<object?[]> rows)
    {
        foreach (var r in rows)
            yield return r.Select(v => v switch
            {
                null => "",
                double d => d.ToString("0.###", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => v.ToString() ?? "",
            }).ToArray();
    }
#pragma warning restore CS1998
}
