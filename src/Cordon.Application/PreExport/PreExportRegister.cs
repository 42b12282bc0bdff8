using System.Globalization;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Monitoring;
using Cordon.Domain.PreExport;
using Cordon.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.PreExport;

/// <summary>
/// The Secretariat's registers: invocations of article 12(10)(a) and annual legitimate requirements of ATS precursors.
/// Both are public to every Party of the module (as INCB publishes them).
/// </summary>
public sealed class PreExportRegister(CordonDbContext db, ICurrentActor actor, AuditLog audit, TimeProvider clock)
{
    public async Task<List<InvocationView>> InvocationsAsync(CancellationToken ct = default)
    {
        var rows = await db.PreExportInvocations.AsNoTracking().OrderBy(i => i.CountryCode).ThenBy(i => i.Since).ToListAsync(ct);
        return rows.Select(View).ToList();
    }

    public static InvocationView View(Invocation i) => new(i.Id, i.CountryCode, i.TableI, i.TableII, i.NamedSubstanceCodes.ToList(), i.Since, i.WithdrawnOn, i.RecordedAt);

    public async Task<Outcome<InvocationView>> RecordInvocationAsync(InvocationInput input, CancellationToken ct = default)
    {
        if (!actor.IsSecretariat || actor.PartyCode is not null) return Outcome<InvocationView>.Forbidden("Only the Secretariat records invocations.");
        var errors = new Dictionary<string, string[]>();
        var country = input.CountryCode?.Trim().ToUpperInvariant();
        if (!Country.IsWellFormedAlpha2(country) || !await db.Countries.AnyAsync(c => c.Alpha2 == country, ct))
            errors["countryCode"] = ["Enter an ISO 3166-1 alpha-2 country code."];
        var named = (input.NamedSubstances ?? []).Select(s => s?.Trim() ?? "").Where(s => s.Length > 0).Distinct().ToList();
        var known = await db.Substances.AsNoTracking().Where(s => s.Kind == SubstanceKind.Precursor || s.Kind == SubstanceKind.NonScheduledChemical).ToListAsync(ct);
        var codes = new List<string>();
        foreach (var n in named)
        {
            var s = known.FirstOrDefault(k => string.Equals(k.Code, n, StringComparison.OrdinalIgnoreCase)) ?? known.FirstOrDefault(k => k.IsKnownAs(n));
            if (s is null) errors["namedSubstances"] = ["Name precursors or non-scheduled chemicals of the reference list."];
            else codes.Add(s.Code);
        }
        if (!input.TableI && !input.TableII && codes.Count == 0 && !errors.ContainsKey("namedSubstances"))
            errors["tableI"] = ["An invocation covers Table I, Table II or named substances."];
        if (input.Since is null) errors["since"] = ["Give the date of the Secretary-General's notification."];
        if (errors.Count > 0) return Outcome<InvocationView>.Invalid("The invocation is not valid.", errors);

        await using var tx = await db.BeginWriteAsync(ct);
        var now = clock.GetUtcNow();
        // A new invocation by the same Government replaces the one in force from its date.
        var previous = await db.PreExportInvocations.Where(i => i.CountryCode == country && i.WithdrawnOn == null).ToListAsync(ct);
        foreach (var p in previous)
        {
            p.WithdrawnOn = input.Since!.Value < p.Since ? p.Since : input.Since.Value;
            p.Version++;
        }
        var invocation = new Invocation
        {
            Id = Guid.CreateVersion7(now), CountryCode = country!, TableI = input.TableI, TableII = input.TableII,
            NamedSubstances = string.Join(';', codes.Distinct()), Since = input.Since!.Value, RecordedAt = now, Version = 1,
        };
        db.PreExportInvocations.Add(invocation);
        await audit.RecordAsync("preexport.invocation-recorded", "PreExportInvocation", invocation.Id.ToString(), invocation,
            $"{country}: Table I {input.TableI}, Table II {input.TableII}, named {invocation.NamedSubstances}, since {invocation.Since:yyyy-MM-dd}", [country!], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<InvocationView>.Ok(View(invocation));
    }

    public async Task<Outcome<InvocationView>> WithdrawInvocationAsync(Guid id, DateOnly? on, CancellationToken ct = default)
    {
        if (!actor.IsSecretariat || actor.PartyCode is not null) return Outcome<InvocationView>.Forbidden("Only the Secretariat records invocations.");
        await using var tx = await db.BeginWriteAsync(ct);
        var i = await db.PreExportInvocations.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (i is null) return Outcome<InvocationView>.NotFound("No such invocation.");
        i.WithdrawnOn = on ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        i.Version++;
        await audit.RecordAsync("preexport.invocation-withdrawn", "PreExportInvocation", i.Id.ToString(), i, $"{i.CountryCode} withdrawn {i.WithdrawnOn:yyyy-MM-dd}", [i.CountryCode], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<InvocationView>.Ok(View(i));
    }

    /// <summary>
    /// The requirements in force: the Secretariat's figures, and for any (Party, substance, year) it has not recorded, the
    /// Party's own figure from its submitted Monitoring Form D (requirement lines), so a Party enters it once.
    /// </summary>
    public async Task<List<RequirementView>> RequirementsAsync(int? year, CancellationToken ct = default)
    {
        var q = db.LegitimateRequirements.AsNoTracking();
        if (year is { } y) q = q.Where(r => r.Year == y);
        var rows = (await q.ToListAsync(ct)).Select(r => new RequirementView(r.Id, r.CountryCode, r.SubstanceCode, r.Year, r.Kilograms)).ToList();
        var recorded = rows.Select(r => (r.CountryCode, r.SubstanceCode, r.Year)).ToHashSet();
        foreach (var f in await FormDRequirementsAsync(db, null, null, year, ct))
            if (!recorded.Contains((f.CountryCode, f.SubstanceCode, f.Year))) rows.Add(f);
        return rows.OrderBy(r => r.CountryCode, StringComparer.Ordinal).ThenBy(r => r.SubstanceCode, StringComparer.Ordinal).ThenBy(r => r.Year).ToList();
    }

    /// <summary>
    /// The requirement the pre-export check uses: the Secretariat's recorded figure takes precedence (it is the one INCB
    /// publishes, possibly after consulting the Party); without one, the Party's latest submitted Form D requirement line.
    /// </summary>
    public static async Task<RequirementView?> RequirementAsync(CordonDbContext db, string country, string substance, int year, CancellationToken ct)
    {
        var r = await db.LegitimateRequirements.AsNoTracking().FirstOrDefaultAsync(x => x.CountryCode == country && x.SubstanceCode == substance && x.Year == year, ct);
        if (r is not null) return new RequirementView(r.Id, r.CountryCode, r.SubstanceCode, r.Year, r.Kilograms);
        return (await FormDRequirementsAsync(db, country, substance, year, ct)).FirstOrDefault();
    }

    /// <summary>Annual legitimate requirements of the ATS precursors from submitted Form D requirement lines, in kilograms (litres through the density).</summary>
    private static async Task<List<RequirementView>> FormDRequirementsAsync(CordonDbContext db, string? country, string? substance, int? year, CancellationToken ct)
    {
        var q = from l in db.StatisticsLines
                join s in db.StatisticsSubmissions on l.SubmissionId equals s.Id
                where s.Form == StatisticsForm.D && s.Status == SubmissionStatus.Submitted && l.Section == LineSection.Requirement
                      && LegitimateRequirementCheck.Substances.Contains(l.SubstanceCode)
                select new { s.Id, s.CountryCode, s.Year, l.SubstanceCode, l.Quantity, l.Unit };
        if (country is not null) q = q.Where(x => x.CountryCode == country);
        if (substance is not null) q = q.Where(x => x.SubstanceCode == substance);
        if (year is { } y) q = q.Where(x => x.Year == y);
        var lines = await q.ToListAsync(ct);
        return lines.GroupBy(x => (x.CountryCode, x.SubstanceCode, x.Year))
            .Select(g => new RequirementView(g.First().Id, g.Key.CountryCode, g.Key.SubstanceCode, g.Key.Year,
                Math.Round(g.Sum(x => StatisticsRules.Grams(x.Quantity, x.Unit, x.SubstanceCode)) / 1000m, 3), RequirementSource.FormD))
            .ToList();
    }

    /// <summary>Records (or replaces) a Party's annual legitimate requirement of one ATS precursor.</summary>
    public async Task<Outcome<RequirementView>> SetRequirementAsync(RequirementInput input, CancellationToken ct = default)
    {
        if (!actor.IsSecretariat || actor.PartyCode is not null) return Outcome<RequirementView>.Forbidden("Only the Secretariat records legitimate requirements.");
        var errors = new Dictionary<string, string[]>();
        var country = input.CountryCode?.Trim().ToUpperInvariant();
        if (!Country.IsWellFormedAlpha2(country) || !await db.Countries.AnyAsync(c => c.Alpha2 == country, ct))
            errors["countryCode"] = ["Enter an ISO 3166-1 alpha-2 country code."];
        var substance = input.Substance?.Trim() ?? "";
        var candidates = await db.Substances.AsNoTracking().Where(s => LegitimateRequirementCheck.Substances.Contains(s.Code)).ToListAsync(ct);
        var s = candidates.FirstOrDefault(c => string.Equals(c.Code, substance, StringComparison.OrdinalIgnoreCase)) ?? candidates.FirstOrDefault(c => c.IsKnownAs(substance));
        if (s is null) errors["substance"] = ["Requirements are kept for ephedrine, pseudoephedrine, P-2-P and 3,4-MDP-2-P."];
        if (input.Year is not (>= 2000 and <= 2100)) errors["year"] = ["Give a year between 2000 and 2100."];
        if (input.Kilograms is not (>= 0 and < 1_000_000_000m)) errors["kilograms"] = ["Give the requirement in kilograms (0 or more)."];
        if (errors.Count > 0) return Outcome<RequirementView>.Invalid("The requirement is not valid.", errors);

        await using var tx = await db.BeginWriteAsync(ct);
        var now = clock.GetUtcNow();
        var r = await db.LegitimateRequirements.FirstOrDefaultAsync(x => x.CountryCode == country && x.SubstanceCode == s!.Code && x.Year == input.Year, ct);
        if (r is null)
        {
            r = new LegitimateRequirement { Id = Guid.CreateVersion7(now), CountryCode = country!, SubstanceCode = s!.Code, Year = input.Year!.Value };
            db.LegitimateRequirements.Add(r);
        }
        r.Kilograms = input.Kilograms!.Value;
        r.RecordedAt = now;
        await audit.RecordAsync("preexport.requirement-recorded", "LegitimateRequirement", r.Id.ToString(), new { r.Id, r.CountryCode, r.SubstanceCode, r.Year, r.Kilograms },
            string.Create(CultureInfo.InvariantCulture, $"{country} {s!.Name} {r.Year}: {r.Kilograms} kg"), [country!], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<RequirementView>.Ok(new RequirementView(r.Id, r.CountryCode, r.SubstanceCode, r.Year, r.Kilograms));
    }
}
