using System.Globalization;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Application.Notifications;
using Cordon.Domain.Authorizations;
using Cordon.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Authorizations;

/// <summary>
/// Estimates (narcotic drugs, per year, with supplementary estimates) and assessments (psychotropic substances, valid until
/// changed), in grams of anhydrous base. The Secretariat records them; a Party proposes and the Secretariat confirms. Every
/// version is kept; the latest confirmed one is in force. Article 13 import prohibitions are recorded here too.
/// </summary>
public sealed class EstimateRegister(CordonDbContext db, ICurrentActor actor, AuditLog audit, Notifier notifier, TimeProvider clock)
{
    public const string RecordType = "Estimate";
    public static readonly string[] CsvColumns = ["party", "substance", "kind", "year", "grams", "supplementary", "status", "sequence", "note"];

    public async Task<List<EstimateView>> ListAsync(string? country, int? year, bool history, CancellationToken ct = default)
    {
        var q = db.Estimates.AsNoTracking();
        if (actor.PartyCode is { } party) q = q.Where(e => e.CountryCode == party);
        else if (!actor.IsSecretariat) q = q.Where(_ => false);
        if (country is { Length: 2 }) q = q.Where(e => e.CountryCode == country.ToUpperInvariant());
        if (year is { } y) q = q.Where(e => e.Year == y || e.Year == 0);
        var rows = await q.OrderBy(e => e.CountryCode).ThenBy(e => e.SubstanceCode).ThenBy(e => e.Year).ThenBy(e => e.Sequence).Take(20_000).ToListAsync(ct);
        if (!history)
            rows = rows.GroupBy(e => (e.CountryCode, e.SubstanceCode, e.Kind, e.Year))
                .Select(g => g.Where(e => e.Status == EstimateStatus.Confirmed).OrderByDescending(e => e.Sequence).FirstOrDefault())
                .OfType<Estimate>().ToList();
        var codes = rows.Select(e => e.SubstanceCode).Distinct().ToList();
        var names = await db.Substances.AsNoTracking().Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Name, ct);
        return rows.Select(e => View(e, names.GetValueOrDefault(e.SubstanceCode) ?? e.SubstanceCode)).ToList();
    }

    private static EstimateView View(Estimate e, string name) => new(e.Id, e.Kind, e.CountryCode, e.SubstanceCode, name, e.Kind == EstimateKind.Estimate ? e.Year : null,
        e.Grams, e.Supplementary, e.Sequence, e.Status, e.Note, e.ProposedBy, e.ProposedAt, e.ConfirmedAt);

    /// <summary>The Secretariat records a confirmed version; a Party's authority proposes one for its own Party.</summary>
    public async Task<Outcome<EstimateView>> SubmitAsync(EstimateInput input, CancellationToken ct = default)
    {
        var errors = new Errors();
        var secretariat = actor.PartyCode is null && actor.IsSecretariat;
        if (actor.PartyCode is null && !secretariat) return Outcome<EstimateView>.Forbidden();
        var country = input.CountryCode?.Trim().ToUpperInvariant() ?? actor.PartyCode ?? "";
        if (!Country.IsWellFormedAlpha2(country) || !await db.Countries.AnyAsync(c => c.Alpha2 == country, ct)) errors.Add("countryCode", "Enter an ISO 3166-1 alpha-2 country code.");
        else if (!secretariat && country != actor.PartyCode) errors.Add("countryCode", "A Party proposes estimates for itself only.");
        var term = input.Substance?.Trim().ToUpperInvariant() ?? "";
        var s = term.Length is 0 or > 100 ? null : await db.Substances.AsNoTracking()
            .FirstOrDefaultAsync(x => x.Code == term && (x.Kind == SubstanceKind.NarcoticDrug || x.Kind == SubstanceKind.PsychotropicSubstance), ct);
        if (s is null) errors.Add("substance", "Choose a narcotic drug or psychotropic substance by its code.");
        var kind = EstimateCheck.KindFor(s?.Kind == SubstanceKind.NarcoticDrug);
        if (kind == EstimateKind.Estimate && input.Year is not (>= 2000 and <= 2100)) errors.Add("year", "An estimate is for a calendar year (2000-2100).");
        if (input.Grams is not { } grams || grams < 0 || grams > 1_000_000_000_000m) { errors.Add("grams", "Give the quantity in grams of anhydrous base (zero or more)."); grams = 0; }
        var note = errors.Clean(input.Note, 2000, "note", false);
        if (errors.Count > 0) return Outcome<EstimateView>.Invalid("The estimate is not valid.", errors.Dictionary);

        var year = kind == EstimateKind.Estimate ? input.Year!.Value : 0;
        var now = clock.GetUtcNow();
        await using var tx = await db.BeginWriteAsync(ct);
        await db.AcquireLockAsync(AuthorizationService.ModuleLock, ct: ct);
        var last = await db.Estimates.Where(e => e.CountryCode == country && e.SubstanceCode == s!.Code && e.Kind == kind && e.Year == year)
            .OrderByDescending(e => e.Sequence).Select(e => (int?)e.Sequence).FirstOrDefaultAsync(ct) ?? 0;
        var e = new Estimate
        {
            Id = Guid.CreateVersion7(now), Kind = kind, CountryCode = country, SubstanceCode = s!.Code, Year = year, Grams = grams,
            Supplementary = input.Supplementary || (kind == EstimateKind.Estimate && last > 0), Sequence = last + 1,
            Status = secretariat ? EstimateStatus.Confirmed : EstimateStatus.Proposed, Note = note, ProposedBy = actor.PartyCode ?? "Secretariat",
            ProposedAt = now, ConfirmedAt = secretariat ? now : null,
        };
        db.Estimates.Add(e);
        await audit.RecordAsync(secretariat ? "estimate.recorded" : "estimate.proposed", RecordType, e.Id.ToString(), e,
            string.Create(CultureInfo.InvariantCulture, $"{e.Kind} {e.CountryCode} {e.SubstanceCode} {(year == 0 ? "" : year.ToString(CultureInfo.InvariantCulture))} v{e.Sequence}: {e.Grams} g"), [country], ct);
        if (!secretariat)
            await notifier.NotifyPartiesAsync([], "Authorizations.View", "Notification.EstimateProposed", [country, e.SubstanceCode], "/Authorizations/Estimates", includeSecretariat: true, email: false, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<EstimateView>.Ok(View(e, s.Name));
    }

    /// <summary>The Secretariat confirms (or rejects) a Party's proposal.</summary>
    public async Task<Outcome<EstimateView>> DecideAsync(Guid id, bool confirm, CancellationToken ct = default)
    {
        if (!actor.IsSecretariat || actor.PartyCode is not null) return Outcome<EstimateView>.Forbidden("The Secretariat confirms estimates.");
        await using var tx = await db.BeginWriteAsync(ct);
        await db.AcquireLockAsync(AuthorizationService.ModuleLock, ct: ct);
        var e = await db.Estimates.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null) return Outcome<EstimateView>.NotFound("No such estimate.");
        if (e.Status != EstimateStatus.Proposed) return Outcome<EstimateView>.Conflict("Only a proposal is confirmed or rejected.");
        e.Status = confirm ? EstimateStatus.Confirmed : EstimateStatus.Rejected;
        e.ConfirmedAt = confirm ? clock.GetUtcNow() : null;
        await audit.RecordAsync(confirm ? "estimate.confirmed" : "estimate.rejected", RecordType, e.Id.ToString(), e, $"{e.CountryCode} {e.SubstanceCode} v{e.Sequence}", [e.CountryCode], ct);
        await notifier.NotifyPartiesAsync([e.CountryCode], "Authorizations.View", "Notification.EstimateDecided", [e.SubstanceCode, e.Status.ToString()], "/Authorizations/Estimates", includeSecretariat: false, email: false, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var name = await db.Substances.AsNoTracking().Where(s => s.Code == e.SubstanceCode).Select(s => s.Name).FirstAsync(ct);
        return Outcome<EstimateView>.Ok(View(e, name));
    }

    /// <summary>CSV or Excel import (Secretariat): one version per line, all or nothing.</summary>
    public async Task<Outcome<List<EstimateView>>> ImportAsync(TabularData table, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!actor.IsSecretariat || actor.PartyCode is not null) return Outcome<List<EstimateView>>.Forbidden("The Secretariat imports estimates.");
        var lines = table.Lines;
        var missing = table.Missing("party", "substance", "grams").ToList();
        if (missing.Count > 0) return Outcome<List<EstimateView>>.Invalid("Columns are missing.", new Dictionary<string, string[]> { ["columns"] = [.. missing] });
        if (lines.Count is 0 or > 5000) return Outcome<List<EstimateView>>.Invalid("Between 1 and 5000 lines.");
        var errors = new Dictionary<string, string[]>();
        var done = new List<EstimateView>();
        await using var tx = await db.BeginWriteAsync(ct);
        foreach (var line in lines)
        {
            var prefix = $"line {line.Line.ToString(CultureInfo.InvariantCulture)}";
            int? year = line.Optional("year") is { Length: > 0 } ys && int.TryParse(ys, NumberStyles.Integer, CultureInfo.InvariantCulture, out var y) ? y : null;
            decimal? grams = decimal.TryParse(line["grams"], NumberStyles.Number, CultureInfo.InvariantCulture, out var g) ? g : null;
            var supplementary = line.Optional("supplementary") is { } sp && (sp.Equals("true", StringComparison.OrdinalIgnoreCase) || sp == "1");
            var o = await SubmitAsync(new EstimateInput(line["party"], line["substance"], year, grams, supplementary, line.Optional("note")), ct);
            if (o.Succeeded) done.Add(o.Value!);
            else errors[prefix] = o.Errors is { } e ? [.. e.Select(kv => $"{kv.Key}: {string.Join(" ", kv.Value)}")] : [o.Message ?? "not valid"];
        }
        if (errors.Count > 0) return Outcome<List<EstimateView>>.Invalid("Nothing was imported: correct these lines and import the file again.", errors);
        await tx.CommitAsync(ct);
        return Outcome<List<EstimateView>>.Ok(done);
    }

    public static IEnumerable<string[]> CsvRows(IEnumerable<EstimateView> rows) => rows.Select(e => new[]
    {
        e.CountryCode, e.SubstanceCode, e.Kind.ToString(), e.Year?.ToString(CultureInfo.InvariantCulture) ?? "", e.Grams.ToString("0.######", CultureInfo.InvariantCulture),
        e.Supplementary ? "true" : "false", e.Status.ToString(), e.Sequence.ToString(CultureInfo.InvariantCulture), e.Note ?? "",
    });

    public async Task<List<ProhibitionView>> ProhibitionsAsync(CancellationToken ct = default) =>
        (await db.ImportProhibitions.AsNoTracking().OrderBy(p => p.CountryCode).ThenBy(p => p.SubstanceCode).ToListAsync(ct))
        .Select(p => new ProhibitionView(p.Id, p.CountryCode, p.SubstanceCode, p.Since, p.WithdrawnOn)).ToList();

    public async Task<Outcome<ProhibitionView>> RecordProhibitionAsync(ProhibitionInput input, CancellationToken ct = default)
    {
        if (!actor.IsSecretariat || actor.PartyCode is not null) return Outcome<ProhibitionView>.Forbidden("The Secretariat records import prohibitions.");
        var errors = new Errors();
        var country = input.CountryCode?.Trim().ToUpperInvariant() ?? "";
        if (!Country.IsWellFormedAlpha2(country) || !await db.Countries.AnyAsync(c => c.Alpha2 == country, ct)) errors.Add("countryCode", "Enter an ISO 3166-1 alpha-2 country code.");
        var code = input.Substance?.Trim().ToUpperInvariant() ?? "";
        if (code.Length is 0 or > 100 || !await db.Substances.AnyAsync(s => s.Code == code && s.Kind == SubstanceKind.PsychotropicSubstance, ct))
            errors.Add("substance", "Choose a psychotropic substance by its code.");
        if (input.Since is null) errors.Add("since", "This field is required.");
        if (errors.Count > 0) return Outcome<ProhibitionView>.Invalid("The prohibition is not valid.", errors.Dictionary);
        await using var tx = await db.BeginWriteAsync(ct);
        var p = new ImportProhibition { Id = Guid.CreateVersion7(clock.GetUtcNow()), CountryCode = country, SubstanceCode = code, Since = input.Since!.Value, RecordedAt = clock.GetUtcNow() };
        db.ImportProhibitions.Add(p);
        await audit.RecordAsync("prohibition.recorded", "ImportProhibition", p.Id.ToString(), p, $"{country} {code} since {p.Since:yyyy-MM-dd}", [country], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<ProhibitionView>.Ok(new ProhibitionView(p.Id, p.CountryCode, p.SubstanceCode, p.Since, p.WithdrawnOn));
    }
}
