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
    public const string ContentType = TabularFile.XlsxContentType;
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

    /// <summary>
    /// The lines of an uploaded template (read by <see cref="TabularFile"/>, so a CSV with the same columns is accepted
    /// too); numbers that cannot be read are problems on their row.
    /// </summary>
    public static (List<LineInput> Lines, List<LineProblem> Problems) Read(StatisticsForm form, TabularData table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var lines = new List<LineInput>();
        var problems = new List<LineProblem>();
        var missing = table.Missing([.. Columns(form)]).ToList();
        if (missing.Count > 0)
        {
            problems.Add(new(1, "file", "Monitoring.Problem.Workbook", [form.ToString(), "missing columns " + string.Join(", ", missing)]));
            return (lines, problems);
        }
        if (table.Lines.Count > 20_000)
        {
            problems.Add(new(0, "file", "Monitoring.Problem.Workbook", [form.ToString(), "more than 20,000 rows"]));
            return (lines, problems);
        }
        foreach (var line in table.Lines)
        {
            var row = (int)line.Line;
            decimal? Number(string column)
            {
                if (line.Optional(column) is not { } t) return null;
                if (decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) return d;
                problems.Add(new(row, column, "Monitoring.Problem.Number", [t.Length > 30 ? t[..30] : t, column]));
                return null;
            }
            lines.Add(new LineInput(line.Optional("section"), line.Optional("substance"), line.Optional("unit"), line.Optional("direction"), line.Optional("partner"),
                Number("quantity"), Number("openingStock"), Number("production"), Number("manufacture"), Number("imports"), Number("exports"), Number("consumption"),
                Number("otherUses"), Number("closingStock"), row));
        }
        return (lines, problems);
    }
}
