using System.Globalization;
using Cordon.Application.Common;
using Cordon.Application.Data;

namespace Cordon.Application.Authorizations;

/// <summary>Batch issuing of import authorizations from CSV (one per line): if any line is wrong, nothing is issued.</summary>
public sealed class AuthorizationImport(CordonDbContext db, AuthorizationService service)
{
    public static readonly string[] Required =
        ["number", "exporting_country", "importer_name", "importer_address", "exporter_name", "exporter_address", "substance", "quantity", "unit"];

    public async Task<Outcome<List<AuthorizationSummary>>> ImportAsync(TabularData table, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var lines = table.Lines;
        var missing = table.Missing(Required).ToList();
        if (missing.Count > 0) return Outcome<List<AuthorizationSummary>>.Invalid("Columns are missing.", new Dictionary<string, string[]> { ["columns"] = [.. missing] });
        if (lines.Count is 0 or > 1000) return Outcome<List<AuthorizationSummary>>.Invalid("Between 1 and 1000 authorizations per file.");
        var errors = new Dictionary<string, string[]>();
        var done = new List<AuthorizationSummary>();
        await using var tx = await db.BeginWriteAsync(ct);
        foreach (var line in lines)
        {
            var prefix = $"line {line.Line.ToString(CultureInfo.InvariantCulture)}";
            decimal? quantity = decimal.TryParse(line["quantity"], NumberStyles.Number, CultureInfo.InvariantCulture, out var q) ? q : null;
            DateOnly? issue = line.Optional("issue_date") is { Length: > 0 } i && DateOnly.TryParseExact(i, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d1) ? d1 : null;
            DateOnly? until = line.Optional("valid_until") is { Length: > 0 } u && DateOnly.TryParseExact(u, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d2) ? d2 : null;
            decimal? pureBase = line.Optional("pure_base_grams") is { Length: > 0 } pb && decimal.TryParse(pb, NumberStyles.Number, CultureInfo.InvariantCulture, out var p) ? p : null;
            var input = new ImportAuthorizationInput(line["number"], line["exporting_country"], issue, until, line["importer_name"], line["importer_address"],
                line["exporter_name"], line["exporter_address"], line["substance"], line.Optional("preparation"), line.Optional("pharmaceutical_form"), quantity, line["unit"],
                pureBase, line.Optional("point_of_entry"), line.Optional("purpose"), line.Optional("several_consignments") is "true" or "1");
            var o = await service.IssueImportAsync(input, ct);
            if (!o.Succeeded) errors[prefix] = o.Errors is { } e ? [.. e.Select(kv => $"{kv.Key}: {string.Join(" ", kv.Value)}")] : [o.Message ?? "not valid"];
            else if (o.Value!.EstimateCheck is { Exceeded: true } c) errors[prefix] = [string.Concat("quantity: above the estimate or assessment (", AuthorizationService.G(c.ExcessGrams), " g of base); issue it on its own")];
            else done.Add(await SummaryAsync(o.Value.Authorization.Id, ct));
        }
        if (errors.Count > 0) return Outcome<List<AuthorizationSummary>>.Invalid("Nothing was imported: correct these lines and import the file again.", errors);
        await tx.CommitAsync(ct);
        return Outcome<List<AuthorizationSummary>>.Ok(done);
    }

    private async Task<AuthorizationSummary> SummaryAsync(Guid id, CancellationToken ct) =>
        service.Summary(await db.Authorizations.FindAsync([id], ct) ?? throw new InvalidOperationException("Just issued."));
}
