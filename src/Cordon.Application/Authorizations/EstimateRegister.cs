using System.Globalization;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Application.Notifications;
using Cordon.Application.Reference;
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
    public static readonly string[] CsvColumns =
        ["party", "substance", "kind", "year", "grams", "supplementary", "status", "sequence", "note", "preparation", "quantity", "unit", "base_factor", "proposed_by", "proposed_at", "decided_by", "decided_at", "decision_reason"];

    /// <summary>Every version, or the ones in force, the caller may see: its own Party's, or all for the Secretariat.</summary>
    public async Task<List<EstimateView>> ListAsync(string? country, int? year, bool history, string? substance = null, CancellationToken ct = default)
    {
        var q = Scoped();
        if (country is { Length: 2 }) q = q.Where(e => e.CountryCode == country.ToUpperInvariant());
        if (substance is { Length: > 0 and <= 100 }) q = q.Where(e => e.SubstanceCode == substance.ToUpperInvariant());
        if (year is { } y) q = q.Where(e => e.Year == y || e.Year == 0);
        var rows = await q.OrderBy(e => e.CountryCode).ThenBy(e => e.SubstanceCode).ThenBy(e => e.Year).ThenBy(e => e.Sequence).Take(20_000).ToListAsync(ct);
        if (!history) rows = InForce(rows);
        return await ViewsAsync(rows, ct);
    }

    /// <summary>Estimates and assessments are the Party's own business until published: a Party sees its own, the Secretariat all.</summary>
    private IQueryable<Estimate> Scoped()
    {
        var q = db.Estimates.AsNoTracking();
        if (actor.PartyCode is { } party) return q.Where(e => e.CountryCode == party);
        return actor.IsSecretariat ? q : q.Where(_ => false);
    }

    private static List<Estimate> InForce(IEnumerable<Estimate> rows) => rows.GroupBy(e => (e.CountryCode, e.SubstanceCode, e.Kind, e.Year))
        .Select(g => g.Where(e => e.Status == EstimateStatus.Confirmed).OrderByDescending(e => e.Sequence).FirstOrDefault())
        .OfType<Estimate>().ToList();

    /// <summary>
    /// Every version of one Party's estimates (every year) or assessment of one substance, newest first, with who proposed,
    /// who decided and why; null (404) for another Party's figures or an unknown substance.
    /// </summary>
    public async Task<List<EstimateView>?> HistoryAsync(string country, string substance, CancellationToken ct = default)
    {
        var c = country.Trim().ToUpperInvariant();
        var s = substance.Trim().ToUpperInvariant();
        if (!Country.IsWellFormedAlpha2(c) || s.Length is 0 or > 100) return null;
        if (actor.PartyCode is { } party ? party != c : !actor.IsSecretariat) return null;
        if (!await db.Substances.AnyAsync(x => x.Code == s, ct)) return null;
        var rows = await Scoped().Where(e => e.CountryCode == c && e.SubstanceCode == s)
            .OrderByDescending(e => e.Year).ThenByDescending(e => e.Sequence).Take(1000).ToListAsync(ct);
        return await ViewsAsync(rows, ct);
    }

    /// <summary>Proposals waiting for the Secretariat (all Parties), or the caller Party's own.</summary>
    public async Task<List<EstimateView>> PendingAsync(CancellationToken ct = default) =>
        await ViewsAsync(await Scoped().Where(e => e.Status == EstimateStatus.Proposed).OrderBy(e => e.ProposedAt).Take(1000).ToListAsync(ct), ct);

    /// <summary>
    /// The figures in force of every Party for a year (confirmed estimates of that year and assessments), readable by every
    /// user of the module as INCB publishes them (ADR 0024): no proposals, rejected versions, notes or names.
    /// </summary>
    public async Task<List<PublishedEstimate>> PublishedAsync(int year, CancellationToken ct = default)
    {
        var rows = await db.Estimates.AsNoTracking().Where(e => e.Status == EstimateStatus.Confirmed && (e.Year == year || e.Year == 0))
            .OrderBy(e => e.CountryCode).ThenBy(e => e.SubstanceCode).Take(50_000).ToListAsync(ct);
        var names = await NamesAsync(rows, ct);
        return InForce(rows).OrderBy(e => e.CountryCode).ThenBy(e => e.SubstanceCode)
            .Select(e => new PublishedEstimate(e.CountryCode, e.SubstanceCode, names.GetValueOrDefault(e.SubstanceCode) ?? e.SubstanceCode, e.Kind,
                e.Kind == EstimateKind.Estimate ? e.Year : null, e.Grams, e.Supplementary, e.ConfirmedAt)).ToList();
    }

    private async Task<Dictionary<string, string>> NamesAsync(IEnumerable<Estimate> rows, CancellationToken ct)
    {
        var codes = rows.Select(e => e.SubstanceCode).Distinct().ToHashSet();
        return (await ReferenceCache.GetAsync(db, ct)).Substances.Where(s => codes.Contains(s.Code)).ToDictionary(s => s.Code, s => s.Name);
    }

    private async Task<List<EstimateView>> ViewsAsync(List<Estimate> rows, CancellationToken ct)
    {
        var names = await NamesAsync(rows, ct);
        return rows.Select(e => View(e, names.GetValueOrDefault(e.SubstanceCode) ?? e.SubstanceCode)).ToList();
    }

    private static EstimateView View(Estimate e, string name) => new(e.Id, e.Kind, e.CountryCode, e.SubstanceCode, name, e.Kind == EstimateKind.Estimate ? e.Year : null,
        e.Grams, e.Supplementary, e.Sequence, e.Status, e.Note, e.ProposedBy, e.ProposedAt, e.ConfirmedAt,
        e.ProposedByUser, e.Preparation, e.EnteredQuantity, e.EnteredUnit, e.BaseFactor, e.DecidedBy, e.DecidedAt, e.DecisionReason);

    /// <summary>The Secretariat records a confirmed version; a Party's authority proposes one for its own Party.</summary>
    public async Task<Outcome<EstimateView>> SubmitAsync(EstimateInput input, CancellationToken ct = default)
    {
        var errors = new Errors();
        var secretariat = actor.PartyCode is null && actor.IsSecretariat;
        if (actor.PartyCode is null && !secretariat) return Outcome<EstimateView>.Forbidden();
        var country = input.CountryCode?.Trim().ToUpperInvariant() is { Length: > 0 } given ? given : actor.PartyCode ?? "";
        var reference = await ReferenceCache.GetAsync(db, ct);
        if (!Country.IsWellFormedAlpha2(country) || !reference.CountryCodes.Contains(country)) errors["countryCode"] = ["Enter an ISO 3166-1 alpha-2 country code."];
        else if (!secretariat && country != actor.PartyCode) errors["countryCode"] = ["A Party proposes estimates for itself only."];
        var term = input.Substance?.Trim().ToUpperInvariant() ?? "";
        var s = term.Length is 0 or > 100 ? null : reference.Substances
            .FirstOrDefault(x => x.Code == term && (x.Kind == SubstanceKind.NarcoticDrug || x.Kind == SubstanceKind.PsychotropicSubstance));
        if (s is null) errors["substance"] = ["Choose a narcotic drug or psychotropic substance by its code."];
        var kind = EstimateCheck.KindFor(s?.Kind == SubstanceKind.NarcoticDrug);
        if (kind == EstimateKind.Estimate && input.Year is not (>= 2000 and <= 2100)) errors["year"] = ["An estimate is for a calendar year (2000-2100)."];
        var note = errors.Clean(input.Note, 2000, "note", false);
        var preparation = errors.Clean(input.Preparation, 300, "preparation", false);
        var (grams, factor, entered, unitCode) = Convert(errors, s, input, preparation);
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
            ProposedByUser = Who(), ProposedAt = now, ConfirmedAt = secretariat ? now : null,
            Preparation = preparation, EnteredQuantity = entered, EnteredUnit = unitCode, BaseFactor = factor,
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

    private string Who() => actor.UserName is { Length: > 0 } u ? (u.Length > 256 ? u[..256] : u) : actor.PartyCode ?? "Secretariat";

    /// <summary>Grams of anhydrous base from either grams given directly or a quantity of the base, a salt or a preparation.</summary>
    private static (decimal Grams, decimal Factor, decimal? Entered, string? Unit) Convert(Errors errors, ControlledSubstance? s, EstimateInput input, string? preparation)
    {
        if (input.Quantity is null)
        {
            if (preparation is not null) errors["quantity"] = ["Give the quantity of the salt or preparation and its unit."];
            if (input.Grams is not { } g || g < 0 || g > MaxGrams) { errors["grams"] = ["Give the quantity in grams of anhydrous base (zero or more)."]; return (0, 1, null, null); }
            return (g, 1m, null, null);
        }
        if (input.Grams is not null) errors["grams"] = ["Give either grams of anhydrous base or a quantity with its unit, not both."];
        var unit = UnitOfMeasure.Find(input.Unit ?? "g");
        if (unit is null || unit.Dimension != Dimension.Mass) errors["unit"] = ["Choose a unit of mass: ug, mg, g, kg or t."];
        if (input.Quantity is < 0 or > MaxGrams) errors["quantity"] = ["Give the quantity in the salt or preparation (zero or more)."];
        if (input.BaseFactor is { } f && f is not (> 0 and <= 1)) errors["baseFactor"] = ["The base factor lies above 0 and at most 1."];
        if (s is null || unit is null || unit.Dimension != Dimension.Mass || errors.Count > 0) return (0, 1, null, null);
        var factor = BaseConversion.Factor(s, preparation, input.BaseFactor);
        if (factor is null) { errors["baseFactor"] = ["For a preparation that is not a listed salt, give the base factor (grams of anhydrous base per gram)."]; return (0, 1, null, null); }
        var inGrams = new Quantity(input.Quantity!.Value, unit).InBase;
        if (inGrams > MaxGrams) { errors["quantity"] = ["Give the quantity in the salt or preparation (zero or more)."]; return (0, 1, null, null); }
        return (BaseConversion.Grams(inGrams, factor.Value), factor.Value, input.Quantity, unit.Code);
    }

    private const decimal MaxGrams = 1_000_000_000_000m;

    /// <summary>
    /// The Secretariat confirms or rejects (with the reason) a Party's proposal. A proposal overtaken by a version confirmed
    /// after it was made is refused: the latest confirmed version by sequence stays the one in force.
    /// </summary>
    public async Task<Outcome<EstimateView>> DecideAsync(Guid id, bool confirm, string? reason, CancellationToken ct = default)
    {
        if (!actor.IsSecretariat || actor.PartyCode is not null)
        {
            // A Party's user never learns whether another Party's proposal exists.
            return await Scoped().AnyAsync(e => e.Id == id, ct) ? Outcome<EstimateView>.Forbidden("The Secretariat confirms estimates.") : Outcome<EstimateView>.NotFound("No such estimate.");
        }
        var errors = new Errors();
        var why = errors.Clean(reason, 2000, "reason", !confirm);
        if (errors.Count > 0) return Outcome<EstimateView>.Invalid("Give the reason for rejecting the proposal.", errors.Dictionary);
        await using var tx = await db.BeginWriteAsync(ct);
        await db.AcquireLockAsync(AuthorizationService.ModuleLock, ct: ct);
        var e = await db.Estimates.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null) return Outcome<EstimateView>.NotFound("No such estimate.");
        if (e.Status != EstimateStatus.Proposed) return Outcome<EstimateView>.Conflict("Only a proposal is confirmed or rejected.");
        if (confirm && await db.Estimates.AnyAsync(x => x.CountryCode == e.CountryCode && x.SubstanceCode == e.SubstanceCode && x.Kind == e.Kind && x.Year == e.Year
                                                        && x.Sequence > e.Sequence && x.Status == EstimateStatus.Confirmed, ct))
            return Outcome<EstimateView>.Conflict("A newer version was confirmed after this proposal: reject it, or record the figure again.");
        var now = clock.GetUtcNow();
        e.Status = confirm ? EstimateStatus.Confirmed : EstimateStatus.Rejected;
        e.ConfirmedAt = confirm ? now : null;
        e.DecidedAt = now;
        e.DecidedBy = Who();
        e.DecisionReason = why;
        await audit.RecordAsync(confirm ? "estimate.confirmed" : "estimate.rejected", RecordType, e.Id.ToString(), e,
            $"{e.CountryCode} {e.SubstanceCode} v{e.Sequence}{(why is null ? "" : ": " + why)}", [e.CountryCode], ct);
        await notifier.NotifyPartiesAsync([e.CountryCode], "Authorizations.View", "Notification.EstimateDecided", [e.SubstanceCode, e.Status.ToString()],
            EstimateHistoryLink(e.CountryCode, e.SubstanceCode), includeSecretariat: false, email: false, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var name = (await ReferenceCache.GetAsync(db, ct)).SubstancesByCode.GetValueOrDefault(e.SubstanceCode)?.Name ?? e.SubstanceCode;
        return Outcome<EstimateView>.Ok(View(e, name));
    }

    public static string EstimateHistoryLink(string country, string substance) => $"/Authorizations/EstimateHistory?party={country}&substance={Uri.EscapeDataString(substance)}";

    /// <summary>
    /// CSV or Excel import (Secretariat): one version per line, all or nothing. Columns party, substance, year and either
    /// grams (of anhydrous base) or quantity with unit, preparation and base_factor; supplementary and note are optional.
    /// </summary>
    public async Task<Outcome<List<EstimateView>>> ImportAsync(TabularData table, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!actor.IsSecretariat || actor.PartyCode is not null) return Outcome<List<EstimateView>>.Forbidden("The Secretariat imports estimates.");
        var lines = table.Lines;
        var headers = table.Headers;
        var missing = table.Missing("party", "substance").ToList();
        if (!headers.Contains("grams", StringComparer.OrdinalIgnoreCase) && !headers.Contains("quantity", StringComparer.OrdinalIgnoreCase)) missing.Add("grams");
        if (missing.Count > 0) return Outcome<List<EstimateView>>.Invalid("Columns are missing.", new Dictionary<string, string[]> { ["columns"] = [.. missing] });
        if (lines.Count is 0 or > 5000) return Outcome<List<EstimateView>>.Invalid("Between 1 and 5000 lines.");
        var errors = new Dictionary<string, string[]>();
        var done = new List<EstimateView>();
        await using var tx = await db.BeginWriteAsync(ct);
        foreach (var line in lines)
        {
            var prefix = $"line {line.Line.ToString(CultureInfo.InvariantCulture)}";
            int? year = line.Optional("year") is { Length: > 0 } ys && int.TryParse(ys, NumberStyles.Integer, CultureInfo.InvariantCulture, out var y) ? y : null;
            var supplementary = line.Optional("supplementary") is { } sp && (sp.Equals("true", StringComparison.OrdinalIgnoreCase) || sp == "1");
            var (grams, gramsOk) = Number(line.Optional("grams"));
            var (quantity, quantityOk) = Number(line.Optional("quantity"));
            var (factor, factorOk) = Number(line.Optional("base_factor"));
            if (!gramsOk || !quantityOk || !factorOk)
            {
                errors[$"{prefix}: {(!gramsOk ? "grams" : !quantityOk ? "quantity" : "base_factor")}"] = ["Not a number."];
                continue;
            }
            var o = await SubmitAsync(new EstimateInput(line["party"], line["substance"], year, grams, supplementary, line.Optional("note"),
                line.Optional("preparation"), quantity, line.Optional("unit") is { Length: > 0 } u ? u : null, factor), ct);
            if (o.Succeeded) done.Add(o.Value!);
            else if (o.Errors is { } e) foreach (var (field, messages) in e) errors[$"{prefix}: {field}"] = messages;
            else errors[prefix] = [o.Message ?? "The estimate is not valid."];
        }
        if (errors.Count > 0) return Outcome<List<EstimateView>>.Invalid("Nothing was imported: correct these lines and import the file again.", errors);
        await tx.CommitAsync(ct);
        return Outcome<List<EstimateView>>.Ok(done);
    }

    /// <summary>An optional invariant-culture number: (null, true) when empty, (null, false) when not a number.</summary>
    private static (decimal? Value, bool Ok) Number(string? text) =>
        text is not { Length: > 0 } t ? (null, true)
        : decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? (v, true) : (null, false);

    public static IEnumerable<string[]> CsvRows(IEnumerable<EstimateView> rows) => rows.Select(e => new[]
    {
        e.CountryCode, e.SubstanceCode, e.Kind.ToString(), e.Year?.ToString(CultureInfo.InvariantCulture) ?? "", e.Grams.ToString("0.######", CultureInfo.InvariantCulture),
        e.Supplementary ? "true" : "false", e.Status.ToString(), e.Sequence.ToString(CultureInfo.InvariantCulture), e.Note ?? "",
        e.Preparation ?? "", e.EnteredQuantity?.ToString("0.######", CultureInfo.InvariantCulture) ?? "", e.EnteredUnit ?? "",
        e.BaseFactor.ToString("0.######", CultureInfo.InvariantCulture), e.ProposedByUser ?? e.ProposedBy, Iso(e.ProposedAt), e.DecidedBy ?? "",
        e.DecidedAt is { } d ? Iso(d) : "", e.DecisionReason ?? "",
    });

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public async Task<List<ProhibitionView>> ProhibitionsAsync(CancellationToken ct = default) =>
        (await db.ImportProhibitions.AsNoTracking().OrderBy(p => p.CountryCode).ThenBy(p => p.SubstanceCode).ToListAsync(ct))
        .Select(p => new ProhibitionView(p.Id, p.CountryCode, p.SubstanceCode, p.Since, p.WithdrawnOn)).ToList();

    public async Task<Outcome<ProhibitionView>> RecordProhibitionAsync(ProhibitionInput input, CancellationToken ct = default)
    {
        if (!actor.IsSecretariat || actor.PartyCode is not null) return Outcome<ProhibitionView>.Forbidden("The Secretariat records import prohibitions.");
        var errors = new Errors();
        var country = input.CountryCode?.Trim().ToUpperInvariant() ?? "";
        if (!Country.IsWellFormedAlpha2(country) || !await db.Countries.AnyAsync(c => c.Alpha2 == country, ct)) errors["countryCode"] = ["Enter an ISO 3166-1 alpha-2 country code."];
        var code = input.Substance?.Trim().ToUpperInvariant() ?? "";
        if (code.Length is 0 or > 100 || !await db.Substances.AnyAsync(s => s.Code == code && s.Kind == SubstanceKind.PsychotropicSubstance, ct))
            errors["substance"] = ["Choose a psychotropic substance by its code."];
        if (input.Since is null) errors["since"] = ["This field is required."];
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
