using System.Globalization;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Documents;
using Cordon.Application.Reference;
using Cordon.Application.Exchange;
using Cordon.Application.Identity;
using Cordon.Application.Notifications;
using Cordon.Domain.Authorizations;
using Cordon.Domain.Exchange;
using Cordon.Domain.Identity;
using Cordon.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Authorizations;

/// <summary>
/// Import and export authorizations (1961 art. 31; 1971 arts 12-13): issuing with the estimate check against the running
/// total, transmission to the other Party, export against the import authorization's balance, amendment, cancellation
/// and endorsement. Reads are scoped to the importing and exporting Parties and the Secretariat.
/// </summary>
public sealed class AuthorizationService(CordonDbContext db, ICurrentActor actor, AuditLog audit, PartyExchange exchange, Notifier notifier, DocumentSigner signer, TimeProvider clock)
{
    public const string Module = "Authorizations";
    public const string RecordType = "Authorization";
    public const string DocumentKind = "i2es-authorization";
    private const decimal MaxQuantity = 1_000_000_000_000m;

    public IQueryable<Authorization> Visible()
    {
        var party = actor.PartyCode;
        if (party is null) return actor.IsSecretariat ? db.Authorizations : db.Authorizations.Where(_ => false);
        return db.Authorizations.Where(a => a.ImportingCountry == party || a.ExportingCountry == party);
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<AuthorizationView?> GetAsync(Guid id, CancellationToken ct = default)
    {
        var a = await Visible().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return a is null ? null : await ViewAsync(a, ct);
    }

    public async Task<List<AuthorizationSummary>> ListAsync(string? direction, int limit, CancellationToken ct = default)
    {
        var q = Visible().AsNoTracking();
        var party = actor.PartyCode;
        if (party is not null && direction == "incoming") q = q.Where(a => a.IssuingCountry != party);
        if (party is not null && direction == "outgoing") q = q.Where(a => a.IssuingCountry == party);
        if (direction == "excess") q = q.Where(a => a.EstimateWarning != null);
        if (direction == "discrepancies") q = q.Where(a => a.Discrepancy);
        if (direction == "pending-endorsement")
            q = q.Where(a => a.Kind != AuthorizationKind.Import && a.QuantityImported == null && a.Status != AuthorizationStatus.Cancelled && a.Status != AuthorizationStatus.Draft
                             && (party == null || a.ImportingCountry == party));
        var rows = await q.OrderByDescending(a => a.CreatedAt).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(ct);
        return rows.Select(Summary).ToList();
    }

    /// <summary>The export authorizations issued against an import authorization (its consignments), oldest first.</summary>
    public async Task<List<AuthorizationSummary>> ConsignmentsAsync(Guid importId, CancellationToken ct = default)
    {
        var rows = await Visible().AsNoTracking().Where(a => a.ImportAuthorizationId == importId && a.Status != AuthorizationStatus.Draft)
            .OrderBy(a => a.CreatedAt).Take(1000).ToListAsync(ct);
        return rows.Select(Summary).ToList();
    }

    public AuthorizationSummary Summary(Authorization a) => new(
        a.Id, a.Kind, a.Number, a.IssuingCountry, a.ImportingCountry, a.ExportingCountry, a.SubstanceCode, a.PureBaseGrams, a.IssueDate, a.ValidUntil,
        AuthorizationLifecycle.Effective(a.Status, a.ValidUntil, Today), a.Paper, a.EstimateWarning is not null, a.Discrepancy);

    // ---------------------------------------------------------------- import authorizations

    public async Task<Outcome<IssueResult>> IssueImportAsync(ImportAuthorizationInput input, CancellationToken ct = default)
    {
        if (actor.PartyCode is not { } party) return Outcome<IssueResult>.Forbidden("Only the authority of a Party issues an authorization.");
        var errors = new Errors();
        var importing = (input.ImportingCountry?.Trim().ToUpperInvariant() is { Length: > 0 } ic) ? ic : party;
        var exporting = input.ExportingCountry?.Trim().ToUpperInvariant() ?? "";
        var paper = importing != party;
        var codes = new[] { importing, exporting }.Where(Country.IsWellFormedAlpha2).ToList();
        var reference = await ReferenceCache.GetAsync(db, ct);
        var known = codes.Where(reference.CountryCodes.Contains).ToList();
        if (exporting.Length == 0) errors["exportingCountry"] = ["This field is required."];
        else if (!known.Contains(exporting)) errors["exportingCountry"] = ["Enter an ISO 3166-1 alpha-2 country code."];
        else if (exporting == importing) errors["exportingCountry"] = ["The exporting country must differ from the importing country."];
        if (paper)
        {
            if (!known.Contains(importing)) errors["importingCountry"] = ["Enter an ISO 3166-1 alpha-2 country code."];
            else if (exporting != party) errors["importingCountry"] = ["A paper import authorization of another country is recorded by the exporting Party it was sent to."];
            else if (await IsJoinedAsync(importing, ct)) errors["importingCountry"] = ["That Party uses Cordon: it issues its import authorizations itself."];
        }
        var number = errors.Clean(input.Number, 100, "number", true);
        var importerName = errors.Clean(input.ImporterName, 300, "importerName", true);
        var importerAddress = errors.Clean(input.ImporterAddress, 2000, "importerAddress", true);
        var exporterName = errors.Clean(input.ExporterName, 300, "exporterName", true);
        var exporterAddress = errors.Clean(input.ExporterAddress, 2000, "exporterAddress", true);
        var form = errors.Clean(input.PharmaceuticalForm, 300, "pharmaceuticalForm", false);
        var pointOfEntry = errors.Clean(input.PointOfEntry, 300, "pointOfEntry", false);
        var purpose = errors.Clean(input.Purpose, 2000, "purpose", false);
        var excessReason = errors.Clean(input.ExcessReason, 2000, "excessReason", false);
        var (issueDate, validUntil) = Period(errors, input.IssueDate, input.ValidUntil);
        var line = await ResolveLineAsync(errors, input.Substance, input.Preparation, input.Quantity, input.Unit, input.PureBaseGrams, ct);
        if (line is { } l && l.Substance.Kind == SubstanceKind.PsychotropicSubstance && PsychotropicRules.NeedsDeclarationOnly(l.Substance.Schedules))
            errors["substance"] = ["Schedule III psychotropic substances move on an export declaration; no import authorization is needed."];
        if (errors.Count > 0) return Outcome<IssueResult>.Invalid("The import authorization is not complete or not valid.", errors.Dictionary);

        var now = clock.GetUtcNow();
        var (s, preparation, quantity, unit, grams) = line!.Value;
        var a = new Authorization
        {
            Id = Guid.CreateVersion7(now), Kind = AuthorizationKind.Import, Number = number!, IssuingCountry = importing, RecordedBy = party, Paper = paper,
            ImportingCountry = importing, ExportingCountry = exporting, IssueDate = issueDate, ValidUntil = validUntil, Year = issueDate.Year,
            ImporterName = importerName!, ImporterAddress = importerAddress!, ExporterName = exporterName!, ExporterAddress = exporterAddress!,
            SubstanceCode = s.Code, Preparation = preparation, PharmaceuticalForm = form, Quantity = quantity, Unit = unit, PureBaseGrams = grams,
            PointOfEntry = pointOfEntry, Purpose = purpose, SeveralConsignments = input.SeveralConsignments, Status = AuthorizationStatus.Draft, CreatedAt = now,
        };
        await using var tx = await db.BeginWriteAsync(ct);
        // No module lock: a new import authorization shares only the running total, which CheckAsync locks by its key.
        db.Authorizations.Add(a);
        await audit.RecordAsync("authorization.drafted", RecordType, a.Id.ToString(), AuditRecord(a), $"{a.Kind} {a.Number}", [a.ImportingCountry, a.ExportingCountry], ct);
        // The number is checked with the estimate, in the same round trip (the unique index stands behind it).
        var (check, numberTaken) = await CheckAsync(a.ImportingCountry, s, a.Year, grams, new AlsoRead(a.Paper ? null : a.Counterpart, a.Number), ct);
        if (numberTaken)
            return Outcome<IssueResult>.Invalid("The import authorization is not complete or not valid.",
                FieldError(errors => errors["number"] = ["An import authorization with this number already exists for this country."]));
        if (!input.Draft) await TryIssueAsync(a, check, excessReason, ct);
        else if (check.Exceeded) MarkExcess(a, check);
        // Commit saves it with its ledger entries in one batch; inside a batch import (an outer transaction) it is saved
        // now, so that the checks of the following lines see it.
        if (!tx.OwnsTransaction) await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<IssueResult>.Ok(new IssueResult(await ViewAsync(a, ct), EstimateCheckView.Of(check)));
    }

    /// <summary>Issues a draft (after reducing the quantity, or with the reason for exceeding an assessment).</summary>
    public async Task<Outcome<IssueResult>> IssueDraftAsync(Guid id, IssueInput input, CancellationToken ct = default)
    {
        var errors = new Errors();
        var reason = errors.Clean(input.ExcessReason, 2000, "excessReason", false);
        if (errors.Count > 0) return Outcome<IssueResult>.Invalid("The reason is too long.", errors.Dictionary);
        await using var tx = await db.BeginWriteAsync(ct);
        await db.AcquireLockAsync(ModuleLock, ct: ct);
        var a = await Visible().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return Outcome<IssueResult>.NotFound("No such authorization.");
        if (a.RecordedBy != actor.PartyCode) return Outcome<IssueResult>.Forbidden("Only the authority that drafted it issues it.");
        if (a.Status != AuthorizationStatus.Draft) return Outcome<IssueResult>.Conflict("Only a draft is issued.");
        var s = await db.Substances.AsNoTracking().FirstAsync(x => x.Code == a.SubstanceCode, ct);
        EstimateCheckResult? check = null;
        if (CountsAgainstEstimate(a)) check = await CheckAsync(a.ImportingCountry, s, a.Year, a.PureBaseGrams, ct);
        if (check is { Exceeded: true, MayProceedWithReason: true } && reason is null)
            return Outcome<IssueResult>.Invalid(string.Concat("The assessment would be exceeded: ", check.Describe(), ". Reduce the quantity, record the reason, or request a new assessment."),
                FieldError(errors => errors["excessReason"] = ["Record why the assessment may be exceeded."]));
        if (check is { Exceeded: true, MayProceedWithReason: false })
            return Outcome<IssueResult>.Invalid(string.Concat("The estimate would be exceeded: ", check.Describe(), ". Reduce the quantity or request a supplementary estimate."),
                FieldError(errors => errors["quantity"] = ["Reduce the quantity to at most the remaining estimate, or request a supplementary estimate."]));
        if (check is not null) await TryIssueAsync(a, check, reason, ct);
        else await IssueNowAsync(a, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<IssueResult>.Ok(new IssueResult(await ViewAsync(a, ct), check is null ? null : EstimateCheckView.Of(check)));
    }

    private static bool CountsAgainstEstimate(Authorization a) => a.Kind is AuthorizationKind.Import or AuthorizationKind.ExportDeclaration;

    /// <summary>Issues when within the estimate (or with a reason where allowed); otherwise keeps the draft with the warning.</summary>
    private async Task TryIssueAsync(Authorization a, EstimateCheckResult check, string? reason, CancellationToken ct)
    {
        if (check.Exceeded)
        {
            MarkExcess(a, check);
            if (!(check.MayProceedWithReason && reason is not null))
            {
                await exchange.SendAsync(new Dispatch(Module, RecordType, a.Id.ToString(), a.RecordedBy, [], SecretariatCopy: true, "excess",
                    "Notification.AuthorizationExcess", [a.Number, a.ImportingCountry, a.SubstanceCode, G(check.ExcessGrams)], Link(a.Id)) { NewRecord = IsNew(a) }, ct);
                return;
            }
            a.ExcessReason = reason;
        }
        await AddToTotalAsync(a.ImportingCountry, a.SubstanceCode, a.Year, a.PureBaseGrams, 1, ct);
        await IssueNowAsync(a, ct);
    }

    private static void MarkExcess(Authorization a, EstimateCheckResult check)
    {
        a.EstimateWarning = check.Describe();
        a.ExcessGrams = check.ExcessGrams;
    }

    private async Task IssueNowAsync(Authorization a, CancellationToken ct)
    {
        a.IssuedAt = clock.GetUtcNow();
        var counterpart = a.Counterpart == a.RecordedBy ? a.IssuingCountry : a.Counterpart;
        var joined = !a.Paper && await IsJoinedAsync(counterpart, ct);
        a.Status = joined ? AuthorizationStatus.Transmitted : AuthorizationStatus.Issued;
        a.Version++;
        await SignAsync(a, ct);
        await audit.RecordAsync(a.Paper ? "authorization.paper-recorded" : "authorization.issued", RecordType, a.Id.ToString(), AuditRecord(a),
            $"{a.Kind} {a.Number}: {G(a.PureBaseGrams)} g {a.SubstanceCode}{(a.ExcessReason is null ? "" : " (excess: " + a.ExcessReason + ")")}", [a.ImportingCountry, a.ExportingCountry], ct);
        if (joined)
            await exchange.SendAsync(new Dispatch(Module, RecordType, a.Id.ToString(), a.IssuingCountry, [counterpart], SecretariatCopy: a.ExcessReason is not null, "issued",
                "Notification.AuthorizationReceived", [a.Kind.ToString(), a.Number, a.IssuingCountry], Link(a.Id)) { NewRecord = IsNew(a) }, ct);
    }

    /// <summary>The estimate check against the running total: one indexed read of the total and one of the estimate, never a sum.</summary>
    public async Task<EstimateCheckResult> CheckAsync(string country, ControlledSubstance s, int year, decimal grams, CancellationToken ct = default) =>
        (await CheckAsync(country, s, year, grams, null, ct)).Check;

    /// <summary>What issuing an import authorization reads besides the position, in the same round trip.</summary>
    /// <param name="Joined">A Party whose membership decides whether the authorization is transmitted.</param>
    /// <param name="ImportNumber">The new import authorization's number, checked for use by the importing country.</param>
    private sealed record AlsoRead(string? Joined, string? ImportNumber);

    /// <summary>As the public check, with what the caller reads next (see <see cref="AlsoRead"/>): also whether the import number is in use.</summary>
    private async Task<(EstimateCheckResult Check, bool ImportNumberTaken)> CheckAsync(string country, ControlledSubstance s, int year, decimal grams, AlsoRead? also,
        CancellationToken ct)
    {
        var kind = EstimateCheck.KindFor(s.Kind == SubstanceKind.NarcoticDrug);
        if (db.Database.CurrentTransaction is null)
        {
            var estimate = await CurrentEstimateAsync(country, s.Code, kind, year, ct);
            var authorized = await db.AuthorizedTotals.AsNoTracking().Where(t => t.CountryCode == country && t.SubstanceCode == s.Code && t.Year == year)
                .Select(t => (decimal?)t.AuthorizedGrams).FirstOrDefaultAsync(ct) ?? 0;
            return (EstimateCheck.Evaluate(kind, estimate, authorized, grams), false);
        }
        // Inside a write, the check and the update of the total that follows it are one step for this key: the total is
        // read under the key's lock and kept tracked, so that the update does not read it again.
        await LockTotalAsync(country, s.Code, year, ct);
        if (_totals.TryGetValue((country, s.Code, year), out var tracked))
        {
            // A second check of the key in this unit of work (a batch import): the total is tracked, the rest read alone.
            var taken = also?.ImportNumber is { } n && await ImportNumberTaken(db, country, n, ct);
            return (EstimateCheck.Evaluate(kind, await CurrentEstimateAsync(country, s.Code, kind, year, ct), tracked?.AuthorizedGrams ?? 0, grams), taken);
        }
        var position = await Position(db, country, s.Code, kind, kind == EstimateKind.Estimate ? year : 0, year, also?.Joined ?? "", also?.ImportNumber ?? "", ct);
        AuthorizedTotal? total = null;
        if (position?.TotalId is { } id)
            total = db.AuthorizedTotals.Attach(new AuthorizedTotal
            {
                Id = id, CountryCode = country, SubstanceCode = s.Code, Year = year,
                AuthorizedGrams = position.TotalGrams ?? 0, Count = position.TotalCount ?? 0, Version = position.TotalVersion ?? 0,
            }).Entity;
        _totals[(country, s.Code, year)] = total;
        if (also?.Joined is { } joined) _joined[joined] = position?.Joined ?? false;
        return (EstimateCheck.Evaluate(kind, position?.Estimate, position?.TotalGrams ?? 0, grams),
            also?.ImportNumber is not null && position is { ImportNumberTaken: true });
    }

    /// <summary>
    /// The running totals this unit of work read under their lock (null: none yet), tracked for the update. Kept here
    /// rather than found through the change tracker, whose look-ups detect changes across every tracked entity.
    /// </summary>
    private readonly Dictionary<(string Country, string Substance, int Year), AuthorizedTotal?> _totals = [];

    /// <summary>Membership read with the position (issuing reads it again to decide whether to transmit).</summary>
    private readonly Dictionary<string, bool> _joined = new(StringComparer.Ordinal);

    private sealed record TotalPosition(decimal? Estimate, long? TotalId, decimal? TotalGrams, int? TotalCount, long? TotalVersion, bool Joined, bool ImportNumberTaken);

    // Issuing's reads in one round trip (ADR 0045): the estimate in force, the running total (its row is attached and
    // updated with its version checked), whether the counterpart has joined and whether the import number is in use.
    // Rooted on the importing country's row, which exists (the country was validated against the reference list).
    private static readonly Func<CordonDbContext, string, string, EstimateKind, int, int, string, string, CancellationToken, Task<TotalPosition?>> Position =
        EF.CompileAsyncQuery((CordonDbContext db, string country, string substance, EstimateKind kind, int estimateYear, int year, string joined, string number, CancellationToken ct) =>
            (from c in db.Countries.Where(c => c.Alpha2 == country)
             from t in db.AuthorizedTotals.Where(t => t.CountryCode == country && t.SubstanceCode == substance && t.Year == year).DefaultIfEmpty()
             select new TotalPosition(
                 db.Estimates.Where(e => e.CountryCode == country && e.SubstanceCode == substance && e.Kind == kind && e.Year == estimateYear && e.Status == EstimateStatus.Confirmed)
                     .OrderByDescending(e => e.Sequence).Select(e => (decimal?)e.Grams).FirstOrDefault(),
                 t == null ? null : t.Id, t == null ? null : t.AuthorizedGrams, t == null ? null : t.Count, t == null ? null : t.Version,
                 db.Parties.Any(p => p.Code == joined && p.VerifiedAt != null),
                 db.Authorizations.Any(a => a.IssuingCountry == country && a.Kind == AuthorizationKind.Import && a.Number == number))).FirstOrDefault());

    private async Task<decimal?> CurrentEstimateAsync(string country, string substance, EstimateKind kind, int year, CancellationToken ct)
    {
        var y = kind == EstimateKind.Estimate ? year : 0;
        return await LatestEstimate(db, country, substance, kind, y, ct);
    }

    // The reads of every issuance, compiled once: EF then neither rebuilds nor looks up their translation per request.
    private static readonly Func<CordonDbContext, string, string, EstimateKind, int, CancellationToken, Task<decimal?>> LatestEstimate =
        EF.CompileAsyncQuery((CordonDbContext db, string country, string substance, EstimateKind kind, int y, CancellationToken ct) =>
            db.Estimates.AsNoTracking()
                .Where(e => e.CountryCode == country && e.SubstanceCode == substance && e.Kind == kind && e.Year == y && e.Status == EstimateStatus.Confirmed)
                .OrderByDescending(e => e.Sequence).Select(e => (decimal?)e.Grams).FirstOrDefault());

    private static readonly Func<CordonDbContext, string, string, int, CancellationToken, Task<AuthorizedTotal?>> TotalFor =
        EF.CompileAsyncQuery((CordonDbContext db, string country, string substance, int year, CancellationToken ct) =>
            db.AuthorizedTotals.FirstOrDefault(t => t.CountryCode == country && t.SubstanceCode == substance && t.Year == year));

    private static readonly Func<CordonDbContext, string, string, CancellationToken, Task<bool>> ImportNumberTaken =
        EF.CompileAsyncQuery((CordonDbContext db, string country, string number, CancellationToken ct) =>
            db.Authorizations.Any(a => a.IssuingCountry == country && a.Kind == AuthorizationKind.Import && a.Number == number));

    private static readonly Func<CordonDbContext, string, CancellationToken, Task<bool>> PartyJoined =
        EF.CompileAsyncQuery((CordonDbContext db, string country, CancellationToken ct) =>
            db.Parties.AsNoTracking().Any(p => p.Code == country && p.VerifiedAt != null));

    /// <summary>Serializes writers of one running total (Party, substance, year) until commit; other totals go on in parallel.</summary>
    private Task LockTotalAsync(string country, string substance, int year, CancellationToken ct) =>
        db.AcquireLockAsync("authorizations.total", string.Create(CultureInfo.InvariantCulture, $"{country}:{substance}:{year}"), ct);

    /// <summary>Writers that change existing authorizations (or estimates) queue on this one lock; issuing new imports does not.</summary>
    internal const string ModuleLock = "authorizations";

    /// <summary>The running total as tracked in this unit of work, read from the database only the first time.</summary>
    private async Task<AuthorizedTotal?> TrackedTotalAsync(string country, string substance, int year, CancellationToken ct) =>
        _totals.TryGetValue((country, substance, year), out var total) ? total : _totals[(country, substance, year)] = await TotalFor(db, country, substance, year, ct);

    private async Task AddToTotalAsync(string country, string substance, int year, decimal grams, int count, CancellationToken ct)
    {
        await LockTotalAsync(country, substance, year, ct);
        var total = await TrackedTotalAsync(country, substance, year, ct);
        if (total is null)
        {
            total = new AuthorizedTotal { CountryCode = country, SubstanceCode = substance, Year = year };
            db.AuthorizedTotals.Add(total);
            _totals[(country, substance, year)] = total;
        }
        total.AuthorizedGrams = Math.Max(0, total.AuthorizedGrams + grams);
        total.Count = Math.Max(0, total.Count + count);
        total.Version++;
    }

    // ---------------------------------------------------------------- export authorizations and declarations

    public async Task<Outcome<IssueResult>> IssueExportAsync(ExportAuthorizationInput input, CancellationToken ct = default)
    {
        if (actor.PartyCode is not { } party) return Outcome<IssueResult>.Forbidden("Only the authority of a Party issues an authorization.");
        var errors = new Errors();
        var number = errors.Clean(input.Number, 100, "number", true);
        var licence = errors.Clean(input.SpecialImportLicence, 300, "specialImportLicence", false);
        var (issueDate, validUntil) = Period(errors, input.IssueDate, input.ValidUntil);
        Authorization? import = null;
        if (input.ImportAuthorizationId is { } importId)
        {
            import = await Visible().AsNoTracking().FirstOrDefaultAsync(x => x.Id == importId && x.Kind == AuthorizationKind.Import, ct);
            if (import is null) errors["importAuthorizationId"] = ["No such import authorization addressed to your Party."];
            else if (import.ExportingCountry != party) errors["importAuthorizationId"] = ["The import authorization names another exporting country."];
            else if (AuthorizationLifecycle.Effective(import.Status, import.ValidUntil, Today) is not (AuthorizationStatus.Issued or AuthorizationStatus.Transmitted or AuthorizationStatus.Amended))
                errors["importAuthorizationId"] = ["The import authorization is not in force (draft, used, expired or cancelled)."];
        }
        var substanceTerm = import?.SubstanceCode ?? input.Substance;
        var line = await ResolveLineAsync(errors, substanceTerm, input.Preparation, input.Quantity, input.Unit, input.PureBaseGrams, ct);
        var declaration = line is { } ln && ln.Substance.Kind == SubstanceKind.PsychotropicSubstance && PsychotropicRules.NeedsDeclarationOnly(ln.Substance.Schedules);
        string importing = import?.ImportingCountry ?? input.ImportingCountry?.Trim().ToUpperInvariant() ?? "";
        string? importerName = import?.ImporterName, importerAddress = import?.ImporterAddress, exporterName = import?.ExporterName, exporterAddress = import?.ExporterAddress;
        string? pointOfEntry = import?.PointOfEntry, purpose = import?.Purpose;
        string? excessReason = errors.Clean(input.ExcessReason, 2000, "excessReason", false);
        if (import is null && errors.Count == 0)
        {
            if (!declaration) errors["importAuthorizationId"] = ["An export authorization references the import authorization (record a paper one first)."];
            else
            {
                if (!Country.IsWellFormedAlpha2(importing) || !await db.Countries.AnyAsync(c => c.Alpha2 == importing, ct)) errors["importingCountry"] = ["Enter an ISO 3166-1 alpha-2 country code."];
                else if (importing == party) errors["importingCountry"] = ["The importing country must differ from the exporting country."];
                importerName = errors.Clean(input.ImporterName, 300, "importerName", true);
                importerAddress = errors.Clean(input.ImporterAddress, 2000, "importerAddress", true);
                exporterName = errors.Clean(input.ExporterName, 300, "exporterName", true);
                exporterAddress = errors.Clean(input.ExporterAddress, 2000, "exporterAddress", true);
                pointOfEntry = errors.Clean(input.PointOfEntry, 300, "pointOfEntry", false);
                purpose = errors.Clean(input.Purpose, 2000, "purpose", false);
            }
        }
        if (line is { } lx && lx.Substance.Kind == SubstanceKind.PsychotropicSubstance && importing.Length == 2 && licence is null)
        {
            var prohibitions = await db.ImportProhibitions.AsNoTracking().Where(p => p.CountryCode == importing && p.SubstanceCode == lx.Substance.Code).ToListAsync(ct);
            if (PsychotropicRules.Prohibited(prohibitions, importing, lx.Substance.Code, issueDate))
                errors["specialImportLicence"] = ["The importing Party prohibits the import of this substance (1971 Convention, article 13): reference its special import licence."];
        }
        if (number is not null && await db.Authorizations.AnyAsync(a => a.IssuingCountry == party && a.Kind != AuthorizationKind.Import && a.Number == number, ct))
            errors["number"] = ["An export authorization with this number already exists."];
        if (errors.Count > 0) return Outcome<IssueResult>.Invalid("The export authorization is not complete or not valid.", errors.Dictionary);

        var now = clock.GetUtcNow();
        var (s, preparation, quantity, unit, grams) = line!.Value;
        await using var tx = await db.BeginWriteAsync(ct);
        await db.AcquireLockAsync(ModuleLock, ct: ct);
        Authorization? tracked = null;
        if (import is not null)
        {
            tracked = await db.Authorizations.FirstAsync(x => x.Id == import.Id, ct);
            var refusal = ImportBalance.Refusal(tracked.PureBaseGrams, tracked.ExportedGrams, grams);
            if (refusal is not null) return Outcome<IssueResult>.Invalid(refusal, FieldError(errors => errors["quantity"] = ["The export exceeds what the import authorization still covers."]));
        }
        var a = new Authorization
        {
            Id = Guid.CreateVersion7(now), Kind = declaration && import is null ? AuthorizationKind.ExportDeclaration : AuthorizationKind.Export, Number = number!,
            IssuingCountry = party, RecordedBy = party, ImportingCountry = importing, ExportingCountry = party, IssueDate = issueDate, ValidUntil = validUntil, Year = issueDate.Year,
            ImporterName = importerName!, ImporterAddress = importerAddress!, ExporterName = exporterName!, ExporterAddress = exporterAddress!,
            SubstanceCode = s.Code, Preparation = preparation, PharmaceuticalForm = errors.Clean(input.PharmaceuticalForm, 300, "pharmaceuticalForm", false) ?? import?.PharmaceuticalForm,
            Quantity = quantity, Unit = unit, PureBaseGrams = grams, PointOfEntry = pointOfEntry, Purpose = purpose,
            ImportAuthorizationId = import?.Id, ImportNumber = import?.Number, ImportDate = import?.IssueDate, ImportAuthority = import?.IssuingCountry,
            SpecialImportLicence = licence, Status = AuthorizationStatus.Draft, CreatedAt = now,
        };
        db.Authorizations.Add(a);
        EstimateCheckResult? check = null;
        if (tracked is not null)
        {
            tracked.ExportedGrams += grams;
            if (ImportBalance.Remaining(tracked.PureBaseGrams, tracked.ExportedGrams) == 0) tracked.Status = AuthorizationStatus.Used;
            tracked.Version++;
            await IssueNowAsync(a, ct);
        }
        else
        {
            check = await CheckAsync(importing, s, a.Year, grams, ct);
            await TryIssueAsync(a, check, excessReason, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<IssueResult>.Ok(new IssueResult(await ViewAsync(a, ct), check is null ? null : EstimateCheckView.Of(check)));
    }

    // ---------------------------------------------------------------- amendment and cancellation

    public async Task<Outcome<IssueResult>> AmendAsync(Guid id, AmendInput input, long expectedVersion, CancellationToken ct = default)
    {
        var errors = new Errors();
        var reason = errors.Clean(input.Reason, 2000, "reason", false);
        var excessReason = errors.Clean(input.ExcessReason, 2000, "excessReason", false);
        var pointOfEntry = errors.Clean(input.PointOfEntry, 300, "pointOfEntry", false);
        if (input.Quantity is { } q0 && (q0 <= 0 || q0 > MaxQuantity)) errors["quantity"] = ["The quantity must be positive."];
        if (errors.Count > 0) return Outcome<IssueResult>.Invalid("The amendment is not valid.", errors.Dictionary);
        await using var tx = await db.BeginWriteAsync(ct);
        await db.AcquireLockAsync(ModuleLock, ct: ct);
        var a = await Visible().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return Outcome<IssueResult>.NotFound("No such authorization.");
        if (a.RecordedBy != actor.PartyCode) return Outcome<IssueResult>.Forbidden("Only the issuing authority amends an authorization.");
        if (a.Version != expectedVersion) return Outcome<IssueResult>.PreconditionFailed("The authorization was changed since you read it.");
        if (a.Status is not (AuthorizationStatus.Draft or AuthorizationStatus.Issued or AuthorizationStatus.Transmitted or AuthorizationStatus.Amended))
            return Outcome<IssueResult>.Conflict("Only a draft or an authorization in force is amended.");
        if (input.ValidUntil is { } vu && !AuthorizationLifecycle.IsValidPeriod(a.IssueDate, vu))
            return Outcome<IssueResult>.Invalid("The validity is not valid.", FieldError(errors => errors["validUntil"] = ["At most 12 months from the issue date, not before it."]));
        var draft = a.Status == AuthorizationStatus.Draft;
        EstimateCheckResult? check = null;
        if (input.Quantity is { } q && q != a.Quantity)
        {
            var factor = a.Quantity == 0 ? 1 : a.PureBaseGrams / a.Quantity;
            var newGrams = decimal.Round(q * factor, 6);
            var delta = newGrams - a.PureBaseGrams;
            if (a.Kind == AuthorizationKind.Import && newGrams < a.ExportedGrams)
                return Outcome<IssueResult>.Invalid("Exports already cover more than this quantity.", FieldError(errors => errors["quantity"] = ["At least what exports already cover."]));
            if (a.Kind == AuthorizationKind.Export && a.ImportAuthorizationId is { } importId && !draft)
            {
                var import = await db.Authorizations.FirstAsync(x => x.Id == importId, ct);
                var refusal = delta > 0 ? ImportBalance.Refusal(import.PureBaseGrams, import.ExportedGrams, delta) : null;
                if (refusal is not null) return Outcome<IssueResult>.Invalid(refusal, FieldError(errors => errors["quantity"] = ["The export exceeds what the import authorization still covers."]));
                import.ExportedGrams += delta;
                import.Status = ImportBalance.Remaining(import.PureBaseGrams, import.ExportedGrams) == 0 ? AuthorizationStatus.Used : import.Status == AuthorizationStatus.Used ? AuthorizationStatus.Transmitted : import.Status;
                import.Version++;
            }
            if (CountsAgainstEstimate(a))
            {
                var s = await db.Substances.AsNoTracking().FirstAsync(x => x.Code == a.SubstanceCode, ct);
                check = await CheckAsync(a.ImportingCountry, s, a.Year, draft ? newGrams : delta, ct);
                if (!draft && delta > 0 && check.Exceeded && !(check.MayProceedWithReason && excessReason is not null))
                    return Outcome<IssueResult>.Invalid(string.Concat("The amendment would exceed the ", check.Kind == EstimateKind.Estimate ? "estimate" : "assessment", ": ", check.Describe()),
                        check.MayProceedWithReason
                            ? FieldError(errors => errors["quantity"] = ["Reduce the quantity, record the reason or request a new assessment."])
                            : FieldError(errors => errors["quantity"] = ["Reduce the quantity or request a supplementary estimate."]));
                if (!draft) await AddToTotalAsync(a.ImportingCountry, a.SubstanceCode, a.Year, delta, 0, ct);
                if (check.Exceeded) { MarkExcess(a, check); if (!draft) a.ExcessReason = excessReason; }
                else if (draft) { a.EstimateWarning = null; a.ExcessGrams = 0; }
            }
            a.Quantity = q;
            a.PureBaseGrams = newGrams;
        }
        if (input.ValidUntil is { } until) a.ValidUntil = until;
        if (pointOfEntry is not null) a.PointOfEntry = pointOfEntry;
        if (!draft) a.Status = AuthorizationStatus.Amended;
        a.Version++;
        if (!draft) await SignAsync(a, ct);
        await audit.RecordAsync(draft ? "authorization.draft-changed" : "authorization.amended", RecordType, a.Id.ToString(), AuditRecord(a), $"{a.Kind} {a.Number}: {reason}", [a.ImportingCountry, a.ExportingCountry], ct);
        if (!draft && !a.Paper && await IsJoinedAsync(OtherParty(a), ct))
            await exchange.SendAsync(new Dispatch(Module, RecordType, a.Id.ToString(), a.RecordedBy, [OtherParty(a)], SecretariatCopy: false, "amended",
                "Notification.AuthorizationAmended", [a.Kind.ToString(), a.Number, a.IssuingCountry], Link(a.Id)), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<IssueResult>.Ok(new IssueResult(await ViewAsync(a, ct), check is null ? null : EstimateCheckView.Of(check)));
    }

    public async Task<Outcome<AuthorizationView>> CancelAsync(Guid id, CancelInput input, CancellationToken ct = default)
    {
        var reason = input.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 2000)
            return Outcome<AuthorizationView>.Invalid("Give the reason for cancelling.", FieldError(errors => errors["reason"] = ["Give the reason (at most 2000 characters)."]));
        await using var tx = await db.BeginWriteAsync(ct);
        await db.AcquireLockAsync(ModuleLock, ct: ct);
        var a = await Visible().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return Outcome<AuthorizationView>.NotFound("No such authorization.");
        if (a.RecordedBy != actor.PartyCode) return Outcome<AuthorizationView>.Forbidden("Only the issuing authority cancels an authorization.");
        if (a.Status is AuthorizationStatus.Cancelled or AuthorizationStatus.Endorsed) return Outcome<AuthorizationView>.Conflict("It is already cancelled or endorsed.");
        if (a.Kind == AuthorizationKind.Import && a.ExportedGrams > 0) return Outcome<AuthorizationView>.Conflict("Export authorizations were issued against it: cancel them first.");
        var wasIssued = a.Status != AuthorizationStatus.Draft;
        if (wasIssued && CountsAgainstEstimate(a)) await AddToTotalAsync(a.ImportingCountry, a.SubstanceCode, a.Year, -a.PureBaseGrams, -1, ct);
        if (wasIssued && a.ImportAuthorizationId is { } importId)
        {
            var import = await db.Authorizations.FirstAsync(x => x.Id == importId, ct);
            import.ExportedGrams = Math.Max(0, import.ExportedGrams - a.PureBaseGrams);
            if (import.Status == AuthorizationStatus.Used) import.Status = AuthorizationStatus.Transmitted;
            import.Version++;
        }
        a.Status = AuthorizationStatus.Cancelled;
        a.CancellationReason = reason;
        a.Version++;
        await audit.RecordAsync("authorization.cancelled", RecordType, a.Id.ToString(), AuditRecord(a), $"{a.Kind} {a.Number}: {reason}", [a.ImportingCountry, a.ExportingCountry], ct);
        if (wasIssued && !a.Paper && await IsJoinedAsync(OtherParty(a), ct))
            await exchange.SendAsync(new Dispatch(Module, RecordType, a.Id.ToString(), a.RecordedBy, [OtherParty(a)], SecretariatCopy: false, "cancelled",
                "Notification.AuthorizationCancelled", [a.Kind.ToString(), a.Number, a.IssuingCountry], Link(a.Id)), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<AuthorizationView>.Ok(await ViewAsync(a, ct));
    }

    // ---------------------------------------------------------------- endorsement (1961 art. 31(7))

    public async Task<Outcome<AuthorizationView>> EndorseAsync(Guid id, EndorseInput input, CancellationToken ct = default)
    {
        var errors = new Errors();
        var remarks = errors.Clean(input.Remarks, 2000, "remarks", false);
        if (input.QuantityImported is not { } imported || imported < 0 || imported > MaxQuantity) errors["quantityImported"] = ["Give the quantity actually imported (zero or more)."];
        if (input.ImportedOn is not { } on) { errors["importedOn"] = ["This field is required."]; on = Today; }
        else if (on > Today) errors["importedOn"] = ["The date cannot lie in the future."];
        if (errors.Count > 0) return Outcome<AuthorizationView>.Invalid("The endorsement is not complete.", errors.Dictionary);
        await using var tx = await db.BeginWriteAsync(ct);
        await db.AcquireLockAsync(ModuleLock, ct: ct);
        var a = await Visible().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return Outcome<AuthorizationView>.NotFound("No such authorization.");
        if (a.Kind == AuthorizationKind.Import) return Outcome<AuthorizationView>.Conflict("The importing authority endorses the export authorization, not its own import authorization.");
        if (a.ImportingCountry != actor.PartyCode) return Outcome<AuthorizationView>.Forbidden("Only the importing authority endorses an export authorization.");
        if (a.Status is AuthorizationStatus.Draft or AuthorizationStatus.Cancelled or AuthorizationStatus.Endorsed) return Outcome<AuthorizationView>.Conflict("This authorization cannot be endorsed (draft, cancelled or already endorsed).");
        a.QuantityImported = input.QuantityImported;
        a.ImportedOn = on;
        a.EndorsementRemarks = remarks;
        a.Status = AuthorizationStatus.Endorsed;
        a.Version++;
        await audit.RecordAsync("authorization.endorsed", RecordType, a.Id.ToString(), AuditRecord(a),
            $"{a.Number}: {G(a.QuantityImported!.Value)} {a.Unit} imported on {on:yyyy-MM-dd}", [a.ExportingCountry], ct);
        await exchange.SendAsync(new Dispatch(Module, RecordType, a.Id.ToString(), a.ImportingCountry, [a.ExportingCountry], SecretariatCopy: false, "endorsed",
            "Notification.AuthorizationEndorsed", [a.Number, a.ImportingCountry], Link(a.Id)), ct);
        await RaiseDiscrepancyAsync(a, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<AuthorizationView>.Ok(await ViewAsync(a, ct));
    }

    /// <summary>The exporting authority records that less was actually exported than authorized.</summary>
    public async Task<Outcome<AuthorizationView>> RecordExportedAsync(Guid id, ExportedInput input, CancellationToken ct = default)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        await db.AcquireLockAsync(ModuleLock, ct: ct);
        var a = await Visible().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return Outcome<AuthorizationView>.NotFound("No such authorization.");
        if (a.Kind == AuthorizationKind.Import || a.ExportingCountry != actor.PartyCode) return Outcome<AuthorizationView>.Forbidden("Only the exporting authority records the quantity exported.");
        if (input.QuantityExported is not { } q || q < 0 || q > a.Quantity)
            return Outcome<AuthorizationView>.Invalid("The quantity exported is at most the quantity authorized.", FieldError(errors => errors["quantityExported"] = ["Between zero and the quantity authorized."]));
        if (a.Status is AuthorizationStatus.Draft or AuthorizationStatus.Cancelled) return Outcome<AuthorizationView>.Conflict("This authorization is a draft or cancelled.");
        a.QuantityExported = q;
        a.Version++;
        await audit.RecordAsync("authorization.exported-recorded", RecordType, a.Id.ToString(), AuditRecord(a), $"{a.Number}: {G(q)} {a.Unit} exported", [a.ImportingCountry], ct);
        await RaiseDiscrepancyAsync(a, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<AuthorizationView>.Ok(await ViewAsync(a, ct));
    }

    private async Task RaiseDiscrepancyAsync(Authorization a, CancellationToken ct)
    {
        var discrepancy = EndorsementRule.IsDiscrepancy(a.Quantity, a.QuantityExported, a.QuantityImported);
        if (discrepancy == a.Discrepancy || !discrepancy) { a.Discrepancy = discrepancy; return; }
        a.Discrepancy = true;
        var shipped = EndorsementRule.Shipped(a.Quantity, a.QuantityExported);
        await audit.RecordAsync("authorization.discrepancy", RecordType, a.Id.ToString(), null,
            $"{a.Number}: shipped {G(shipped)} {a.Unit}, imported {G(a.QuantityImported ?? 0)} {a.Unit}", [a.ImportingCountry, a.ExportingCountry], ct);
        await notifier.NotifyPartiesAsync([a.ImportingCountry, a.ExportingCountry], "Authorizations.View", "Notification.AuthorizationDiscrepancy",
            [a.Number, G(shipped), G(a.QuantityImported ?? 0), a.Unit], Link(a.Id), includeSecretariat: true, email: true, ct);
    }

    // ---------------------------------------------------------------- dashboard

    public async Task<AuthorizationDashboard> DashboardAsync(int year, CancellationToken ct = default)
    {
        var party = actor.PartyCode;
        var visible = Visible().AsNoTracking();
        var incoming = party is null ? 0 : await visible.CountAsync(a => a.IssuingCountry != party && a.Status != AuthorizationStatus.Draft, ct);
        var outgoing = party is null ? await visible.CountAsync(ct) : await visible.CountAsync(a => a.IssuingCountry == party, ct);
        var pending = await visible.CountAsync(a => a.Kind != AuthorizationKind.Import && a.QuantityImported == null && a.Status != AuthorizationStatus.Cancelled
                                                     && a.Status != AuthorizationStatus.Draft && (party == null || a.ImportingCountry == party), ct);
        var utilization = await UtilizationRowsAsync(party, year, ct);
        var excess = await ListAsync("excess", 100, ct);
        var discrepancies = await ListAsync("discrepancies", 100, ct);
        var use = party is not null ? [] : (await db.Authorizations.AsNoTracking().Where(a => a.Status != AuthorizationStatus.Draft)
            .GroupBy(a => a.RecordedBy).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).Select(x => new PartyUse(x.Key, x.Count)).OrderBy(x => x.PartyCode).ToList();
        return new AuthorizationDashboard(incoming, outgoing, pending, utilization, excess, discrepancies, use);
    }

    /// <summary>
    /// Estimate or assessment against authorized imports per substance for a year: the caller's Party, or the Party named by
    /// the Secretariat. Null when the caller may not see that Party's figures (another Party) or names none as the Secretariat.
    /// </summary>
    public async Task<(string Party, List<UtilizationRow> Rows)?> UtilizationAsync(string? party, int year, CancellationToken ct = default)
    {
        var wanted = party?.Trim().ToUpperInvariant();
        if (actor.PartyCode is { } own)
        {
            if (wanted is { Length: > 0 } && wanted != own) return null;
            return (own, await UtilizationRowsAsync(own, year, ct));
        }
        if (!actor.IsSecretariat || wanted is null || !Country.IsWellFormedAlpha2(wanted) || !(await ReferenceCache.GetAsync(db, ct)).CountryCodes.Contains(wanted)) return null;
        return (wanted, await UtilizationRowsAsync(wanted, year, ct));
    }

    /// <summary>The running totals and the confirmed figures in force, one row per (Party, substance); every Party when <paramref name="party"/> is null.</summary>
    private async Task<List<UtilizationRow>> UtilizationRowsAsync(string? party, int year, CancellationToken ct)
    {
        var totals = await db.AuthorizedTotals.AsNoTracking().Where(t => t.Year == year && (party == null || t.CountryCode == party)).Take(2000).ToListAsync(ct);
        var estimates = await db.Estimates.AsNoTracking().Where(e => e.Status == EstimateStatus.Confirmed && (e.Year == year || e.Year == 0) && (party == null || e.CountryCode == party)).ToListAsync(ct);
        var current = estimates.GroupBy(e => (e.CountryCode, e.SubstanceCode)).ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.Sequence).First());
        var keys = totals.Select(t => (t.CountryCode, t.SubstanceCode)).Union(current.Keys).Distinct().OrderBy(k => k.CountryCode).ThenBy(k => k.SubstanceCode);
        return keys.Select(k =>
        {
            var t = totals.FirstOrDefault(x => x.CountryCode == k.CountryCode && x.SubstanceCode == k.SubstanceCode);
            var e = current.GetValueOrDefault(k);
            return new UtilizationRow(k.CountryCode, k.SubstanceCode, year, e?.Kind ?? (k.SubstanceCode.StartsWith("N-", StringComparison.Ordinal) ? EstimateKind.Estimate : EstimateKind.Assessment),
                e?.Grams, t?.AuthorizedGrams ?? 0, t?.Count ?? 0);
        }).ToList();
    }

    // ---------------------------------------------------------------- signed document

    /// <summary>
    /// Signs the version now in force with the issuing authority's key, in the caller's transaction: at issuance and again at
    /// each amendment (the earlier document then shows as superseded). A paper authorization recorded for a country outside
    /// Cordon is not signed: no Cordon authority issued it.
    /// </summary>
    private async Task SignAsync(Authorization a, CancellationToken ct)
    {
        if (a.Paper) return;
        a.DocumentId = Guid.CreateVersion7(clock.GetUtcNow());
        var name = (await ReferenceCache.GetAsync(db, ct)).SubstancesByCode.GetValueOrDefault(a.SubstanceCode)?.Name ?? a.SubstanceCode;
        await signer.SignAsync(a.DocumentId.Value, DocumentKind, a.IssuingCountry, AuthorizationDocument.Payload(a, name), ct);
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>Created in this unit of work: it has no deliveries yet.</summary>
    private bool IsNew(Authorization a) => db.Entry(a).State == EntityState.Added;

    private static string OtherParty(Authorization a) => a.ImportingCountry == a.RecordedBy ? a.ExportingCountry : a.ImportingCountry;

    private async Task<bool> IsJoinedAsync(string country, CancellationToken ct) =>
        _joined.TryGetValue(country, out var joined) ? joined : _joined[country] = await PartyJoined(db, country, ct);

    private (DateOnly Issue, DateOnly Until) Period(Errors errors, DateOnly? issue, DateOnly? until)
    {
        var issueDate = issue ?? Today;
        if (issueDate > Today.AddDays(1)) errors["issueDate"] = ["The issue date cannot lie in the future."];
        else if (issueDate < Today.AddYears(-1)) errors["issueDate"] = ["The issue date lies more than a year ago."];
        var validUntil = until ?? issueDate.AddMonths(6);
        if (!AuthorizationLifecycle.IsValidPeriod(issueDate, validUntil)) errors["validUntil"] = ["At most 12 months from the issue date, not before it."];
        return (issueDate, validUntil);
    }

    private async Task<(ControlledSubstance Substance, string? Preparation, decimal Quantity, string Unit, decimal Grams)?> ResolveLineAsync(
        Errors errors, string? term, string? preparation, decimal? quantity, string? unitCode, decimal? pureBaseGrams, CancellationToken ct)
    {
        var t = term?.Trim();
        ControlledSubstance? s = null;
        if (string.IsNullOrEmpty(t)) errors["substance"] = ["This field is required."];
        else if (t.Length > 200) errors["substance"] = ["At most 200 characters."];
        else
        {
            // From the cached reference lists: this runs in every issuance (ADR 0019).
            var upper = t.ToUpperInvariant();
            var lower = t.ToLowerInvariant();
            var candidates = (await ReferenceCache.GetAsync(db, ct)).Substances
                .Where(x => x.IsActive && (x.Kind == SubstanceKind.NarcoticDrug || x.Kind == SubstanceKind.PsychotropicSubstance)).ToList();
            s = candidates.FirstOrDefault(x => x.Code == upper) ?? candidates.FirstOrDefault(x => x.Name.ToLowerInvariant() == lower);
            if (s is null) errors["substance"] = ["Choose a narcotic drug or psychotropic substance of the reference list (code or international non-proprietary name)."];
        }
        var unit = UnitOfMeasure.Find(unitCode ?? "g");
        if (unit is null || unit.Dimension != Dimension.Mass) errors["unit"] = ["Choose a unit of mass: ug, mg, g, kg or t."];
        if (quantity is not > 0 || quantity > MaxQuantity) errors["quantity"] = ["The quantity must be positive."];
        var prep = preparation?.Trim();
        if (prep is { Length: 0 }) prep = null;
        if (prep is { Length: > 300 }) errors["preparation"] = ["At most 300 characters."];
        if (pureBaseGrams is { } pb && (pb <= 0 || pb > MaxQuantity)) errors["pureBaseGrams"] = ["The pure base content must be positive."];
        if (s is null || unit is null || unit.Dimension != Dimension.Mass || quantity is not > 0 || quantity > MaxQuantity || errors.Count > 0) return null;
        var mass = new Quantity(quantity.Value, unit);
        decimal grams;
        if (pureBaseGrams is { } given)
        {
            if (given > mass.InBase) { errors["pureBaseGrams"] = ["The pure base content cannot exceed the quantity."]; return null; }
            grams = given;
        }
        else if (prep is null) grams = mass.InBase;
        else if (s.Salts.FirstOrDefault(x => string.Equals(x.Name, prep, StringComparison.OrdinalIgnoreCase)) is { } salt && salt.BaseFactor is > 0 and <= 1)
            grams = mass.PureBaseGrams(salt.BaseFactor);
        else { errors["pureBaseGrams"] = ["For a preparation that is not a listed salt, give its pure base content in grams."]; return null; }
        return (s, prep, quantity.Value, unit.Code, decimal.Round(grams, 6));
    }

    private async Task<AuthorizationView> ViewAsync(Authorization a, CancellationToken ct)
    {
        var name = (await ReferenceCache.GetAsync(db, ct)).SubstancesByCode.GetValueOrDefault(a.SubstanceCode)?.Name ?? a.SubstanceCode;
        return new AuthorizationView(a.Id, a.Kind, a.Number, a.IssuingCountry, a.RecordedBy, a.Paper, a.ImportingCountry, a.ExportingCountry, a.IssueDate, a.ValidUntil,
            a.ImporterName, a.ImporterAddress, a.ExporterName, a.ExporterAddress, a.SubstanceCode, name, a.Preparation, a.PharmaceuticalForm, a.Quantity, a.Unit, a.PureBaseGrams,
            a.PointOfEntry, a.Purpose, a.SeveralConsignments, a.ImportAuthorizationId, a.ImportNumber, a.ImportDate, a.ImportAuthority, a.SpecialImportLicence,
            a.Kind == AuthorizationKind.Import ? ImportBalance.Remaining(a.PureBaseGrams, a.ExportedGrams) : null,
            AuthorizationLifecycle.Effective(a.Status, a.ValidUntil, Today), a.EstimateWarning, a.ExcessGrams, a.ExcessReason,
            a.QuantityImported, a.ImportedOn, a.EndorsementRemarks, a.QuantityExported, a.Discrepancy, a.CancellationReason, a.CreatedAt, a.IssuedAt, a.Version, a.DocumentId);
    }

    private static object AuditRecord(Authorization a) => new
    {
        a.Id, a.Kind, a.Number, a.IssuingCountry, a.RecordedBy, a.Paper, a.ImportingCountry, a.ExportingCountry, a.IssueDate, a.ValidUntil, a.SubstanceCode, a.Preparation,
        a.Quantity, a.Unit, a.PureBaseGrams, a.Status, a.ImportAuthorizationId, a.ExportedGrams, a.ExcessGrams, a.ExcessReason, a.QuantityImported, a.ImportedOn,
        a.QuantityExported, a.Discrepancy, a.CancellationReason, a.Version,
    };

    /// <summary>One field's error, set through the indexer with a literal message so that the message is a translatable key.</summary>
    internal static Dictionary<string, string[]> FieldError(Action<Errors> add)
    {
        var errors = new Errors();
        add(errors);
        return errors.Dictionary;
    }

    public static string Link(Guid id) => $"/Authorizations/Details?id={id}";

    public static string G(decimal v) => v.ToString("0.######", CultureInfo.InvariantCulture);
}

/// <summary>
/// Per-field validation errors of a use case; the first message of a field wins. Messages are set through the indexer with
/// a string literal (errors[field] = [message]), the form tools/i18n/extract.py reads, so each one is a key of
/// SharedResource and the pages show it translated (l[m]); the API answers the English text.
/// </summary>
internal sealed class Errors
{
    public Dictionary<string, string[]> Dictionary { get; } = [];
    public int Count => Dictionary.Count;

    /// <summary>For messages built at run time (other modules use it too); a literal belongs in the indexer, where the extractor sees it.</summary>
    public void Add(string field, string message) => Dictionary.TryAdd(field, [message]);

    public string[] this[string field]
    {
        get => Dictionary.TryGetValue(field, out var m) ? m : [];
        set => Dictionary.TryAdd(field, value);
    }

    public string? Clean(string? v, int max, string field, bool required)
    {
        var t = v?.Trim();
        var errors = this;
        if (string.IsNullOrEmpty(t))
        {
            if (required) errors[field] = ["This field is required."];
            return null;
        }
        if (t.Length <= max) return t;
        // One literal per length used in the module, so that each message is a translatable key.
        if (max <= 100) errors[field] = ["At most 100 characters."];
        else if (max <= 300) errors[field] = ["At most 300 characters."];
        else errors[field] = ["At most 2000 characters."];
        return t;
    }
}
