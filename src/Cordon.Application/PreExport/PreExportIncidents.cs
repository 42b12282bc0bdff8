using System.Globalization;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Application.Incidents;
using Cordon.Domain.Incidents;
using Cordon.Domain.PreExport;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.PreExport;

/// <summary>An incident reported from a notification, as the notification's page lists it (only those the caller may see).</summary>
public sealed record LinkedIncidentView(Guid Id, IncidentType Type, DateOnly OccurredOn, string Summary, string ReporterPartyCode, bool Restricted, DateTimeOffset CreatedAt);

/// <summary>
/// "Report as incident" (issues 5 and 6): a notification marked suspicious or stopped becomes an incident in one step. The
/// exporting or importing Party prefills the incident form from the notification; the incident keeps a real link
/// (<see cref="Incident.PreExportNotificationId"/>) and the notification lists its incidents. Each side shows the link only to
/// a viewer who may see the other record.
/// </summary>
public sealed class PreExportIncidents(CordonDbContext db, ICurrentActor actor, ReportIncident report, IncidentChannelMemberships channels)
{
    /// <summary>The incident form filled from the notification; only for the exporting or importing Party, once it is marked.</summary>
    public async Task<Outcome<IncidentInput>> PrefillAsync(Guid notificationId, CancellationToken ct = default)
    {
        var n = await Scoped(notificationId).AsNoTracking().Include(x => x.Lines).FirstOrDefaultAsync(ct);
        if (n is null) return Outcome<IncidentInput>.NotFound("No such notification.");
        if (actor.PartyCode is not { } party || (n.ExportingCountry != party && n.ImportingCountry != party))
            return Outcome<IncidentInput>.Forbidden("The exporting or importing Party reports a notification as an incident.");
        if (n.Mark == PreExportMark.None)
            return Outcome<IncidentInput>.Conflict("Mark the notification as suspicious or stopped before reporting it as an incident.");
        var codes = n.Lines.Select(l => l.SubstanceCode).ToList();
        var names = await db.Substances.AsNoTracking().Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Name, ct);
        return Outcome<IncidentInput>.Ok(Prefill(n, names));
    }

    /// <summary>The prefill, pure: the exporter is the origin, the importer the destination, transit countries in transit.</summary>
    public static IncidentInput Prefill(PreExportNotification n, IReadOnlyDictionary<string, string> substanceNames)
    {
        var inv = CultureInfo.InvariantCulture;
        var countries = new List<IncidentCountryInput> { new(n.ExportingCountry, CountryRole.Origin), new(n.ImportingCountry, CountryRole.Destination) };
        // Countries of an incident become Parties named in it (who see it even when restricted): transit countries of a
        // confidential notification are left out, so they do not receive its commercial details (art. 12(11)).
        if (!n.Confidential) countries.AddRange(n.TransitList.Select(t => new IncidentCountryInput(t, CountryRole.Transit)));
        var companies = new[] { n.ExporterName, n.ImporterName, n.ConsigneeName }.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!).ToList();
        var details = new List<string>();
        if (n.Route is not null) details.Add("Route: " + n.Route);
        if (n.PortOfExit is not null) details.Add("Port of exit: " + n.PortOfExit);
        details.Add("Point of entry: " + n.PointOfEntry);
        details.Add("Dispatch date: " + n.DispatchDate.ToString("yyyy-MM-dd", inv));
        if (n.Packaging is not null) details.Add("Packaging: " + n.Packaging);
        if (n.ExporterReference is not null) details.Add("Exporter's reference: " + n.ExporterReference);
        if (n.ImportPermitReference is not null) details.Add("Import permit: " + n.ImportPermitReference);
        var occurred = n.MarkedAt is { } m ? DateOnly.FromDateTime(m.UtcDateTime) : DateOnly.FromDateTime(n.CreatedAt.UtcDateTime);
        var summary = $"Pre-export notification {n.Reference} ({n.ExportingCountry} → {n.ImportingCountry}) marked {n.Mark} by {n.MarkedBy}: {n.MarkReason}";
        return new IncidentInput(
            IncidentChannel.Precursors,
            n.Mark == PreExportMark.Stopped ? IncidentType.StoppedInTransit : IncidentType.DiversionAttempt,
            occurred,
            n.PointOfEntry,
            summary.Length > 4000 ? summary[..4000] : summary,
            n.Lines.OrderBy(l => l.Id).Select(l => new IncidentSubstanceInput(l.SubstanceCode, substanceNames.GetValueOrDefault(l.SubstanceCode, l.SubstanceCode), l.Quantity, l.Unit, null, null)).ToList(),
            countries,
            companies,
            [],
            string.Join("; ", details),
            null,
            TransportOf(n.TransportMode),
            [],
            [],
            Actionable: n.Mark == PreExportMark.Stopped,
            Language: null,
            // Commercial details of a confidential notification are not for transit countries (art. 12(11)): the incident
            // is then restricted to the exporting and importing Parties (and the Secretariat).
            Restricted: n.Confidential,
            NamedParties: n.Confidential ? [n.ExportingCountry, n.ImportingCountry] : null,
            PreExportReference: n.Reference,
            PreExportNotificationId: n.Id);
    }

    private static TransportMode TransportOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return TransportMode.Unknown;
        foreach (var mode in Enum.GetValues<TransportMode>())
            if (mode != TransportMode.Unknown && text.Contains(mode.ToString(), StringComparison.OrdinalIgnoreCase)) return mode;
        return text.Contains("air", StringComparison.OrdinalIgnoreCase) ? TransportMode.Air
            : text.Contains("ship", StringComparison.OrdinalIgnoreCase) || text.Contains("vessel", StringComparison.OrdinalIgnoreCase) ? TransportMode.Sea
            : text.Contains("truck", StringComparison.OrdinalIgnoreCase) || text.Contains("lorry", StringComparison.OrdinalIgnoreCase) ? TransportMode.Road
            : TransportMode.Other;
    }

    /// <summary>
    /// Reports the incident: what the officer sent, completed from the notification where left empty (substances, countries,
    /// companies, route, dates, reference), always linked to it.
    /// </summary>
    public async Task<Outcome<Incident>> ReportAsync(Guid notificationId, IncidentInput? input, CancellationToken ct = default)
    {
        var prefill = await PrefillAsync(notificationId, ct);
        if (!prefill.Succeeded) return new Outcome<Incident>(null, prefill.Failure, prefill.Message, prefill.Errors);
        var p = prefill.Value!;
        var merged = input is null ? p : new IncidentInput(
            input.Channel ?? p.Channel, input.Type ?? p.Type, input.OccurredOn ?? p.OccurredOn, input.Place ?? p.Place,
            string.IsNullOrWhiteSpace(input.Summary) ? p.Summary : input.Summary,
            input.Substances is { Count: > 0 } ? input.Substances : p.Substances,
            input.Countries is { Count: > 0 } ? input.Countries : p.Countries,
            input.Companies is { Count: > 0 } ? input.Companies : p.Companies,
            input.Persons ?? p.Persons, input.ModusOperandi ?? p.ModusOperandi, input.Concealment ?? p.Concealment,
            input.Transport ?? p.Transport, input.ContainerNumbers ?? p.ContainerNumbers, input.AirwayBills ?? p.AirwayBills,
            input.Actionable || p.Actionable, input.Language ?? p.Language,
            input.Restricted || p.Restricted,
            input.NamedParties is { Count: > 0 } ? input.NamedParties.Concat(p.NamedParties ?? []).ToList() : p.NamedParties,
            p.PreExportReference, notificationId);
        return await report.ReportAsync(merged, ct);
    }

    /// <summary>The incidents reported from a notification that the caller may see (incident visibility applies).</summary>
    public async Task<List<LinkedIncidentView>?> LinkedAsync(Guid notificationId, bool mayViewIncidents, CancellationToken ct = default)
    {
        if (!await Scoped(notificationId).AnyAsync(ct)) return null;
        if (!mayViewIncidents) return [];
        return await db.Incidents.AsNoTracking().VisibleTo(actor.PartyCode, actor.IsSecretariat && actor.PartyCode is null, await channels.ForActorAsync(ct))
            .Where(i => i.PreExportNotificationId == notificationId)
            .OrderBy(i => i.CreatedAt)
            .Select(i => new LinkedIncidentView(i.Id, i.Type, i.OccurredOn, i.Summary, i.ReporterPartyCode, i.Restricted, i.CreatedAt)).ToListAsync(ct);
    }

    /// <summary>
    /// Whether the incident's viewer may follow its link to the notification: the same rule as <see cref="PreExportNotifications.Visible"/>
    /// (exporter, importer, transit countries, Secretariat). Returns the notification's reference, or null.
    /// </summary>
    public async Task<string?> VisibleReferenceAsync(Guid notificationId, CancellationToken ct = default) =>
        await Scoped(notificationId).Select(n => n.Reference).FirstOrDefaultAsync(ct);

    /// <summary>The reference of the notification the reporter's Party may link an incident to (as exporter or importer, once marked), else null.</summary>
    public static Task<string?> LinkableReferenceAsync(CordonDbContext db, Guid notificationId, string reporter, CancellationToken ct) =>
        db.PreExportNotifications.AsNoTracking()
            .Where(n => n.Id == notificationId && (n.ExportingCountry == reporter || n.ImportingCountry == reporter) && n.Mark != PreExportMark.None)
            .Select(n => n.Reference).FirstOrDefaultAsync(ct);

    private IQueryable<PreExportNotification> Scoped(Guid id)
    {
        var party = actor.PartyCode;
        var q = db.PreExportNotifications.Where(n => n.Id == id);
        if (party is null) return actor.IsSecretariat ? q : q.Where(_ => false);
        var marker = ";" + party + ";";
        return q.Where(n => n.ExportingCountry == party || n.ImportingCountry == party || n.TransitCountries.Contains(marker));
    }
}
