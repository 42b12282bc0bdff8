using System.Globalization;
using System.Text.Json;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Documents;
using Cordon.Application.Exchange;
using Cordon.Application.Identity;
using Cordon.Application.Notifications;
using Cordon.Domain.Documents;
using Cordon.Domain.Exchange;
using Cordon.Domain.Permits;
using Cordon.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Permits;

/// <summary>
/// CITES permits and certificates: application, Scientific Authority advice, decision, signed issuance delivered to the
/// importing Party, customs endorsement (EPIX) that consumes the quantity, cancellation. Scoped to the issuing Party
/// (everything) and, once issued, to the exporting and importing Parties; the Secretariat sees all.
/// </summary>
public sealed class PermitsService(CordonDbContext db, ICurrentActor actor, AuditLog audit, PartyExchange exchange, DocumentSigner signer, Notifier notifier, TimeProvider clock)
{
    public const string Module = "Permits";
    public const string RecordType = "Permit";
    public const string DocumentKind = "cites-permit";

    public const int MaxLines = 50;

    public IQueryable<Permit> Visible()
    {
        var party = actor.PartyCode;
        var permits = db.Permits.Include(p => p.Lines.OrderBy(l => l.LineNumber));
        if (party is null) return actor.IsSecretariat ? permits : permits.Where(_ => false);
        return permits.Where(p => p.IssuingCountry == party || (p.IssuedAt != null && (p.ImportingCountry == party || p.ExportingCountry == party)));
    }

    public async Task<PermitView?> GetAsync(Guid id, CancellationToken ct = default) =>
        await Visible().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } p ? View(p, Today) : null;

    /// <summary>"Request the latest version of permit N".</summary>
    public async Task<PermitView?> ByNumberAsync(string number, CancellationToken ct = default) =>
        await Visible().AsNoTracking().FirstOrDefaultAsync(p => p.Number == number, ct) is { } p ? View(p, Today) : null;

    public async Task<List<PermitSummary>> ListAsync(string? direction, PermitStatus? status, int limit, CancellationToken ct = default)
    {
        var q = Visible().AsNoTracking();
        var party = actor.PartyCode;
        if (party is not null && direction == "incoming") q = q.Where(p => p.ImportingCountry == party && p.IssuingCountry != party);
        if (party is not null && direction == "outgoing") q = q.Where(p => p.IssuingCountry == party);
        if (status is { } s) q = q.Where(p => p.Status == s);
        var rows = await q.OrderByDescending(p => p.AppliedAt).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(ct);
        return rows.Select(p =>
        {
            var first = First(p);
            return new PermitSummary(p.Id, p.Number, p.Type, p.Status, p.ExportingCountry, p.ImportingCountry, first.ScientificName, first.Appendix,
                first.Quantity, first.Unit, first.RemainingQuantity, p.ValidUntil, p.AppliedAt, p.Lines.Count);
        }).ToList();
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Line 1: the single-line fields of the API's v1 view and of the list.</summary>
    private static PermitLine First(Permit p) => p.Lines.MinBy(l => l.LineNumber) ?? throw new InvalidOperationException($"Permit {p.Number} has no line.");

    private static CodeMeaning SourceCode(string code) => new(code, CitesCodes.Sources.GetValueOrDefault(code, ""));

    public static PermitView View(Permit p, DateOnly today)
    {
        var first = First(p);
        var lines = p.Lines.OrderBy(l => l.LineNumber).Select(l => new PermitLineView(l.LineNumber, l.ScientificName, l.CommonName, l.Appendix, SourceCode(l.Source),
            l.Description, l.Quantity, l.Unit, l.RemainingQuantity, l.QuantityTraded)).ToList();
        return new(
            p.Id, p.Number, p.Type, p.Status, PermitRules.StatusOn(p, today), p.IssuingCountry, p.ExportingCountry, p.ImportingCountry,
            p.ExporterName, p.ExporterAddress, p.ImporterName, p.ImporterAddress, p.CountryOfOrigin,
            new CodeMeaning(p.Purpose, CitesCodes.Purposes.GetValueOrDefault(p.Purpose, "")), SourceCode(first.Source),
            first.ScientificName, first.CommonName, first.Appendix, first.Description, first.Quantity, first.Unit, first.RemainingQuantity, p.OriginalPermitNumber, p.SpecialConditions,
            p.ValidFrom, p.ValidUntil, p.AppliedAt, p.AppliedBy, p.AdviceRequired, p.AdvicePositive, p.AdviceNote, p.AdviceBy, p.AdviceAt,
            p.DecidedBy, p.DecidedAt, p.DecisionReason, p.IssuedBy, p.IssuedAt, p.DocumentId, first.QuantityTraded, p.TradeDate, p.Port, p.EndorsedBy, p.EndorsedAt,
            p.CancelledBy, p.CancelledAt, p.Version, lines, p.ReplacesPermitNumber);
    }

    public Task<Outcome<PermitView>> ApplyAsync(PermitApplication input, CancellationToken ct = default) => ApplyAsync(input, null, ct);

    /// <summary>Records an application; with <paramref name="external"/>, records a permit already issued by the Party's national eCITES system (pushed as XML or JSON), signs and delivers it.</summary>
    public async Task<Outcome<PermitView>> ApplyAsync(PermitApplication input, ExternalIssue? external, CancellationToken ct = default)
    {
        if (actor.PartyCode is not { } party) return Outcome<PermitView>.Forbidden("Only a Party's Management Authority records permit applications.");
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors.TryAdd(field, [message]);
        string? Clean(string? v, int max, string field, bool required)
        {
            var t = v?.Trim();
            if (string.IsNullOrEmpty(t)) { if (required) Error(field, "This field is required."); return null; }
            if (t.Length > max) Error(field, $"At most {max} characters.");
            return t;
        }

        if (input.Type is not { } type || !Enum.IsDefined(type)) { Error("type", "Export, Import, ReExport or Other."); type = PermitType.Export; }
        var exporting = input.ExportingCountry?.Trim().ToUpperInvariant();
        var importing = input.ImportingCountry?.Trim().ToUpperInvariant();
        if (type != PermitType.Import) exporting ??= party;
        else importing ??= party;
        var origin = input.CountryOfOrigin?.Trim().ToUpperInvariant();
        var codes = new[] { exporting ?? "", importing ?? "", origin ?? "" }.Where(Country.IsWellFormedAlpha2).ToList();
        var known = await db.Countries.AsNoTracking().Where(c => codes.Contains(c.Alpha2)).Select(c => c.Alpha2).ToListAsync(ct);
        if (exporting is null || !known.Contains(exporting)) Error("exportingCountry", "Enter an ISO 3166-1 alpha-2 country code.");
        if (importing is null || !known.Contains(importing)) Error("importingCountry", "Enter an ISO 3166-1 alpha-2 country code.");
        if (exporting is not null && exporting == importing) Error("importingCountry", "The importing country must differ from the exporting country.");
        if (type == PermitType.Import ? importing != party : exporting != party)
            Error(type == PermitType.Import ? "importingCountry" : "exportingCountry", "A Party issues export permits and re-export certificates for its exports, import permits for its imports.");
        if (origin is { Length: > 0 } && !known.Contains(origin)) Error("countryOfOrigin", "Enter an ISO 3166-1 alpha-2 country code.");

        var exporterName = Clean(input.ExporterName, 300, "exporterName", true);
        var exporterAddress = Clean(input.ExporterAddress, 2000, "exporterAddress", true);
        var importerName = Clean(input.ImporterName, 300, "importerName", true);
        var importerAddress = Clean(input.ImporterAddress, 2000, "importerAddress", true);
        var original = Clean(input.OriginalPermitNumber, 300, "originalPermitNumber", false);
        var conditions = Clean(input.SpecialConditions, 2000, "specialConditions", false);
        var purpose = input.Purpose?.Trim().ToUpperInvariant();
        if (purpose is null || !CitesCodes.Purposes.ContainsKey(purpose)) Error("purpose", "Choose a purpose code: " + string.Join(", ", CitesCodes.Purposes.Keys) + ".");

        // A v1 body names one specimen in the permit's own fields; a v2 body lists its lines (field names then carry "lines[i].").
        var multi = input.Lines is { Count: > 0 };
        var lineInputs = multi ? input.Lines! : [new PermitLineInput(input.ScientificName, input.Description, input.Quantity, input.Unit, input.Source)];
        if (lineInputs.Count > MaxLines) Error("lines", $"At most {MaxLines} lines.");
        var names = lineInputs.Select(l => l?.ScientificName?.Trim()).Where(n => n is { Length: > 0 and <= 200 }).Distinct().ToList();
        var taxa = await db.CitesTaxa.AsNoTracking().Where(t => names.Contains(t.ScientificName)).ToListAsync(ct);
        var lines = new List<(CitesTaxon Taxon, string Source, string Description, decimal Quantity, string Unit)>();
        for (var i = 0; i < Math.Min(lineInputs.Count, MaxLines); i++)
        {
            var line = lineInputs[i] ?? new PermitLineInput(null, null, null, null);
            var prefix = multi ? string.Create(CultureInfo.InvariantCulture, $"lines[{i}].") : "";
            var description = Clean(line.Description, 2000, prefix + "description", true);
            var source = (line.Source ?? input.Source)?.Trim().ToUpperInvariant();
            if (source is null || !CitesCodes.Sources.ContainsKey(source)) Error(prefix + "source", "Choose a source code: " + string.Join(", ", CitesCodes.Sources.Keys) + ".");
            var unit = line.Unit?.Trim().ToUpperInvariant();
            if (unit is null || !CitesCodes.Units.Contains(unit)) Error(prefix + "unit", "Choose a unit: " + string.Join(", ", CitesCodes.Units) + ".");
            if (line.Quantity is not > 0 || line.Quantity > 1_000_000_000m) Error(prefix + "quantity", "The quantity must be positive.");
            var name = line.ScientificName?.Trim();
            CitesTaxon? taxon = null;
            if (string.IsNullOrEmpty(name) || name.Length > 200) Error(prefix + "scientificName", "Name a CITES-listed taxon.");
            else if ((taxon = taxa.FirstOrDefault(t => t.ScientificName == name)) is null) Error(prefix + "scientificName", "This taxon is not in the CITES species reference.");
            if (taxon is not null && purpose is not null && PermitRules.TypeError(type, taxon.Appendix, purpose, original) is { } typeError)
                Error(type == PermitType.ReExport ? "originalPermitNumber" : "type", typeError);
            if (taxon is not null && description is not null && source is not null && unit is not null && line.Quantity is { } q)
                lines.Add((taxon, source, description, q, unit));
        }
        if (external is not null)
        {
            if (external.Number is not { Length: > 0 and <= 40 } || external.Number.Any(char.IsControl)) Error("number", "The permit number is required (at most 40 characters).");
            if (external.ValidFrom is not { } vf || external.ValidUntil is not { } vu || !PermitRules.IsValidPeriod(type, vf, vu))
                Error("validUntil", $"Give the validity: at most {PermitRules.MaxValidityMonths(type)} months.");
            else if (await db.Permits.AnyAsync(x => x.Number == external.Number, ct)) return Outcome<PermitView>.Conflict("A permit with this number is already recorded; request its latest version instead.");
        }
        if (errors.Count > 0) return Outcome<PermitView>.Invalid("The application is not complete or not valid.", errors);

        var now = clock.GetUtcNow();
        await using var tx = await db.BeginWriteAsync(ct);
        var id = Guid.CreateVersion7(now);
        var p = new Permit
        {
            Id = id,
            Number = external?.Number ?? await NextNumberAsync(party, type, now, ct),
            Type = type, IssuingCountry = party, ExportingCountry = exporting!, ImportingCountry = importing!,
            ExporterName = exporterName!, ExporterAddress = exporterAddress!, ImporterName = importerName!, ImporterAddress = importerAddress!,
            CountryOfOrigin = origin is { Length: > 0 } ? origin : null, Purpose = purpose!,
            Lines = lines.Select((l, i) => new PermitLine
            {
                PermitId = id, LineNumber = i + 1, ScientificName = l.Taxon.ScientificName, CommonName = l.Taxon.CommonName, Appendix = l.Taxon.Appendix,
                Source = l.Source, Description = l.Description, Quantity = l.Quantity, Unit = l.Unit, RemainingQuantity = l.Quantity,
            }).ToList(),
            OriginalPermitNumber = original, SpecialConditions = conditions,
            AppliedAt = now, AppliedBy = actor.UserName, Year = now.Year, Version = 1,
            AdviceRequired = lines.Any(l => PermitRules.NeedsNonDetrimentAdvice(type, l.Taxon.Appendix, l.Source)),
        };
        p.Status = p.AdviceRequired ? PermitStatus.AwaitingAdvice : PermitStatus.Applied;
        db.Permits.Add(p);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("permits.applied", RecordType, p.Id.ToString(), AuditRecord(p), $"{p.Number} {p.Type} {Species(p)}", [], ct);
        if (external is not null)
        {
            p.Status = PermitStatus.Issued;
            p.ValidFrom = external.ValidFrom;
            p.ValidUntil = external.ValidUntil;
            p.IssuedAt = now;
            p.IssuedBy = actor.UserName + " (national system)";
            p.DocumentId = Guid.CreateVersion7(now);
            await db.SaveChangesAsync(ct);
            await signer.SignAsync(p.DocumentId.Value, DocumentKind, p.IssuingCountry, PermitDocument.Payload(p), ct);
            var other = p.IssuingCountry == p.ImportingCountry ? p.ExportingCountry : p.ImportingCountry;
            await audit.RecordAsync("permits.issued", RecordType, p.Id.ToString(), AuditRecord(p), $"{p.Number} received from the national system, signed", [other], ct);
            await exchange.SendAsync(new Dispatch(Module, RecordType, p.Id.ToString(), p.IssuingCountry, [other], SecretariatCopy: false, "issued",
                "Notification.PermitIssued", [p.Number, p.IssuingCountry, Species(p)], Link(p.Id)), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<PermitView>.Ok(View(p, Today));
    }

    /// <summary>The next number of the Party's permits of the year, e.g. "AT-26-E-000012"; call inside the write transaction.</summary>
    private async Task<string> NextNumberAsync(string party, PermitType type, DateTimeOffset now, CancellationToken ct)
    {
        // Permit numbers are counted per issuing Party and year under that key's lock (held until commit).
        await db.AcquireLockAsync("permits.number", string.Create(CultureInfo.InvariantCulture, $"{party}:{now.Year}"), ct);
        var sequence = await db.Permits.CountAsync(p => p.IssuingCountry == party && p.Year == now.Year, ct) + 1;
        var letter = type switch { PermitType.Export => "E", PermitType.Import => "I", PermitType.ReExport => "R", _ => "C" };
        return string.Create(CultureInfo.InvariantCulture, $"{party}-{now.Year % 100:00}-{letter}-{sequence:000000}");
    }

    private static string Species(Permit p) => string.Join(", ", p.Lines.OrderBy(l => l.LineNumber).Select(l => l.ScientificName).Distinct());

    private async Task<(Permit? Permit, Outcome<PermitView>? Failure)> LoadOwnAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var p = await Visible().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null) return (null, Outcome<PermitView>.NotFound("No such permit."));
        if (p.IssuingCountry != actor.PartyCode) return (null, Outcome<PermitView>.Forbidden("Only the issuing Management Authority may do this."));
        if (expectedVersion is { } v && v != p.Version) return (null, Outcome<PermitView>.PreconditionFailed("The permit was changed since you read it."));
        return (p, null);
    }

    public async Task<Outcome<PermitView>> AdviseAsync(Guid id, AdviceInput input, CancellationToken ct = default)
    {
        if (input.Positive is not { } positive) return Outcome<PermitView>.Invalid("Give the advice.", new Dictionary<string, string[]> { ["positive"] = ["true (non-detriment finding) or false"] });
        var note = input.Note?.Trim();
        if (note is { Length: > 2000 }) return Outcome<PermitView>.Invalid("The note is too long.", new Dictionary<string, string[]> { ["note"] = ["At most 2000 characters."] });
        await using var tx = await db.BeginWriteAsync(ct);
        var (p, failure) = await LoadOwnAsync(id, null, ct);
        if (p is null) return failure!;
        if (p.Status != PermitStatus.AwaitingAdvice) return Outcome<PermitView>.Conflict("The permit is not awaiting the Scientific Authority's advice.");
        p.AdvicePositive = positive;
        p.AdviceNote = note;
        p.AdviceBy = actor.UserName;
        p.AdviceAt = clock.GetUtcNow();
        p.Status = PermitStatus.Applied;
        p.Version++;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("permits.advice", RecordType, p.Id.ToString(), AuditRecord(p), $"{p.Number}: non-detriment advice {(positive ? "positive" : "negative")}", [], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<PermitView>.Ok(View(p, Today));
    }

    public async Task<Outcome<PermitView>> DecideAsync(Guid id, DecisionInput input, long? expectedVersion, CancellationToken ct = default)
    {
        if (input.Approve is not { } approve) return Outcome<PermitView>.Invalid("Approve or reject.", new Dictionary<string, string[]> { ["approve"] = ["true or false"] });
        var reason = input.Reason?.Trim();
        if (!approve && string.IsNullOrEmpty(reason)) return Outcome<PermitView>.Invalid("Give the reason for the refusal.", new Dictionary<string, string[]> { ["reason"] = ["This field is required."] });
        if (reason is { Length: > 2000 }) return Outcome<PermitView>.Invalid("The reason is too long.", new Dictionary<string, string[]> { ["reason"] = ["At most 2000 characters."] });
        await using var tx = await db.BeginWriteAsync(ct);
        var (p, failure) = await LoadOwnAsync(id, expectedVersion, ct);
        if (p is null) return failure!;
        if (p.Status == PermitStatus.AwaitingAdvice) return Outcome<PermitView>.Conflict("The Scientific Authority's non-detriment advice is required first.");
        if (p.Status != PermitStatus.Applied) return Outcome<PermitView>.Conflict("The application has already been decided.");
        if (approve && p.AdviceRequired && p.AdvicePositive != true) return Outcome<PermitView>.Conflict("The Scientific Authority advised that the export would be detrimental: the permit cannot be approved.");
        p.Status = approve ? PermitStatus.Approved : PermitStatus.Rejected;
        p.DecidedBy = actor.UserName;
        p.DecidedAt = clock.GetUtcNow();
        p.DecisionReason = reason;
        p.Version++;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(approve ? "permits.approved" : "permits.rejected", RecordType, p.Id.ToString(), AuditRecord(p), $"{p.Number}: {p.Status}", [], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<PermitView>.Ok(View(p, Today));
    }

    public async Task<Outcome<PermitView>> IssueAsync(Guid id, IssueInput input, CancellationToken ct = default)
    {
        var today = Today;
        var from = input.ValidFrom ?? today;
        var errors = new Dictionary<string, string[]>();
        if (from < today.AddDays(-1) || from > today.AddYears(1))
            return Outcome<PermitView>.Invalid("The validity is not valid.", new Dictionary<string, string[]> { ["validFrom"] = ["The validity starts today or later (within a year)."] });
        DateOnly until = default;
        await using var tx = await db.BeginWriteAsync(ct);
        var (p, failure) = await LoadOwnAsync(id, null, ct);
        if (p is null) return failure!;
        until = input.ValidUntil ?? from.AddMonths(PermitRules.MaxValidityMonths(p.Type));
        if (!PermitRules.IsValidPeriod(p.Type, from, until))
            errors["validUntil"] = [$"At most {PermitRules.MaxValidityMonths(p.Type)} months after the start of validity."];
        var conditions = input.SpecialConditions?.Trim();
        if (conditions is { Length: > 2000 }) errors["specialConditions"] = ["At most 2000 characters."];
        if (errors.Count > 0) return Outcome<PermitView>.Invalid("The validity is not valid.", errors);
        if (p.Status != PermitStatus.Approved) return Outcome<PermitView>.Conflict("Only an approved application is issued.");
        var now = clock.GetUtcNow();
        p.ValidFrom = from;
        p.ValidUntil = until;
        if (!string.IsNullOrEmpty(conditions)) p.SpecialConditions = conditions;
        p.IssuedAt = now;
        p.IssuedBy = actor.UserName;
        p.Status = PermitStatus.Issued;
        p.DocumentId = Guid.CreateVersion7(now);
        p.Version++;
        await db.SaveChangesAsync(ct);
        await signer.SignAsync(p.DocumentId.Value, DocumentKind, p.IssuingCountry, PermitDocument.Payload(p), ct);
        var other = p.IssuingCountry == p.ImportingCountry ? p.ExportingCountry : p.ImportingCountry;
        await audit.RecordAsync("permits.issued", RecordType, p.Id.ToString(), AuditRecord(p), $"{p.Number} signed, valid {Iso(from)}–{Iso(until)}", [other], ct);
        await exchange.SendAsync(new Dispatch(Module, RecordType, p.Id.ToString(), p.IssuingCountry, [other], SecretariatCopy: false, "issued",
            "Notification.PermitIssued", [p.Number, p.IssuingCountry, Species(p)], Link(p.Id)), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<PermitView>.Ok(View(p, today));
    }

    /// <summary>
    /// The importing Party's customs validate the shipment against the permit: the quantity actually traded per line, date and port.
    /// The permit is then used (a second use is refused). More than a line's remaining quantity is refused — the shipment is held,
    /// as in EPIX practice — and the refused validation alerts the issuing Party, the importing Party's Management Authority and the
    /// Secretariat (ADR 0022).
    /// </summary>
    public async Task<Outcome<EndorsementResult>> EndorseAsync(Guid id, EndorsementInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var quantities = new Dictionary<int, decimal>();
        if (input.Lines is { Count: > 0 } given)
        {
            if (given.Count > MaxLines) errors["lines"] = [$"At most {MaxLines} lines."];
            for (var i = 0; i < Math.Min(given.Count, MaxLines); i++)
            {
                var prefix = string.Create(CultureInfo.InvariantCulture, $"lines[{i}].");
                if (given[i]?.Line is not (> 0 and <= MaxLines) || quantities.ContainsKey(given[i].Line!.Value)) errors[prefix + "line"] = ["Name each line of the permit once."];
                else if (given[i].QuantityTraded is not (>= 0 and <= 1_000_000_000m)) errors[prefix + "quantityTraded"] = ["The quantity traded is zero or positive."];
                else quantities[given[i].Line!.Value] = given[i].QuantityTraded!.Value;
            }
            if (errors.Count == 0 && quantities.Values.All(q => q == 0)) errors["lines"] = ["The quantity traded must be positive."];
        }
        else if (input.QuantityTraded is not > 0 || input.QuantityTraded > 1_000_000_000m) errors["quantityTraded"] = ["The quantity traded must be positive."];
        else quantities[1] = input.QuantityTraded.Value;
        if (input.TradeDate is not { } date) { errors["tradeDate"] = ["This field is required."]; date = Today; }
        else if (date > Today.AddDays(1)) errors["tradeDate"] = ["The trade date cannot lie in the future."];
        var port = input.Port?.Trim();
        if (string.IsNullOrEmpty(port)) errors["port"] = ["This field is required."];
        else if (port.Length > 300) errors["port"] = ["At most 300 characters."];
        if (errors.Count > 0) return Outcome<EndorsementResult>.Invalid("The endorsement is not complete or not valid.", errors);

        await using var tx = await db.BeginWriteAsync(ct);
        var p = await Visible().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null) return Outcome<EndorsementResult>.NotFound("No such permit.");
        if (actor.PartyCode != p.ImportingCountry) return Outcome<EndorsementResult>.Forbidden("Only the importing Party's customs endorse a permit.");
        var check = PermitRules.CheckEndorsement(p, quantities, date);
        var rules = await db.PermitRiskRules.AsNoTracking().ToListAsync(ct);
        var risk = PermitRules.Score(p, rules, 0, quantities);
        var inv = CultureInfo.InvariantCulture;
        string Presented(IEnumerable<PermitLine> lines) => string.Join("; ", lines.Where(l => quantities.ContainsKey(l.LineNumber))
            .Select(l => string.Create(inv, $"line {l.LineNumber}: {PermitDocument.Num(quantities[l.LineNumber])} {l.Unit} of {PermitDocument.Num(l.RemainingQuantity)}")));
        if (!check.Allowed)
        {
            if (!check.OverQuantity) return Outcome<EndorsementResult>.Conflict(check.Reason!);
            // Recorded as a refused validation (the shipment is held) and committed on its own, with the alerts.
            var over = p.Lines.Where(l => check.OverLines.Contains(l.LineNumber)).ToList();
            await audit.RecordAsync("permits.over-quantity", RecordType, p.Id.ToString(),
                new { p.Number, Refused = true, Port = port, TradeDate = date, Lines = over.Select(l => new { Line = l.LineNumber, Presented = quantities[l.LineNumber], l.RemainingQuantity, l.Unit }) },
                $"{p.Number}: validation refused at {port}, {Presented(over)}", [p.IssuingCountry], ct);
            string[] args = [p.Number, p.ImportingCountry, port!];
            await exchange.SendAsync(new Dispatch(Module, RecordType, p.Id.ToString(), p.ImportingCountry, [p.IssuingCountry], SecretariatCopy: true, "over-quantity",
                "Notification.PermitOverQuantity", args, Link(p.Id)), ct);
            // The exchange does not deliver to the sender; the importing Party's Management Authority is alerted directly.
            await notifier.NotifyPartiesAsync([p.ImportingCountry], Policy(ModuleRightName.Approve), "Notification.PermitOverQuantity", args, Link(p.Id), includeSecretariat: false, email: true, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return Outcome<EndorsementResult>.Conflict(check.Reason!);
        }
        var now = clock.GetUtcNow();
        foreach (var line in p.Lines)
        {
            var q = quantities.GetValueOrDefault(line.LineNumber);
            line.QuantityTraded = q;
            line.RemainingQuantity -= q;
        }
        p.TradeDate = date;
        p.Port = port;
        p.EndorsedAt = now;
        p.EndorsedBy = actor.UserName;
        p.Status = PermitStatus.Used;
        p.Version++;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("permits.endorsed", RecordType, p.Id.ToString(), AuditRecord(p),
            $"{p.Number}: {Presented(p.Lines.OrderBy(l => l.LineNumber))} at {port} on {Iso(date)}, risk {risk.Score.ToString(inv)}", [p.IssuingCountry], ct);
        // The "permit used" event with the actual quantities, to the issuing Party.
        var traded = string.Join("; ", p.Lines.OrderBy(l => l.LineNumber).Where(l => l.QuantityTraded > 0).Select(l => PermitDocument.Num(l.QuantityTraded!.Value) + " " + l.Unit));
        await exchange.SendAsync(new Dispatch(Module, RecordType, p.Id.ToString(), p.ImportingCountry, [p.IssuingCountry], SecretariatCopy: false, "used",
            "Notification.PermitUsed", [p.Number, p.ImportingCountry, traded], Link(p.Id)), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<EndorsementResult>.Ok(new EndorsementResult(View(p, Today), risk));
    }

    private static string Policy(ModuleRightName right) => $"{Module}.{right}";

    private enum ModuleRightName { View, Submit, Approve }

    public Task<Outcome<PermitView>> CancelAsync(Guid id, CancelInput input, CancellationToken ct = default) => CancelAsync(id, input, replace: false, ct);

    /// <summary>Cancels a permit and records a new application with the same parties and lines that names it as replaced; returns the new one.</summary>
    public Task<Outcome<PermitView>> ReplaceAsync(Guid id, CancelInput input, CancellationToken ct = default) => CancelAsync(id, input, replace: true, ct);

    private async Task<Outcome<PermitView>> CancelAsync(Guid id, CancelInput input, bool replace, CancellationToken ct)
    {
        var reason = input.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 2000)
            return Outcome<PermitView>.Invalid("Give the reason.", new Dictionary<string, string[]> { ["reason"] = ["This field is required (at most 2000 characters)."] });
        await using var tx = await db.BeginWriteAsync(ct);
        var (p, failure) = await LoadOwnAsync(id, null, ct);
        if (p is null) return failure!;
        if (p.Status is PermitStatus.Used or PermitStatus.Cancelled or PermitStatus.Rejected) return Outcome<PermitView>.Conflict("A used, rejected or cancelled permit cannot be cancelled.");
        var now = clock.GetUtcNow();
        p.Status = PermitStatus.Cancelled;
        p.CancelledAt = now;
        p.CancelledBy = actor.UserName;
        p.DecisionReason = reason;
        p.Version++;
        await db.SaveChangesAsync(ct);
        var other = p.IssuingCountry == p.ImportingCountry ? p.ExportingCountry : p.ImportingCountry;
        await audit.RecordAsync("permits.cancelled", RecordType, p.Id.ToString(), AuditRecord(p), $"{p.Number}: {reason}", [other], ct);
        if (p.IssuedAt is not null)
            await exchange.SendAsync(new Dispatch(Module, RecordType, p.Id.ToString(), p.IssuingCountry, [other], SecretariatCopy: false, "cancelled",
                "Notification.PermitCancelled", [p.Number, p.IssuingCountry], Link(p.Id)), ct);
        var result = p;
        if (replace)
        {
            var newId = Guid.CreateVersion7(now);
            var copy = new Permit
            {
                Id = newId, Number = await NextNumberAsync(p.IssuingCountry, p.Type, now, ct), Type = p.Type,
                IssuingCountry = p.IssuingCountry, ExportingCountry = p.ExportingCountry, ImportingCountry = p.ImportingCountry,
                ExporterName = p.ExporterName, ExporterAddress = p.ExporterAddress, ImporterName = p.ImporterName, ImporterAddress = p.ImporterAddress,
                CountryOfOrigin = p.CountryOfOrigin, Purpose = p.Purpose, OriginalPermitNumber = p.OriginalPermitNumber, SpecialConditions = p.SpecialConditions,
                ReplacesPermitNumber = p.Number, AppliedAt = now, AppliedBy = actor.UserName, Year = now.Year, Version = 1, AdviceRequired = p.AdviceRequired,
                // A replacement keeps a positive advice already given for the same specimens.
                AdvicePositive = p.AdvicePositive, AdviceNote = p.AdviceNote, AdviceBy = p.AdviceBy, AdviceAt = p.AdviceAt,
                Lines = p.Lines.OrderBy(l => l.LineNumber).Select(l => new PermitLine
                {
                    PermitId = newId, LineNumber = l.LineNumber, ScientificName = l.ScientificName, CommonName = l.CommonName, Appendix = l.Appendix,
                    Source = l.Source, Description = l.Description, Quantity = l.Quantity, Unit = l.Unit, RemainingQuantity = l.Quantity,
                }).ToList(),
            };
            copy.Status = copy.AdviceRequired && copy.AdvicePositive != true ? PermitStatus.AwaitingAdvice : PermitStatus.Applied;
            db.Permits.Add(copy);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync("permits.applied", RecordType, copy.Id.ToString(), AuditRecord(copy), $"{copy.Number} replaces {p.Number}", [], ct);
            result = copy;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<PermitView>.Ok(View(result, Today));
    }

    /// <summary>The permit's deliveries to the other Party and the Secretariat, with the webhook deliveries to national systems; a Party sees those it sent or received.</summary>
    public async Task<List<PermitDelivery>?> DeliveriesAsync(Guid id, CancellationToken ct = default)
    {
        if (!await Visible().AnyAsync(p => p.Id == id, ct)) return null;
        var key = id.ToString();
        var party = actor.PartyCode;
        var deliveries = await db.Deliveries.AsNoTracking()
            .Where(d => d.RecordType == RecordType && d.RecordId == key && (party == null || d.SenderPartyCode == party || d.RecipientPartyCode == party))
            .OrderBy(d => d.Id).ToListAsync(ct);
        var ids = deliveries.Select(d => (long?)d.Id).ToList();
        var hooks = await (
            from f in db.FeedItems
            join w in db.WebhookDeliveries on f.Id equals w.FeedItemId
            where f.RecordType == RecordType && f.RecordId == key && ids.Contains(f.DeliveryId)
            orderby w.Id
            select new { f.DeliveryId, f.Event, w.State, w.Attempts, w.DeliveredAt, w.Warnings, w.LastError }).AsNoTracking().ToListAsync(ct);
        var events = await db.FeedItems.AsNoTracking().Where(f => f.RecordType == RecordType && f.RecordId == key && ids.Contains(f.DeliveryId))
            .Select(f => new { f.DeliveryId, f.Event }).ToListAsync(ct);
        return deliveries.Select(d => new PermitDelivery(
            string.Join(", ", events.Where(e => e.DeliveryId == d.Id).Select(e => e.Event).Distinct()),
            d.RecipientPartyCode == Delivery.SecretariatRecipient ? "Secretariat" : d.RecipientPartyCode, d.State.ToString(), d.CreatedAt, d.DeliveredAt,
            hooks.Where(h => h.DeliveryId == d.Id).Select(h => new PermitWebhookDelivery(h.State.ToString(), h.Attempts, h.DeliveredAt,
                WebhookDelivery.SplitWarnings(h.Warnings), h.LastError)).ToList())).ToList();
    }

    public async Task<RiskScore?> RiskAsync(Guid id, decimal? quantity, CancellationToken ct = default)
    {
        var p = await Visible().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null) return null;
        var rules = await db.PermitRiskRules.AsNoTracking().ToListAsync(ct);
        var earlier = await db.Permits.AsNoTracking().CountAsync(x => x.ExporterName == p.ExporterName && x.Status == PermitStatus.Cancelled, ct);
        return PermitRules.Score(p, rules, earlier, quantity is { } q ? new Dictionary<int, decimal> { [1] = q } : null);
    }

    public async Task<List<PermitRiskRule>> RiskRulesAsync(CancellationToken ct = default) => await db.PermitRiskRules.AsNoTracking().OrderBy(r => r.Kind).ThenBy(r => r.Value).ToListAsync(ct);

    public async Task<Outcome<PermitRiskRule>> AddRiskRuleAsync(RiskRuleInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var kinds = new[] { "species", "appendix", "country", "source", "quantity-over", "trader" };
        if (input.Kind is null || !kinds.Contains(input.Kind)) errors["kind"] = ["One of " + string.Join(", ", kinds) + "."];
        var value = input.Value?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > 200) errors["value"] = ["This field is required (at most 200 characters)."];
        if (input.Score is not (>= 0 and <= 100)) errors["score"] = ["Between 0 and 100."];
        if (errors.Count > 0) return Outcome<PermitRiskRule>.Invalid("The rule is not valid.", errors);
        await using var tx = await db.BeginWriteAsync(ct);
        var rule = new PermitRiskRule { Id = Guid.CreateVersion7(clock.GetUtcNow()), Kind = input.Kind!, Value = value!, Score = input.Score!.Value };
        db.PermitRiskRules.Add(rule);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("permits.risk-rule-added", "PermitRiskRule", rule.Id.ToString(), rule, $"{rule.Kind} {rule.Value} +{rule.Score}", [], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<PermitRiskRule>.Ok(rule);
    }

    /// <summary>The audit trail of one permit (who did what, when), for those who may see it.</summary>
    public async Task<List<(DateTimeOffset At, string Action, string? Who, string? Details)>> HistoryAsync(Guid id, CancellationToken ct = default)
    {
        if (!await Visible().AnyAsync(p => p.Id == id, ct)) return [];
        var key = id.ToString();
        var rows = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == RecordType && e.EntityId == key).OrderBy(e => e.Sequence).ToListAsync(ct);
        return rows.Select(e => (e.Timestamp, e.Action, (string?)e.UserName, e.Details)).ToList();
    }

    private static object AuditRecord(Permit p) => new
    {
        p.Number, p.Type, p.Status, p.IssuingCountry, p.ExportingCountry, p.ImportingCountry, p.Purpose, p.ValidFrom, p.ValidUntil, p.Port, p.Version, p.ReplacesPermitNumber,
        Lines = p.Lines.OrderBy(l => l.LineNumber).Select(l => new { Line = l.LineNumber, l.ScientificName, l.Appendix, l.Source, l.Quantity, l.Unit, l.RemainingQuantity, l.QuantityTraded }),
    };

    public static string Link(Guid id) => $"/Permits/Details?id={id}";

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The signed content of a permit: the Resolution Conf. 12.3 fields, as canonical JSON.</summary>
public static class PermitDocument
{
    public static string Payload(Permit p) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["documentType"] = "CITES " + p.Type, ["number"] = p.Number, ["issuingCountry"] = p.IssuingCountry, ["exportingCountry"] = p.ExportingCountry,
        ["importingCountry"] = p.ImportingCountry, ["exporter"] = p.ExporterName + ", " + p.ExporterAddress, ["importer"] = p.ImporterName + ", " + p.ImporterAddress,
        ["countryOfOrigin"] = p.CountryOfOrigin, ["purpose"] = p.Purpose,
        // Since PermitLines (ADR 0022) the specimens are a list; documents signed before keep their single-line members and still verify.
        ["lines"] = p.Lines.OrderBy(l => l.LineNumber).Select(l => new Dictionary<string, object?>
        {
            ["line"] = l.LineNumber, ["scientificName"] = l.ScientificName, ["commonName"] = l.CommonName, ["appendix"] = l.Appendix, ["source"] = l.Source,
            ["description"] = l.Description, ["quantity"] = Num(l.Quantity), ["unit"] = l.Unit,
        }).ToList(),
        ["replacesPermitNumber"] = p.ReplacesPermitNumber,
        ["originalPermitNumber"] = p.OriginalPermitNumber, ["specialConditions"] = p.SpecialConditions,
        ["validFrom"] = p.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["validUntil"] = p.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["issuedAt"] = p.IssuedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    });

    /// <summary>A quantity without trailing zeros, whatever the provider's scale: 20, 12.5.</summary>
    public static string Num(decimal d) => d.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>What the public verification page shows of a permit: what a border officer needs, nothing about the parties' addresses.</summary>
public sealed class PermitDocumentStatus(CordonDbContext db, TimeProvider clock) : IJoinedDocumentStatusSource
{
    public string Kind => PermitsService.DocumentKind;

    public async Task<DocumentFacts?> FactsAsync(Guid documentId, CancellationToken ct)
    {
        var p = await db.Permits.AsNoTracking().Include(x => x.Lines).FirstOrDefaultAsync(x => x.DocumentId == documentId, ct);
        return p is null ? null : Facts(p);
    }

    /// <summary>The document, its key's state and the permit in one query, its lines in a second: the QR page of a permit.</summary>
    public async Task<DocumentRead?> ReadAsync(Guid documentId, bool withFacts, CancellationToken ct)
    {
        // Plain left joins on indexed keys (a key's fingerprint is unique, a document is one permit's). FirstOrDefault()
        // inside the projection made EF number every row of Permits and SigningKeys (ROW_NUMBER() OVER …) at each call.
        var row = await (
            from doc in db.SignedDocuments.AsNoTracking()
            where doc.Id == documentId
            join k in db.SigningKeys.AsNoTracking() on new { F = doc.KeyFingerprint, A = doc.Authority } equals new { F = k.Fingerprint, A = k.Authority } into keys
            from key in keys.DefaultIfEmpty()
            join p in db.Permits.AsNoTracking() on doc.Id equals p.DocumentId into permits
            from permit in permits.DefaultIfEmpty()
            select new { Document = doc, KeySpki = key == null ? null : key.PublicKeySpki, KeyRevokedAt = key == null ? null : key.RevokedAt, Permit = permit })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        // The lines in a second query (a collection in the projection needs SQL APPLY, which SQLite does not have), and only
        // for the facts shown: the status does not depend on them.
        if (withFacts && row.Permit is { } found)
            found.Lines.AddRange(await db.PermitLines.AsNoTracking().Where(l => l.PermitId == found.Id).ToListAsync(ct));
        var isPermit = row.Document.Kind == Kind;
        var facts = !isPermit || row.Permit is null ? null : withFacts ? Facts(row.Permit) : new DocumentFacts(StatusOf(row.Permit), []);
        return new DocumentRead(row.Document, row.KeySpki, row.KeyRevokedAt, isPermit, facts);
    }

    private DocumentStatus StatusOf(Permit p) => PermitRules.StatusOn(p, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) switch
    {
        "valid" => DocumentStatus.Valid, "used" => DocumentStatus.Used, "expired" => DocumentStatus.Expired, "cancelled" => DocumentStatus.Cancelled, _ => DocumentStatus.Unknown,
    };

    private DocumentFacts Facts(Permit p)
    {
        var status = StatusOf(p);
        var inv = CultureInfo.InvariantCulture;
        var facts = new List<KeyValuePair<string, string>>
        {
            new("Permit number", p.Number), new("Type", p.Type.ToString()), new("Exporting country", p.ExportingCountry), new("Importing country", p.ImportingCountry),
        };
        // One fact per specimen line: what a border officer checks against the shipment.
        foreach (var l in p.Lines.OrderBy(l => l.LineNumber))
            facts.Add(new("Specimens",
                string.Create(inv, $"{l.LineNumber}. {l.ScientificName}, App. {l.Appendix}, {PermitDocument.Num(l.Quantity)} {l.Unit} ({PermitDocument.Num(l.RemainingQuantity)} {l.Unit} remaining)")));
        facts.Add(new("Valid until", p.ValidUntil?.ToString("yyyy-MM-dd", inv) ?? ""));
        return new DocumentFacts(status, facts);
    }
}
