using System.Globalization;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Authorizations;
using Cordon.Domain.Monitoring;
using Cordon.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Monitoring;

public sealed record SubstanceUtilization(string Substance, string Name, int Year, double Consumption, double? Estimate, double? PercentOfEstimate,
    UtilizationMark Mark, double? SddPerMillionPerDay);

public sealed record YearAvailability(int Year, long? Population, double? NarcoticSdd, double? PsychotropicSdd, UtilizationMark NarcoticMark, UtilizationMark PsychotropicMark);

public sealed record CountryProfile(string Country, string Name, IReadOnlyList<int> Years, IReadOnlyList<YearAvailability> Availability,
    IReadOnlyList<SubstanceUtilization> Substances, UtilizationRanges Ranges);

public sealed record GlobalRow(string Country, long? Population, double? NarcoticSdd, double? PsychotropicSdd, UtilizationMark NarcoticMark, UtilizationMark PsychotropicMark);

public sealed record GlobalUtilization(int Year, IReadOnlyList<GlobalRow> Rows, UtilizationRanges Ranges);

public sealed record DddInput(string? Substance, double? Grams, string? Source);

public sealed record PopulationInput(string? Country, int? Year, long? Population, string? Source);

public sealed record DddView(string Substance, string Name, double Grams, string? Source);

public sealed record PopulationView(string Country, int Year, long Population, string? Source);

/// <summary>
/// Utilization: consumption against estimates per substance and year, and availability in S-DDD per million inhabitants
/// per day from the pre-aggregated yearly totals, the population figures and the S-DDD values the Secretariat maintains.
/// </summary>
public sealed class UtilizationService(CordonDbContext db, ICurrentActor actor, AuditLog audit, MonitoringSettings settings)
{
    /// <summary>A Party's profile over the years; null for another Party's (the caller sees its own, the Secretariat any).</summary>
    public async Task<CountryProfile?> ProfileAsync(string country, string language, CancellationToken ct = default)
    {
        country = country.ToUpperInvariant();
        if (actor.PartyCode is { } own ? own != country : !actor.IsSecretariat) return null;
        var c = await db.Countries.AsNoTracking().FirstOrDefaultAsync(x => x.Alpha2 == country, ct);
        if (c is null) return null;
        var totals = await db.YearlyTotals.AsNoTracking().Where(t => t.CountryCode == country)
            .Select(t => new { t.SubstanceCode, t.Year, t.Form, t.Consumption }).ToListAsync(ct);
        var ddd = await db.DddValues.AsNoTracking().Where(d => d.Grams > 0).ToDictionaryAsync(d => d.SubstanceCode, d => d.Grams, ct);
        var population = await db.PopulationFigures.AsNoTracking().Where(p => p.CountryCode == country).ToDictionaryAsync(p => p.Year, p => p.Population, ct);
        var estimates = await db.Estimates.AsNoTracking().Where(e => e.CountryCode == country && e.Status == EstimateStatus.Confirmed)
            .Select(e => new { e.SubstanceCode, e.Year, e.Sequence, e.Grams }).ToListAsync(ct);
        var inForce = estimates.GroupBy(e => (e.SubstanceCode, e.Year)).ToDictionary(g => g.Key, g => (double)g.OrderByDescending(e => e.Sequence).First().Grams);
        var codes = totals.Select(t => t.SubstanceCode).Distinct().ToList();
        var names = await db.Substances.AsNoTracking().Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Name, ct);
        var r = settings.Utilization;

        var substances = totals.OrderBy(t => t.SubstanceCode, StringComparer.Ordinal).ThenBy(t => t.Year).Select(t =>
        {
            double? estimate = inForce.TryGetValue((t.SubstanceCode, t.Year), out var e) ? e : inForce.TryGetValue((t.SubstanceCode, 0), out var a) ? a : null;
            var pct = UtilizationRules.PercentOfEstimate(t.Consumption, estimate);
            var sdd = ddd.TryGetValue(t.SubstanceCode, out var g) && population.TryGetValue(t.Year, out var pop) ? UtilizationRules.SddPerMillionPerDay(t.Consumption / g, pop) : null;
            return new SubstanceUtilization(t.SubstanceCode, names.GetValueOrDefault(t.SubstanceCode) ?? t.SubstanceCode, t.Year, t.Consumption, estimate, pct,
                UtilizationRules.MarkPercent(pct, r), sdd);
        }).ToList();
        var years = totals.Select(t => t.Year).Distinct().Order().ToList();
        var availability = years.Select(y =>
        {
            long? pop = population.TryGetValue(y, out var p) ? p : null;
            double? Group(StatisticsForm form)
            {
                var doses = totals.Where(t => t.Year == y && t.Form == form && ddd.ContainsKey(t.SubstanceCode)).Select(t => t.Consumption / ddd[t.SubstanceCode]).ToList();
                return doses.Count == 0 || pop is null ? null : UtilizationRules.SddPerMillionPerDay(doses.Sum(), pop.Value);
            }
            var n = Group(StatisticsForm.C);
            var ps = Group(StatisticsForm.P);
            return new YearAvailability(y, pop, n, ps, UtilizationRules.MarkSdd(n, r), UtilizationRules.MarkSdd(ps, r));
        }).ToList();
        return new CountryProfile(country, c.NameIn(language), years, availability, substances, r);
    }

    /// <summary>Every Party's availability in one year, summed in SQL over the yearly totals (Secretariat).</summary>
    public async Task<GlobalUtilization> GlobalAsync(int year, CancellationToken ct = default)
    {
        var doses = await (from t in db.YearlyTotals
                           where t.Year == year
                           join d in db.DddValues on t.SubstanceCode equals d.SubstanceCode
                           where d.Grams > 0
                           group t.Consumption / d.Grams by new { t.CountryCode, t.Form } into g
                           select new { g.Key.CountryCode, g.Key.Form, Doses = g.Sum() }).AsNoTracking().ToListAsync(ct);
        var countries = await db.YearlyTotals.AsNoTracking().Where(t => t.Year == year).Select(t => t.CountryCode).Distinct().ToListAsync(ct);
        var population = await db.PopulationFigures.AsNoTracking().Where(p => p.Year == year).ToDictionaryAsync(p => p.CountryCode, p => p.Population, ct);
        var r = settings.Utilization;
        var rows = countries.Order(StringComparer.Ordinal).Select(c =>
        {
            long? pop = population.TryGetValue(c, out var p) ? p : null;
            double? Sdd(StatisticsForm f) => doses.FirstOrDefault(d => d.CountryCode == c && d.Form == f) is { } x && pop is { } pp ? UtilizationRules.SddPerMillionPerDay(x.Doses, pp) : null;
            var n = Sdd(StatisticsForm.C);
            var ps = Sdd(StatisticsForm.P);
            return new GlobalRow(c, pop, n, ps, UtilizationRules.MarkSdd(n, r), UtilizationRules.MarkSdd(ps, r));
        }).ToList();
        return new GlobalUtilization(year, rows, r);
    }

    public async Task<List<DddView>> DddValuesAsync(CancellationToken ct = default) =>
        await (from d in db.DddValues.AsNoTracking()
               join s in db.Substances on d.SubstanceCode equals s.Code
               orderby d.SubstanceCode
               select new DddView(d.SubstanceCode, s.Name, d.Grams, d.Source)).ToListAsync(ct);

    public async Task<List<PopulationView>> PopulationAsync(string? country, CancellationToken ct = default)
    {
        var q = db.PopulationFigures.AsNoTracking();
        if (actor.PartyCode is { } own) q = q.Where(p => p.CountryCode == own);
        if (country is { Length: 2 }) q = q.Where(p => p.CountryCode == country.ToUpperInvariant());
        return await q.OrderBy(p => p.CountryCode).ThenBy(p => p.Year).Take(20_000).Select(p => new PopulationView(p.CountryCode, p.Year, p.Population, p.Source)).ToListAsync(ct);
    }

    /// <summary>Secretariat: sets the S-DDD value of a narcotic drug or psychotropic substance (grams per day).</summary>
    public async Task<Outcome<DddView>> SetDddAsync(DddInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var code = input.Substance?.Trim().ToUpperInvariant() ?? "";
        var s = code.Length is 0 or > 100 ? null : await db.Substances.AsNoTracking()
            .FirstOrDefaultAsync(x => x.Code == code && (x.Kind == SubstanceKind.NarcoticDrug || x.Kind == SubstanceKind.PsychotropicSubstance), ct);
        if (s is null) errors["substance"] = ["Choose a narcotic drug or psychotropic substance by its code."];
        if (input.Grams is not (> 0 and < 1000)) errors["grams"] = ["Give the S-DDD in grams per day (more than 0, less than 1000)."];
        var source = input.Source?.Trim();
        if (source is { Length: > 400 }) errors["source"] = ["At most 400 characters."];
        if (errors.Count > 0) return Outcome<DddView>.Invalid("The S-DDD value is not valid.", errors);
        await using var tx = await db.BeginWriteAsync(ct);
        var row = await db.DddValues.FirstOrDefaultAsync(d => d.SubstanceCode == s!.Code, ct);
        if (row is null) db.DddValues.Add(row = new DddValue { SubstanceCode = s!.Code });
        row.Grams = input.Grams!.Value;
        row.Source = source;
        await audit.RecordAsync("monitoring.ddd-set", "DddValue", row.SubstanceCode, new { row.SubstanceCode, row.Grams, row.Source },
            string.Create(CultureInfo.InvariantCulture, $"S-DDD of {row.SubstanceCode}: {row.Grams} g"), [], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<DddView>.Ok(new DddView(row.SubstanceCode, s!.Name, row.Grams, row.Source));
    }

    /// <summary>Secretariat: sets a country's population for a year.</summary>
    public async Task<Outcome<PopulationView>> SetPopulationAsync(PopulationInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var country = input.Country?.Trim().ToUpperInvariant() ?? "";
        if (!Country.IsWellFormedAlpha2(country) || !await db.Countries.AnyAsync(c => c.Alpha2 == country, ct)) errors["country"] = ["Enter an ISO 3166-1 alpha-2 country code."];
        if (input.Year is not (>= 1950 and <= 2100)) errors["year"] = ["Give a year between 1950 and 2100."];
        if (input.Population is not (> 0 and < 10_000_000_000)) errors["population"] = ["Give the population (more than 0)."];
        var source = input.Source?.Trim();
        if (source is { Length: > 400 }) errors["source"] = ["At most 400 characters."];
        if (errors.Count > 0) return Outcome<PopulationView>.Invalid("The population figure is not valid.", errors);
        await using var tx = await db.BeginWriteAsync(ct);
        var row = await db.PopulationFigures.FirstOrDefaultAsync(p => p.CountryCode == country && p.Year == input.Year, ct);
        if (row is null) db.PopulationFigures.Add(row = new PopulationFigure { CountryCode = country, Year = input.Year!.Value });
        row.Population = input.Population!.Value;
        row.Source = source;
        await audit.RecordAsync("monitoring.population-set", "PopulationFigure", $"{country}-{row.Year.ToString(CultureInfo.InvariantCulture)}", new { row.CountryCode, row.Year, row.Population, row.Source },
            string.Create(CultureInfo.InvariantCulture, $"Population of {country} in {row.Year}: {row.Population}"), [country], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<PopulationView>.Ok(new PopulationView(row.CountryCode, row.Year, row.Population, row.Source));
    }
}
