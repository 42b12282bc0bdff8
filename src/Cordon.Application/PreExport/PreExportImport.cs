using System.Globalization;
using Cordon.Application.Common;
using Cordon.Application.Data;

namespace Cordon.Application.PreExport;

/// <summary>
/// Batch import of notifications from CSV or an Excel workbook (one notification per line, one substance each): every
/// line is checked and, if any is wrong, nothing is filed and the errors name the lines (a workbook's line is its row).
/// </summary>
public sealed class PreExportImport(CordonDbContext db, PreExportNotifications notifications)
{
    public static readonly string[] Required =
        ["importing_country", "exporter_name", "exporter_address", "importer_name", "importer_address", "substance", "quantity", "unit", "point_of_entry", "dispatch_date"];

    public static readonly string[] Optional =
        ["transit_countries", "consignee_name", "consignee_address", "packaging", "transport_mode", "route", "port_of_exit", "exporter_reference", "import_permit_reference", "confidential", "reply_within_days"];

    public const int MaxLines = 1000;

    public async Task<Outcome<List<NotificationSummary>>> ImportAsync(TabularData table, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var lines = table.Lines;
        var missing = table.Missing(Required).ToList();
        if (lines.Count == 0) return Outcome<List<NotificationSummary>>.Invalid("The file has no notifications.");
        if (missing.Count > 0)
            return Outcome<List<NotificationSummary>>.Invalid("Columns are missing.", new Dictionary<string, string[]> { ["columns"] = [.. missing] });
        if (lines.Count > MaxLines) return Outcome<List<NotificationSummary>>.Invalid("At most 1000 notifications per file.");

        var errors = new Dictionary<string, string[]>();
        var filed = new List<NotificationSummary>();
        await using var tx = await db.BeginWriteAsync(ct);
        foreach (var line in lines)
        {
            var prefix = $"line {line.Line.ToString(CultureInfo.InvariantCulture)}";
            var lineErrors = new List<string>();
            decimal? quantity = decimal.TryParse(line["quantity"], NumberStyles.Number, CultureInfo.InvariantCulture, out var q) ? q : null;
            if (quantity is null) lineErrors.Add("quantity: not a number");
            DateOnly? dispatch = DateOnly.TryParseExact(line["dispatch_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
            if (dispatch is null) lineErrors.Add("dispatch_date: use YYYY-MM-DD");
            int? days = null;
            if (line.Optional("reply_within_days") is { } rd)
            {
                if (int.TryParse(rd, NumberStyles.Integer, CultureInfo.InvariantCulture, out var dd)) days = dd;
                else lineErrors.Add("reply_within_days: not a number");
            }
            var confidential = line.Optional("confidential") is { } c && (c.Equals("true", StringComparison.OrdinalIgnoreCase) || c == "1" || c.Equals("yes", StringComparison.OrdinalIgnoreCase));
            if (lineErrors.Count > 0)
            {
                errors[prefix] = [.. lineErrors];
                continue;
            }
            var input = new NewNotification(
                line["importing_country"], (line.Optional("transit_countries") ?? "").Split(['|', ';', ' '], StringSplitOptions.RemoveEmptyEntries),
                line["exporter_name"], line["exporter_address"], line["importer_name"], line["importer_address"],
                line.Optional("consignee_name"), line.Optional("consignee_address"),
                [new NotificationLineInput(line["substance"], quantity, line["unit"])],
                line["point_of_entry"], dispatch, line.Optional("packaging"), line.Optional("transport_mode"), line.Optional("route"),
                line.Optional("port_of_exit"), line.Optional("exporter_reference"), line.Optional("import_permit_reference"), confidential, days);
            var outcome = await notifications.FileAsync(input, ct);
            if (outcome.Succeeded) filed.Add(PreExportNotifications.Summary(await db.PreExportNotifications.FindAsync([outcome.Value!.Notification.Id], ct) ?? throw new InvalidOperationException()));
            else errors[prefix] = outcome.Errors is { } e ? [.. e.Select(kv => $"{kv.Key}: {string.Join(" ", kv.Value)}")] : [outcome.Message ?? "not valid"];
        }
        if (errors.Count > 0) return Outcome<List<NotificationSummary>>.Invalid("Nothing was imported: correct these lines and import the file again.", errors);
        await tx.CommitAsync(ct);
        return Outcome<List<NotificationSummary>>.Ok(filed);
    }
}
