using System.Globalization;
using Cordon.Application.Data;
using Cordon.Domain.Reference;
using Cordon.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Reference;

public sealed record ImportProblem(int Line, string Message);

public sealed record ImportResult(int Added, int Updated, IReadOnlyList<ImportProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Reference lists shipped with Cordon (embedded CSVs) and their CSV import/export for the Secretariat.
/// An import is validated whole before anything is written: one bad line, nothing changes.
/// </summary>
public sealed class ReferenceData(CordonDbContext db)
{
    public static Stream OpenShipped(string fileName) =>
        typeof(ReferenceData).Assembly.GetManifestResourceStream($"Cordon.Reference.{fileName}")
        ?? throw new InvalidOperationException($"Reference file {fileName} is not embedded.");

    /// <summary>Loads the shipped lists into an empty database; leaves a filled one alone.</summary>
    public async Task SeedShippedAsync(CancellationToken ct = default)
    {
        if (!await db.Countries.AnyAsync(ct)) Throw(await ImportCountriesAsync(await ShippedAsync("countries.csv", ct), ct));
        if (!await db.Substances.AnyAsync(ct))
        {
            Throw(await ImportSubstancesAsync(await ShippedAsync("substances.csv", ct), ct));
            Throw(await ImportSaltsAsync(await ShippedAsync("salts.csv", ct), ct));
        }
    }

    public static async Task<TabularData> ShippedAsync(string fileName, CancellationToken ct = default)
    {
        using var reader = new StreamReader(OpenShipped(fileName));
        var table = await TabularFile.ReadCsvAsync(reader, ct);
        return table.Value ?? throw new InvalidOperationException($"Shipped reference file {fileName} is not valid CSV.");
    }

    private static void Throw(ImportResult r)
    {
        if (!r.Succeeded) throw new InvalidOperationException("Shipped reference data is invalid: " + string.Join("; ", r.Problems.Take(5).Select(p => $"line {p.Line}: {p.Message}")));
    }

    public async Task<ImportResult> ImportCountriesAsync(TabularData table, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var lines = table.Lines;
        var problems = table.Missing("alpha2", "alpha3", "numeric", "name_en", "name_fr", "name_ru", "name_es")
            .Select(c => new ImportProblem(1, $"Missing column '{c}'.")).ToList();
        if (problems.Count > 0) return new ImportResult(0, 0, problems);
        var rows = new Dictionary<string, Country>();
        foreach (var l in lines)
        {
            var line = (int)l.Line;
            var c = new Country
            {
                Alpha2 = l["alpha2"], Alpha3 = l["alpha3"], Numeric = l["numeric"],
                NameEn = l["name_en"], NameFr = Fallback(l["name_fr"], l["name_en"]), NameRu = Fallback(l["name_ru"], l["name_en"]), NameEs = Fallback(l["name_es"], l["name_en"]),
            };
            if (!Country.IsWellFormedAlpha2(c.Alpha2)) problems.Add(new(line, $"'{c.Alpha2}' is not an ISO 3166-1 alpha-2 code (two capital letters)."));
            if (c.Alpha3.Length != 3 || !c.Alpha3.All(char.IsAsciiLetterUpper)) problems.Add(new(line, $"'{c.Alpha3}' is not an alpha-3 code."));
            if (c.Numeric.Length != 3 || !c.Numeric.All(char.IsAsciiDigit)) problems.Add(new(line, $"'{c.Numeric}' is not a 3-digit numeric code."));
            if (string.IsNullOrWhiteSpace(c.NameEn)) problems.Add(new(line, "The English name is empty."));
            if (!rows.TryAdd(c.Alpha2, c)) problems.Add(new(line, $"{c.Alpha2} appears twice."));
        }
        if (problems.Count > 0) return new ImportResult(0, 0, problems);

        var existing = await db.Countries.ToDictionaryAsync(c => c.Alpha2, ct);
        int added = 0, updated = 0;
        foreach (var c in rows.Values)
        {
            if (existing.TryGetValue(c.Alpha2, out var e))
            {
                (e.Alpha3, e.Numeric, e.NameEn, e.NameFr, e.NameRu, e.NameEs) = (c.Alpha3, c.Numeric, c.NameEn, c.NameFr, c.NameRu, c.NameEs);
                updated++;
            }
            else
            {
                db.Countries.Add(c);
                added++;
            }
        }
        await db.SaveChangesAsync(ct);
        return new ImportResult(added, updated, []);
    }

    private static string Fallback(string value, string english) => string.IsNullOrWhiteSpace(value) ? english : value;

    public async Task<ImportResult> ImportSubstancesAsync(TabularData table, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var lines = table.Lines;
        var problems = table.Missing("code", "kind", "schedules", "name", "cas", "synonyms")
            .Select(c => new ImportProblem(1, $"Missing column '{c}'.")).ToList();
        if (problems.Count > 0) return new ImportResult(0, 0, problems);
        var rows = new Dictionary<string, ControlledSubstance>();
        foreach (var l in lines)
        {
            var line = (int)l.Line;
            var code = l["code"].ToUpperInvariant();
            var cas = l.Optional("cas");
            if (code.Length is 0 or > 64 || !code.All(ch => char.IsAsciiLetterUpper(ch) || char.IsAsciiDigit(ch) || ch == '-'))
                problems.Add(new(line, $"'{code}' is not a valid code (capital letters, digits and hyphens)."));
            if (!Cordon.Domain.Common.EnumNames.TryParse<SubstanceKind>(l["kind"], false, out var kind))
                problems.Add(new(line, $"'{l["kind"]}' is not a substance kind ({string.Join(", ", Enum.GetNames<SubstanceKind>())})."));
            if (cas is not null && !CasNumber.IsValid(cas))
                problems.Add(new(line, $"'{cas}' is not a valid CAS registry number."));
            if (string.IsNullOrWhiteSpace(l["name"])) problems.Add(new(line, "The name is empty."));
            var s = new ControlledSubstance { Code = code, Kind = kind, Schedules = l["schedules"], Name = l["name"], Cas = cas, Synonyms = l["synonyms"] };
            if (!rows.TryAdd(code, s)) problems.Add(new(line, $"{code} appears twice."));
        }
        if (problems.Count > 0) return new ImportResult(0, 0, problems);
        var existing = await db.Substances.ToDictionaryAsync(s => s.Code, ct);
        int added = 0, updated = 0;
        foreach (var s in rows.Values)
        {
            if (existing.TryGetValue(s.Code, out var e))
            {
                (e.Kind, e.Schedules, e.Name, e.Cas, e.Synonyms) = (s.Kind, s.Schedules, s.Name, s.Cas, s.Synonyms);
                e.Version++;
                updated++;
            }
            else
            {
                db.Substances.Add(s);
                added++;
            }
        }
        await db.SaveChangesAsync(ct);
        return new ImportResult(added, updated, []);
    }

    public async Task<ImportResult> ImportSaltsAsync(TabularData table, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var lines = table.Lines;
        var problems = table.Missing("substance_code", "salt", "cas", "base_factor")
            .Select(c => new ImportProblem(1, $"Missing column '{c}'.")).ToList();
        if (problems.Count > 0) return new ImportResult(0, 0, problems);
        var codes = await db.Substances.Select(s => s.Code).ToHashSetAsync(ct);
        var rows = new List<SubstanceSalt>();
        foreach (var l in lines)
        {
            var line = (int)l.Line;
            if (!codes.Contains(l["substance_code"])) problems.Add(new(line, $"Unknown substance '{l["substance_code"]}'."));
            if (!decimal.TryParse(l["base_factor"], NumberStyles.Number, CultureInfo.InvariantCulture, out var factor) || factor <= 0 || factor > 1)
                problems.Add(new(line, $"'{l["base_factor"]}' is not a base factor between 0 and 1."));
            if (string.IsNullOrWhiteSpace(l["salt"])) problems.Add(new(line, "The salt name is empty."));
            rows.Add(new SubstanceSalt { SubstanceCode = l["substance_code"], Name = l["salt"], Cas = l.Optional("cas"), BaseFactor = factor });
        }
        if (problems.Count > 0) return new ImportResult(0, 0, problems);
        var existing = await db.SubstanceSalts.ToListAsync(ct);
        int added = 0, updated = 0;
        foreach (var s in rows)
        {
            var e = existing.FirstOrDefault(x => x.SubstanceCode == s.SubstanceCode && string.Equals(x.Name, s.Name, StringComparison.OrdinalIgnoreCase));
            if (e is null) { db.SubstanceSalts.Add(s); added++; }
            else { e.BaseFactor = s.BaseFactor; e.Cas = s.Cas; updated++; }
        }
        await db.SaveChangesAsync(ct);
        return new ImportResult(added, updated, []);
    }

    public Task ExportCountriesAsync(TextWriter text, CancellationToken ct = default) =>
        CsvTable.WriteAsync(text, ["alpha2", "alpha3", "numeric", "name_en", "name_fr", "name_ru", "name_es"],
            db.Countries.AsNoTracking().OrderBy(c => c.Alpha2).Select(c => new[] { c.Alpha2, c.Alpha3, c.Numeric, c.NameEn, c.NameFr, c.NameRu, c.NameEs }).AsAsyncEnumerable(), ct);

    public Task ExportSubstancesAsync(TextWriter text, CancellationToken ct = default) =>
        CsvTable.WriteAsync(text, ["code", "kind", "schedules", "name", "cas", "synonyms"],
            db.Substances.AsNoTracking().OrderBy(s => s.Code).AsAsyncEnumerable().Select(s => new[] { s.Code, s.Kind.ToString(), s.Schedules, s.Name, s.Cas ?? "", s.Synonyms }), ct);
}
