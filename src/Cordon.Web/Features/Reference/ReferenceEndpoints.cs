using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Reference;
using Cordon.Domain.Reference;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Features.Reference;

public sealed record CountryDto(string Alpha2, string Alpha3, string Numeric, string Name, string NameEn, string NameFr, string NameRu, string NameEs);

public sealed record SaltDto(string Name, string? Cas, decimal BaseFactor);

public sealed record SubstanceDto(string Code, SubstanceKind Kind, string Schedules, string Name, string? Cas, IReadOnlyList<string> Synonyms, IReadOnlyList<SaltDto> Salts, long Version);

public sealed record SubstancePage(IReadOnlyList<SubstanceDto> Items, string? NextCursor);

public sealed record NewChemical(string Name, string? Cas, IReadOnlyList<string>? Synonyms);

public sealed record SubstanceUpdate(string Name, string? Cas, IReadOnlyList<string>? Synonyms, string? Schedules, bool IsActive);

public sealed record UnitDto(string Code, Dimension Dimension, decimal ToBase);

public sealed record ImportReport(int Added, int Updated, IReadOnlyList<ImportProblem> Problems);

public static class ReferenceEndpoints
{
    public static void MapReferenceApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/reference").WithTags("Reference data");

        g.MapGet("/countries", async (string? q, CordonDbContext db, CancellationToken ct) =>
        {
            var lang = Languages.Current;
            var list = await db.Countries.AsNoTracking().OrderBy(c => c.Alpha2).ToListAsync(ct);
            if (!string.IsNullOrWhiteSpace(q))
                list = list.Where(c => c.Alpha2.Equals(q, StringComparison.OrdinalIgnoreCase) || c.Alpha3.Equals(q, StringComparison.OrdinalIgnoreCase)
                    || new[] { c.NameEn, c.NameFr, c.NameRu, c.NameEs }.Any(n => n.Contains(q, StringComparison.CurrentCultureIgnoreCase))).ToList();
            return TypedResults.Ok(list.Select(c => new CountryDto(c.Alpha2, c.Alpha3, c.Numeric, c.NameIn(lang), c.NameEn, c.NameFr, c.NameRu, c.NameEs)).ToList());
        }).WithName("ListCountries").WithSummary("ISO 3166-1 countries and territories, names in the four languages.");

        g.MapGet("/countries.csv", async (ReferenceData reference, AuditLog audit, HttpContext http, CancellationToken ct) =>
        {
            await audit.RecordNowAsync("reference.exported", "Country", "*", "countries.csv", ct: ct);
            var writer = new StringWriter();
            await reference.ExportCountriesAsync(writer, ct);
            return TypedResults.Text(writer.ToString(), "text/csv; charset=utf-8");
        }).WithName("ExportCountries");

        g.MapPost("/countries/import", async Task<Results<Ok<ImportReport>, ProblemHttpResult>> (HttpRequest request, ReferenceData reference, CordonDbContext db, AuditLog audit, CancellationToken ct) =>
        {
            var table = await TabularHttp.ReadAsync(request, ct: ct);
            if (!table.Succeeded) return ProblemResults.From(table);
            await using var tx = await db.BeginWriteAsync(ct);
            var result = await reference.ImportCountriesAsync(table.Value!, ct);
            if (!result.Succeeded) return ImportProblem(result);
            await audit.RecordAsync("reference.imported", "Country", "*", null, $"{result.Added} added, {result.Updated} updated", ct: ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.Ok(new ImportReport(result.Added, result.Updated, []));
        }).RequireAuthorization(Policies.SecretariatAdministrator).AcceptsTable().WithName("ImportCountries")
          .WithSummary("Replace or add countries from a CSV (alpha2,alpha3,numeric,name_en,name_fr,name_ru,name_es). All or nothing.");

        g.MapGet("/substances", async (string? q, SubstanceKind? kind, string? cursor, int? limit, CordonDbContext db, CancellationToken ct) =>
        {
            var take = Math.Clamp(limit ?? 100, 1, 500);
            var query = db.Substances.AsNoTracking().Include(s => s.Salts).Where(s => s.IsActive);
            if (kind is { } k) query = query.Where(s => s.Kind == k);
            if (!string.IsNullOrEmpty(cursor)) query = query.Where(s => string.Compare(s.Code, cursor) > 0);
            if (!string.IsNullOrWhiteSpace(q))
            {
                var term = q.Trim().ToLower();
                query = query.Where(s => s.Name.ToLower().Contains(term) || s.Synonyms.ToLower().Contains(term) || s.Cas == term || s.Code.ToLower() == term);
            }
            var items = await query.OrderBy(s => s.Code).Take(take + 1).ToListAsync(ct);
            var next = items.Count > take ? items[take - 1].Code : null;
            return TypedResults.Ok(new SubstancePage(items.Take(take).Select(ToDto).ToList(), next));
        }).WithName("ListSubstances").WithSummary("Controlled substances (Yellow, Green, Red lists), NPS and non-scheduled chemicals; search by name, synonym or CAS; cursor pagination.");

        g.MapGet("/substances/{code}", async Task<Results<Ok<SubstanceDto>, ProblemHttpResult>> (string code, CordonDbContext db, HttpContext http, CancellationToken ct) =>
        {
            var s = await db.Substances.AsNoTracking().Include(x => x.Salts).FirstOrDefaultAsync(x => x.Code == code.ToUpperInvariant(), ct);
            if (s is null) return ProblemResults.NotFound($"No substance with code '{code}'.");
            Concurrency.SetETag(http, s.Version);
            return TypedResults.Ok(ToDto(s));
        }).WithName("GetSubstance");

        g.MapPut("/substances/{code}", async Task<Results<Ok<SubstanceDto>, ProblemHttpResult>> (string code, SubstanceUpdate body, CordonDbContext db, AuditLog audit, HttpContext http, CancellationToken ct) =>
        {
            var s = await db.Substances.Include(x => x.Salts).FirstOrDefaultAsync(x => x.Code == code.ToUpperInvariant(), ct);
            if (s is null) return ProblemResults.NotFound($"No substance with code '{code}'.");
            if (Concurrency.CheckIfMatch(http.Request, s.Version) is { } problem) return problem;
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 300) errors["name"] = ["The name is required (at most 300 characters)."];
            if (body.Cas is { Length: > 0 } cas && !CasNumber.IsValid(cas)) errors["cas"] = [$"'{cas}' is not a valid CAS registry number."];
            if (errors.Count > 0) return ProblemResults.Invalid("The substance could not be updated.", errors);
            await using var tx = await db.BeginWriteAsync(ct);
            s.Name = body.Name.Trim();
            s.Cas = string.IsNullOrWhiteSpace(body.Cas) ? null : body.Cas.Trim();
            s.Synonyms = string.Join('|', (body.Synonyms ?? []).Select(x => x.Trim()).Where(x => x.Length > 0));
            if (body.Schedules is not null) s.Schedules = body.Schedules;
            s.IsActive = body.IsActive;
            s.Version++;
            await audit.RecordAsync("substance.updated", "Substance", s.Code, s, ct: ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            Concurrency.SetETag(http, s.Version);
            return TypedResults.Ok(ToDto(s));
        }).RequireAuthorization(Policies.SecretariatAdministrator).WithName("UpdateSubstance").WithSummary("Update a substance; needs If-Match with the ETag read.");

        g.MapPost("/substances/non-scheduled", async Task<Results<Created<SubstanceDto>, ProblemHttpResult>> (NewChemical body, CordonDbContext db, AuditLog audit, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 300) errors["name"] = ["The chemical's name is required (at most 300 characters)."];
            if (body.Cas is { Length: > 0 } cas && !CasNumber.IsValid(cas)) errors["cas"] = [$"'{cas}' is not a valid CAS registry number."];
            if (errors.Count > 0) return ProblemResults.Invalid("The chemical could not be added.", errors);
            var name = body.Name.Trim();
            var existing = await db.Substances.AsNoTracking().Include(s => s.Salts)
                .FirstOrDefaultAsync(s => s.Name.ToLower() == name.ToLower() || (body.Cas != null && s.Cas == body.Cas), ct);
            if (existing is not null)
                return TypedResults.Problem(title: $"'{existing.Name}' is already in the reference list as {existing.Code}.", statusCode: 409);
            await using var tx = await db.BeginWriteAsync(ct);
            var code = "NSC-" + CodeFromName(name);
            var s = new ControlledSubstance
            {
                Code = code, Kind = SubstanceKind.NonScheduledChemical, Name = name, Cas = string.IsNullOrWhiteSpace(body.Cas) ? null : body.Cas.Trim(),
                Synonyms = string.Join('|', (body.Synonyms ?? []).Select(x => x.Trim()).Where(x => x.Length > 0)),
            };
            db.Substances.Add(s);
            await audit.RecordAsync("substance.added", "Substance", code, s, $"kind={s.Kind}", ct: ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.Created($"/api/v1/reference/substances/{code}", ToDto(s));
        }).RequireAuthorization(Policies.SignedIn).WithName("AddNonScheduledChemical")
          .WithSummary("Add a chemical that is not under international control (e.g. one seen in an incident).");

        g.MapPost("/substances/import", async Task<Results<Ok<ImportReport>, ProblemHttpResult>> (HttpRequest request, ReferenceData reference, CordonDbContext db, AuditLog audit, CancellationToken ct) =>
        {
            var table = await TabularHttp.ReadAsync(request, ct: ct);
            if (!table.Succeeded) return ProblemResults.From(table);
            await using var tx = await db.BeginWriteAsync(ct);
            var result = await reference.ImportSubstancesAsync(table.Value!, ct);
            if (!result.Succeeded) return ImportProblem(result);
            await audit.RecordAsync("reference.imported", "Substance", "*", null, $"{result.Added} added, {result.Updated} updated", ct: ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.Ok(new ImportReport(result.Added, result.Updated, []));
        }).RequireAuthorization(Policies.SecretariatAdministrator).AcceptsTable().WithName("ImportSubstances");

        g.MapGet("/substances.csv", async (ReferenceData reference, AuditLog audit, CancellationToken ct) =>
        {
            await audit.RecordNowAsync("reference.exported", "Substance", "*", "substances.csv", ct: ct);
            var writer = new StringWriter();
            await reference.ExportSubstancesAsync(writer, ct);
            return TypedResults.Text(writer.ToString(), "text/csv; charset=utf-8");
        }).WithName("ExportSubstances");

        g.MapGet("/units", () => TypedResults.Ok(UnitOfMeasure.All.Select(u => new UnitDto(u.Code, u.Dimension, u.ToBase)).ToList()))
            .WithName("ListUnits").WithSummary("Units of measure and their factor to the base unit (g, mL, unit).");
    }

    private static ProblemHttpResult ImportProblem(ImportResult result) =>
        TypedResults.Problem(title: "The file was not imported: nothing was changed.", detail: $"{result.Problems.Count} problem(s) found.", statusCode: 400,
            extensions: new Dictionary<string, object?> { ["problems"] = result.Problems });

    /// <summary>A short stable code from a chemical's name: upper-case letters and digits, hyphens between words.</summary>
    private static string CodeFromName(string name)
    {
        var chars = name.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var code = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return code.Length > 50 ? code[..50] : code.Length == 0 ? Guid.NewGuid().ToString("N")[..8].ToUpperInvariant() : code;
    }

    internal static SubstanceDto ToDto(ControlledSubstance s) =>
        new(s.Code, s.Kind, s.Schedules, s.Name, s.Cas, s.SynonymList.ToList(), s.Salts.Select(x => new SaltDto(x.Name, x.Cas, x.BaseFactor)).ToList(), s.Version);
}
