using System.Globalization;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Reference;
using Cordon.Application.Exchange;
using Cordon.Application.Identity;
using Cordon.Application.Notifications;
using Cordon.Domain.Exchange;
using Cordon.Domain.PreExport;
using Cordon.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.PreExport;

/// <summary>
/// Pre-export notifications: filing, reading (scoped to exporter, importer, transit countries and the Secretariat),
/// acknowledging, answering, marking as suspicious or stopped, and recording shipments of multi-shipment notifications.
/// </summary>
public sealed class PreExportNotifications(CordonDbContext db, ICurrentActor actor, AuditLog audit, PartyExchange exchange, Notifier notifier, TimeProvider clock)
{
    public const string Module = "PreExport";
    public const string RecordType = "PreExportNotification";

    // Every filing reads the importing country's invocations of article 12(10)(a), which change a few times a year: kept in
    // memory between the register's change signals, as the directory is (ADR 0053).
    private static readonly DirectoryCache<string, IReadOnlyList<Invocation>> Invocations = new(capacity: 1_000);

    private static readonly Func<CordonDbContext, string, IAsyncEnumerable<Invocation>> InvocationsOf =
        EF.CompileAsyncQuery((CordonDbContext db, string country) => db.PreExportInvocations.AsNoTracking().Where(i => i.CountryCode == country));

    private Task<IReadOnlyList<Invocation>> InvocationsOfAsync(string country, CancellationToken ct) =>
        Invocations.GetAsync(db, country, async (db, country, ct) => (IReadOnlyList<Invocation>)await InvocationsOf(db, country).ToListAsync(ct), ct);

    /// <summary>The notifications the caller may see, filtered at the data level.</summary>
    public IQueryable<PreExportNotification> Visible()
    {
        var party = actor.PartyCode;
        if (party is null) return actor.IsSecretariat ? db.PreExportNotifications : db.PreExportNotifications.Where(_ => false);
        var marker = ";" + party + ";";
        return db.PreExportNotifications.Where(n => n.ExportingCountry == party || n.ImportingCountry == party || n.TransitCountries.Contains(marker));
    }

    public PreExportRole RoleOf(PreExportNotification n)
    {
        var party = actor.PartyCode;
        if (party is null) return PreExportRole.Secretariat;
        if (n.ExportingCountry == party) return PreExportRole.Exporter;
        if (n.ImportingCountry == party) return PreExportRole.Importer;
        return PreExportRole.Transit;
    }

    public async Task<NotificationView?> GetAsync(Guid id, CancellationToken ct = default)
    {
        var n = await Visible().AsNoTracking().Include(x => x.Lines).Include(x => x.Shipments).FirstOrDefaultAsync(x => x.Id == id, ct);
        return n is null ? null : await ViewAsync(n, ct);
    }

    /// <summary>Incoming (to the caller's Party as importer or transit), outgoing (as exporter), marked, or all it may see.</summary>
    public async Task<List<NotificationSummary>> ListAsync(string? direction, PreExportStatus? status, int limit, CancellationToken ct = default)
    {
        var q = Visible().AsNoTracking();
        var party = actor.PartyCode;
        if (party is not null && direction == "incoming") q = q.Where(n => n.ExportingCountry != party);
        if (party is not null && direction == "outgoing") q = q.Where(n => n.ExportingCountry == party);
        if (direction == "marked") q = q.Where(n => n.Mark != PreExportMark.None);
        if (status is { } s) q = q.Where(n => n.Status == s);
        var rows = await q.OrderByDescending(n => n.CreatedAt).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(ct);
        return rows.Select(Summary).ToList();
    }

    public static NotificationSummary Summary(PreExportNotification n) => new(
        n.Id, n.Reference, n.ExportingCountry, n.ImportingCountry, n.TransitList, n.DispatchDate, n.CreatedAt, n.ReplyDeadline,
        n.Status, n.Mark, n.Mandatory, n.Voluntary, n.RequirementWarning is not null);

    /// <summary>Whether an export of these substances to the country would have to be notified (article 12(10)(a)).</summary>
    public async Task<RuleCheck> CheckRuleAsync(string importingCountry, IEnumerable<string> substanceCodes, DateOnly day, CancellationToken ct = default)
    {
        var codes = substanceCodes.ToList();
        var substances = await db.Substances.AsNoTracking().Where(s => codes.Contains(s.Code)).ToListAsync(ct);
        var invocations = await InvocationsOfAsync(importingCountry, ct);
        var reasons = MandatoryNotificationRule.Reasons(invocations.Select(InvocationTerms.Of), importingCountry, substances.Select(Terms), day);
        return new RuleCheck(reasons.Count > 0, reasons);
    }

    private static SubstanceTerms Terms(ControlledSubstance s) =>
        new(s.Code, s.Name, s.Kind != SubstanceKind.Precursor ? null : s.IsInSchedule("I") ? "I" : s.IsInSchedule("II") ? "II" : null);

    public async Task<Outcome<FilingResult>> FileAsync(NewNotification input, CancellationToken ct = default)
    {
        if (actor.PartyCode is not { } exporting) return Outcome<FilingResult>.Forbidden("Only the authority of an exporting Party files a pre-export notification.");
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];
        string? Clean(string? v, int max, string field, bool required)
        {
            var t = v?.Trim();
            if (string.IsNullOrEmpty(t))
            {
                if (required) Error(field, "This field is required.");
                return null;
            }
            if (t.Length > max) Error(field, $"At most {max} characters.");
            return t;
        }

        var importing = input.ImportingCountry?.Trim().ToUpperInvariant();
        var transit = (input.TransitCountries ?? []).Select(c => c?.Trim().ToUpperInvariant() ?? "").Where(c => c.Length > 0).Distinct().ToList();
        var countryCodes = transit.Append(importing ?? "").Where(Country.IsWellFormedAlpha2).ToList();
        var reference = await ReferenceCache.GetAsync(db, ct);
        var known = countryCodes.Where(reference.CountryCodes.Contains).ToList();
        if (importing is null || importing.Length == 0) Error("importingCountry", "This field is required.");
        else if (!known.Contains(importing)) Error("importingCountry", "Enter an ISO 3166-1 alpha-2 country code.");
        else if (importing == exporting) Error("importingCountry", "The importing country must differ from the exporting country.");
        if (transit.Any(t => !known.Contains(t))) Error("transitCountries", "Enter ISO 3166-1 alpha-2 country codes.");
        else if (transit.Contains(exporting) || (importing is not null && transit.Contains(importing))) Error("transitCountries", "A transit country is neither the exporting nor the importing country.");
        else if (transit.Count > 20) Error("transitCountries", "At most 20 transit countries.");

        var exporterName = Clean(input.ExporterName, 300, "exporterName", true);
        var exporterAddress = Clean(input.ExporterAddress, 2000, "exporterAddress", true);
        var importerName = Clean(input.ImporterName, 300, "importerName", true);
        var importerAddress = Clean(input.ImporterAddress, 2000, "importerAddress", true);
        var consigneeName = Clean(input.ConsigneeName, 300, "consigneeName", false);
        var consigneeAddress = Clean(input.ConsigneeAddress, 2000, "consigneeAddress", false);
        var pointOfEntry = Clean(input.PointOfEntry, 300, "pointOfEntry", true);
        var packaging = Clean(input.Packaging, 300, "packaging", false);
        var transport = Clean(input.TransportMode, 300, "transportMode", false);
        var route = Clean(input.Route, 2000, "route", false);
        var portOfExit = Clean(input.PortOfExit, 300, "portOfExit", false);
        var exporterReference = Clean(input.ExporterReference, 300, "exporterReference", false);
        var permitReference = Clean(input.ImportPermitReference, 300, "importPermitReference", false);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (input.DispatchDate is not { } dispatch) { Error("dispatchDate", "This field is required."); dispatch = today; }
        else if (dispatch < today.AddDays(-1)) Error("dispatchDate", "A pre-export notification is filed before dispatch: the date cannot lie in the past.");
        else if (dispatch > today.AddYears(1)) Error("dispatchDate", "The dispatch date lies more than a year ahead.");
        if (input.ReplyWithinDays is { } days && !ReplyDeadline.IsValidDays(days))
            Error("replyWithinDays", $"Between {ReplyDeadline.MinDays} and {ReplyDeadline.MaxDays} days.");
        if (input.MultiShipment)
        {
            if (input.ValidUntil is not { } until) Error("validUntil", "A multi-shipment notification states until when it is valid.");
            else if (!ShipmentBalance.IsValidPeriod(dispatch, until)) Error("validUntil", "A multi-shipment notification covers at most 12 months from the first dispatch.");
        }

        var lines = input.Substances ?? [];
        // The catalogue comes from the cached reference lists, not from a read per filing (ADR 0019).
        var catalogue = reference.Substances.Where(s => s.IsActive && (s.Kind == SubstanceKind.Precursor || s.Kind == SubstanceKind.NonScheduledChemical)).ToList();
        var resolved = new List<(ControlledSubstance Substance, decimal Quantity, UnitOfMeasure Unit)>();
        if (lines.Count == 0) Error("substances", "Name at least one substance with its quantity.");
        else if (lines.Count > 50) Error("substances", "At most 50 substances.");
        else
        {
            for (var i = 0; i < lines.Count; i++)
            {
                var l = lines[i];
                var s = l.Substance is null ? null : catalogue.FirstOrDefault(c => string.Equals(c.Code, l.Substance.Trim(), StringComparison.OrdinalIgnoreCase)) ?? catalogue.FirstOrDefault(c => c.IsKnownAs(l.Substance));
                var unit = UnitOfMeasure.Find(l.Unit);
                if (s is null) Error($"substances[{i}].substance", "Choose a precursor (Table I or II) or a non-scheduled chemical of the reference list.");
                if (l.Quantity is not > 0 || l.Quantity > 1_000_000_000_000m) Error($"substances[{i}].quantity", "The quantity must be positive.");
                if (unit is null) Error($"substances[{i}].unit", "Choose a unit: " + string.Join(", ", UnitOfMeasure.All.Select(u => u.Code)) + ".");
                if (s is not null && unit is not null && l.Quantity is > 0) resolved.Add((s, l.Quantity.Value, unit));
            }
            if (input.MultiShipment && resolved.Select(r => r.Substance.Code).Distinct().Count() > 1)
                Error("substances", "A multi-shipment notification covers one substance.");
        }
        if (errors.Count > 0) return Outcome<FilingResult>.Invalid("The notification is not complete or not valid.", errors);

        await using var tx = await db.BeginWriteAsync(ct);
        var year = now.Year;
        var id = Guid.CreateVersion7(now);
        var invocations = await InvocationsOfAsync(importing!, ct);
        var reasons = MandatoryNotificationRule.Reasons(invocations.Select(InvocationTerms.Of), importing!, resolved.Select(r => Terms(r.Substance)), dispatch);
        var lineRows = resolved.Select(r => new PreExportLine
        {
            NotificationId = id, SubstanceCode = r.Substance.Code, Quantity = r.Quantity, Unit = r.Unit.Code,
            // Litres of a liquid with a known density count in grams too (requirement check, cross-checks, statistics).
            Grams = Cordon.Domain.Monitoring.PrecursorDensities.Grams(r.Quantity, r.Unit.Code, r.Substance.Code) is { } g ? (long)Math.Round(g, MidpointRounding.AwayFromZero) : null,
        }).ToList();
        var warnings = await CheckRequirementsAsync(importing!, dispatch, lineRows, resolved.Select(r => r.Substance).ToList(), ct);

        // Reference numbers run per exporting Party and year, drawn like a sequence so that filings of one Party do not
        // queue until each other's commit (ADR 0042); the migration started each series after the references in use.
        var sequence = await db.NextNumberAsync("preexport.reference", string.Create(CultureInfo.InvariantCulture, $"{exporting}:{year}"), ct);
        var n = new PreExportNotification
        {
            Id = id,
            Reference = string.Create(CultureInfo.InvariantCulture, $"{exporting}-{year}-{sequence:000000}"),
            ExportingCountry = exporting, ImportingCountry = importing!, TransitCountries = PreExportNotification.JoinCountries(transit),
            ExporterName = exporterName!, ExporterAddress = exporterAddress!, ImporterName = importerName!, ImporterAddress = importerAddress!,
            ConsigneeName = consigneeName, ConsigneeAddress = consigneeAddress, Confidential = input.Confidential,
            PointOfEntry = pointOfEntry!, DispatchDate = dispatch, Packaging = packaging, TransportMode = transport, Route = route,
            PortOfExit = portOfExit, ExporterReference = exporterReference, ImportPermitReference = permitReference,
            Voluntary = resolved.All(r => r.Substance.Kind == SubstanceKind.NonScheduledChemical),
            Mandatory = reasons.Count > 0,
            MultiShipment = input.MultiShipment, ValidUntil = input.MultiShipment ? input.ValidUntil : null,
            CreatedAt = now, Year = year, ReplyDeadline = ReplyDeadline.From(now, input.ReplyWithinDays), Status = PreExportStatus.AwaitingReply,
            RequirementWarning = warnings.Count > 0 ? string.Join("\n", warnings.Select(w => w.Describe())) : null,
            Version = 1,
            Lines = lineRows,
        };

        db.PreExportNotifications.Add(n);
        var parties = n.TransitList.Append(n.ImportingCountry).ToList();
        await audit.RecordAsync("preexport.filed", RecordType, n.Id.ToString(), AuditRecord(n), $"{n.Reference} {n.ExportingCountry}→{n.ImportingCountry}", parties, ct);
        await exchange.SendAsync(new Dispatch(Module, RecordType, n.Id.ToString(), exporting, parties, SecretariatCopy: true, "filed",
            "Notification.PreExportFiled", [n.Reference, exporting, n.ImportingCountry, Iso(n.ReplyDeadline)], Link(n.Id)) { NewRecord = true }, ct);
        if (warnings.Count > 0)
            await notifier.NotifyPartiesAsync([n.ImportingCountry, exporting], "PreExport.View", "Notification.PreExportRequirementExceeded",
                [n.Reference, n.ImportingCountry, n.RequirementWarning!], Link(n.Id), includeSecretariat: false, email: false, ct);
        // Commit saves the notification, its deliveries and ledger entries in one batch; inside a batch import (an outer
        // transaction) it is saved now, so that the checks of the following lines see it.
        if (!tx.OwnsTransaction) await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<FilingResult>.Ok(new FilingResult(await ViewAsync(n, ct), reasons, warnings));
    }

    private async Task<List<RequirementFigures>> CheckRequirementsAsync(string importing, DateOnly dispatch, List<PreExportLine> lines, List<ControlledSubstance> substances, CancellationToken ct)
    {
        var warnings = new List<RequirementFigures>();
        var year = dispatch.Year;
        var yearStart = new DateOnly(year, 1, 1);
        var yearEnd = yearStart.AddYears(1);
        foreach (var grp in lines.Where(l => LegitimateRequirementCheck.Applies(l.SubstanceCode) && l.Grams is not null).GroupBy(l => l.SubstanceCode))
        {
            if (await PreExportRegister.RequirementAsync(db, importing, grp.Key, year, ct) is not { } requirement) continue;
            var already = await (
                from l in db.PreExportLines
                join x in db.PreExportNotifications on l.NotificationId equals x.Id
                where x.ImportingCountry == importing && l.SubstanceCode == grp.Key && x.DispatchDate >= yearStart && x.DispatchDate < yearEnd
                      && x.Status != PreExportStatus.Objection && l.Grams != null
                select l.Grams).SumAsync(ct) ?? 0;
            var figures = LegitimateRequirementCheck.Evaluate(grp.Key, substances.First(s => s.Code == grp.Key).Name, year,
                requirement.Kilograms, already / 1000m, grp.Sum(l => l.Grams!.Value) / 1000m);
            if (figures.Exceeded) warnings.Add(figures);
        }
        return warnings;
    }

    public async Task<Outcome<NotificationView>> AcknowledgeAsync(Guid id, CancellationToken ct = default)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var n = await Visible().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (n is null) return Outcome<NotificationView>.NotFound("No such notification.");
        if (RoleOf(n) != PreExportRole.Importer) return Outcome<NotificationView>.Forbidden("Only the importing authority acknowledges receipt.");
        if (n.AcknowledgedAt is null)
        {
            n.AcknowledgedAt = clock.GetUtcNow();
            n.Version++;
            await audit.RecordAsync("preexport.acknowledged", RecordType, n.Id.ToString(), AuditRecord(n), n.Reference, [n.ExportingCountry], ct);
            await exchange.MarkAsync(RecordType, n.Id.ToString(), n.ImportingCountry, DeliveryState.Read, ct);
            await exchange.SendAsync(new Dispatch(Module, RecordType, n.Id.ToString(), n.ImportingCountry, [n.ExportingCountry], SecretariatCopy: false, "acknowledged",
                "Notification.PreExportAcknowledged", [n.Reference, n.ImportingCountry], Link(n.Id)), ct);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return Outcome<NotificationView>.Ok(await ViewByIdAsync(n.Id, ct));
    }

    public async Task<Outcome<NotificationView>> AnswerAsync(Guid id, AnswerInput input, long? expectedVersion = null, CancellationToken ct = default)
    {
        var text = input.Text?.Trim();
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
            return Outcome<NotificationView>.Invalid("Choose an answer.", new Dictionary<string, string[]> { ["kind"] = ["Choose NoObjection, Objection or MoreInformationRequested."] });
        if (kind != PreExportAnswerKind.NoObjection && string.IsNullOrEmpty(text))
            return Outcome<NotificationView>.Invalid("Give the reason or the information you need.", new Dictionary<string, string[]> { ["text"] = ["Give the reason or the information you need."] });
        if (text is { Length: > 2000 })
            return Outcome<NotificationView>.Invalid("The text is too long.", new Dictionary<string, string[]> { ["text"] = ["At most 2000 characters."] });

        await using var tx = await db.BeginWriteAsync(ct);
        var n = await Visible().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (n is null) return Outcome<NotificationView>.NotFound("No such notification.");
        if (RoleOf(n) != PreExportRole.Importer) return Outcome<NotificationView>.Forbidden("Only the importing authority answers a notification.");
        if (expectedVersion is { } v && v != n.Version) return Outcome<NotificationView>.PreconditionFailed("The notification was changed since you read it.");
        if (n.Status is PreExportStatus.NoObjection or PreExportStatus.Objection)
            return Outcome<NotificationView>.Conflict("This notification has already been answered.");
        var now = clock.GetUtcNow();
        n.Status = kind switch
        {
            PreExportAnswerKind.NoObjection => PreExportStatus.NoObjection,
            PreExportAnswerKind.Objection => PreExportStatus.Objection,
            _ => PreExportStatus.MoreInformationRequested,
        };
        n.AnswerText = string.IsNullOrEmpty(text) ? null : text;
        n.AnsweredAt = now;
        n.ResponseSeconds = (long)(now - n.CreatedAt).TotalSeconds;
        n.AcknowledgedAt ??= now;
        n.Version++;
        await audit.RecordAsync("preexport.answered", RecordType, n.Id.ToString(), AuditRecord(n), $"{n.Reference}: {n.Status}", [n.ExportingCountry], ct);
        await exchange.MarkAsync(RecordType, n.Id.ToString(), n.ImportingCountry, kind == PreExportAnswerKind.MoreInformationRequested ? DeliveryState.Read : DeliveryState.Actioned, ct);
        await exchange.SendAsync(new Dispatch(Module, RecordType, n.Id.ToString(), n.ImportingCountry, [n.ExportingCountry], SecretariatCopy: true, "answered",
            "Notification.PreExportAnswered", [n.Reference, n.ImportingCountry, n.Status.ToString()], Link(n.Id)), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<NotificationView>.Ok(await ViewByIdAsync(n.Id, ct));
    }

    /// <summary>
    /// The exporter answers a request for more information: the notification awaits the importer's answer again, with a
    /// new deadline when the exporter gives one (else the old one, or two days when that has passed or is close).
    /// </summary>
    public async Task<Outcome<NotificationView>> ProvideInformationAsync(Guid id, InformationInput input, CancellationToken ct = default)
    {
        var text = input.Text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 2000)
            return Outcome<NotificationView>.Invalid("Give the information requested.", new Dictionary<string, string[]> { ["text"] = ["Give the information requested (at most 2000 characters)."] });
        if (input.ReplyWithinDays is { } d && !ReplyDeadline.IsValidDays(d))
            return Outcome<NotificationView>.Invalid("The reply deadline is not valid.", new Dictionary<string, string[]> { ["replyWithinDays"] = ["Between 1 and 90 days."] });
        await using var tx = await db.BeginWriteAsync(ct);
        var n = await Visible().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (n is null) return Outcome<NotificationView>.NotFound("No such notification.");
        if (RoleOf(n) != PreExportRole.Exporter) return Outcome<NotificationView>.Forbidden("Only the exporting authority provides the information requested.");
        if (n.Status != PreExportStatus.MoreInformationRequested) return Outcome<NotificationView>.Conflict("The importing authority has not requested more information.");
        var now = clock.GetUtcNow();
        n.ExporterInformation = text;
        n.InformationProvidedAt = now;
        n.Status = PreExportStatus.AwaitingReply;
        n.ReminderSentAt = null;
        if (input.ReplyWithinDays is { } days) n.ReplyDeadline = ReplyDeadline.From(now, days);
        else if (n.ReplyDeadline < now + ReplyDeadline.ReminderBefore) n.ReplyDeadline = now + ReplyDeadline.ReminderBefore;
        n.Version++;
        await audit.RecordAsync("preexport.information-provided", RecordType, n.Id.ToString(), AuditRecord(n), n.Reference, [n.ImportingCountry], ct);
        await exchange.SendAsync(new Dispatch(Module, RecordType, n.Id.ToString(), n.ExportingCountry, [n.ImportingCountry], SecretariatCopy: true, "information",
            "Notification.PreExportInformation", [n.Reference, n.ExportingCountry, Iso(n.ReplyDeadline)], Link(n.Id)), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<NotificationView>.Ok(await ViewByIdAsync(n.Id, ct));
    }

    /// <summary>Either side (or a transit country) marks the shipment as suspicious or stopped; the Secretariat is told at once.</summary>
    public async Task<Outcome<NotificationView>> MarkAsync(Guid id, MarkInput input, CancellationToken ct = default)
    {
        var reason = input.Reason?.Trim();
        var errors = new Dictionary<string, string[]>();
        if (input.Kind is not { } kind || kind == PreExportMark.None || !Enum.IsDefined(kind)) errors["kind"] = ["Choose Suspicious or Stopped."];
        if (string.IsNullOrEmpty(reason)) errors["reason"] = ["Give the reason."];
        else if (reason.Length > 2000) errors["reason"] = ["At most 2000 characters."];
        if (errors.Count > 0) return Outcome<NotificationView>.Invalid("The mark needs a kind and a reason.", errors);

        await using var tx = await db.BeginWriteAsync(ct);
        var n = await Visible().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (n is null) return Outcome<NotificationView>.NotFound("No such notification.");
        if (actor.PartyCode is not { } party) return Outcome<NotificationView>.Forbidden("A Party involved in the shipment marks it.");
        n.Mark = input.Kind!.Value;
        n.MarkReason = reason;
        n.MarkedBy = party;
        n.MarkedAt = clock.GetUtcNow();
        n.Version++;
        var involved = n.TransitList.Append(n.ImportingCountry).Append(n.ExportingCountry).ToList();
        await audit.RecordAsync("preexport.marked", RecordType, n.Id.ToString(), AuditRecord(n), $"{n.Reference}: {n.Mark} by {party}: {reason}", involved, ct);
        await exchange.SendAsync(new Dispatch(Module, RecordType, n.Id.ToString(), party, involved, SecretariatCopy: true, "marked",
            "Notification.PreExportMarked", [n.Reference, party, n.Mark.ToString(), reason!], Link(n.Id)), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<NotificationView>.Ok(await ViewByIdAsync(n.Id, ct));
    }

    /// <summary>Records one export against a multi-shipment notification, within its validity and remaining quantity.</summary>
    public async Task<Outcome<NotificationView>> RecordShipmentAsync(Guid id, ShipmentInput input, CancellationToken ct = default)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var n = await Visible().Include(x => x.Lines).Include(x => x.Shipments).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (n is null) return Outcome<NotificationView>.NotFound("No such notification.");
        if (RoleOf(n) != PreExportRole.Exporter) return Outcome<NotificationView>.Forbidden("Only the exporting authority records shipments.");
        if (!n.MultiShipment) return Outcome<NotificationView>.Conflict("This is not a multi-shipment notification.");
        if (n.Status != PreExportStatus.NoObjection) return Outcome<NotificationView>.Conflict("Shipments are recorded once the importing authority has not objected.");
        if (input.ShippedOn is not { } on || input.Quantity is not { } q)
            return Outcome<NotificationView>.Invalid("Give the date and quantity of the shipment.", new Dictionary<string, string[]> { ["shippedOn"] = ["Required."], ["quantity"] = ["Required."] });
        var refusal = ShipmentBalance.Refusal(n.Lines.Sum(l => l.Quantity), n.Shipments.Select(s => s.Quantity), q, on, n.DispatchDate, n.ValidUntil ?? n.DispatchDate);
        if (refusal is not null) return Outcome<NotificationView>.Invalid(refusal, new Dictionary<string, string[]> { ["quantity"] = [refusal] });
        if (input.Reference is { Length: > 100 }) return Outcome<NotificationView>.Invalid("The reference is too long.", new Dictionary<string, string[]> { ["reference"] = ["At most 100 characters."] });
        var shipment = new PreExportShipment { NotificationId = n.Id, ShippedOn = on, Quantity = q, Reference = input.Reference?.Trim(), RecordedAt = clock.GetUtcNow() };
        db.PreExportShipments.Add(shipment);
        n.Version++;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("preexport.shipment-recorded", RecordType, n.Id.ToString(), new { shipment.Id, shipment.NotificationId, shipment.ShippedOn, shipment.Quantity, shipment.Reference },
            $"{n.Reference}: {q.ToString(CultureInfo.InvariantCulture)} on {on:yyyy-MM-dd}", [n.ImportingCountry], ct);
        await exchange.SendAsync(new Dispatch(Module, RecordType, n.Id.ToString(), n.ExportingCountry, n.TransitList.Append(n.ImportingCountry).ToList(), SecretariatCopy: true, "shipment",
            "Notification.PreExportShipment", [n.Reference, n.ExportingCountry], Link(n.Id)), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<NotificationView>.Ok(await ViewByIdAsync(n.Id, ct));
    }

    private async Task<NotificationView> ViewByIdAsync(Guid id, CancellationToken ct)
    {
        var n = await db.PreExportNotifications.AsNoTracking().Include(x => x.Lines).Include(x => x.Shipments).FirstAsync(x => x.Id == id, ct);
        return await ViewAsync(n, ct);
    }

    private async Task<NotificationView> ViewAsync(PreExportNotification n, CancellationToken ct)
    {
        // From the cached reference lists (ADR 0019): every view, including the answer to each filing, names its substances.
        var substances = (await ReferenceCache.GetAsync(db, ct)).SubstancesByCode;
        var role = RoleOf(n);
        var withheld = n.Confidential && role == PreExportRole.Transit;
        var lines = n.Lines.OrderBy(l => l.Id).Select(l =>
        {
            var s = substances.GetValueOrDefault(l.SubstanceCode);
            return new NotificationLineView(l.SubstanceCode, s?.Name ?? l.SubstanceCode, s is null ? null : Terms(s).Table, l.Quantity, l.Unit);
        }).ToList();
        var shipments = n.Shipments.OrderBy(s => s.ShippedOn).ThenBy(s => s.Id).Select(s => new ShipmentView(s.ShippedOn, s.Quantity, s.Reference, s.RecordedAt)).ToList();
        return new NotificationView(
            n.Id, n.Reference, role, n.ExportingCountry, n.ImportingCountry, n.TransitList,
            withheld ? null : n.ExporterName, withheld ? null : n.ExporterAddress, withheld ? null : n.ImporterName, withheld ? null : n.ImporterAddress,
            withheld ? null : n.ConsigneeName, withheld ? null : n.ConsigneeAddress, n.Confidential, withheld,
            lines, n.PointOfEntry, n.DispatchDate, n.Packaging, n.TransportMode, n.Route, n.PortOfExit,
            withheld ? null : n.ExporterReference, withheld ? null : n.ImportPermitReference,
            n.Voluntary, n.Mandatory, n.MultiShipment, n.ValidUntil,
            n.MultiShipment ? ShipmentBalance.Remaining(n.Lines.Sum(l => l.Quantity), n.Shipments.Select(s => s.Quantity)) : null, shipments,
            role == PreExportRole.Transit ? null : n.RequirementWarning,
            n.CreatedAt, n.ReplyDeadline, n.Status, n.AcknowledgedAt, n.AnsweredAt, n.AnswerText, n.ExporterInformation, n.InformationProvidedAt,
            n.Mark, n.MarkReason, n.MarkedBy, n.MarkedAt, n.Version);
    }

    private static object AuditRecord(PreExportNotification n) => new
    {
        n.Id, n.Reference, n.ExportingCountry, n.ImportingCountry, n.TransitCountries, n.DispatchDate, n.Status, n.AnswerText, n.Mark, n.MarkReason,
        n.Mandatory, n.Voluntary, n.Confidential, n.ReplyDeadline, n.Version,
        Lines = n.Lines.Select(l => new { l.SubstanceCode, l.Quantity, l.Unit }).ToList(),
    };

    public static string Link(Guid id) => $"/PreExport/Details?id={id}";

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
