using System.Text.Json;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Exchange;
using Cordon.Application.Identity;
using Cordon.Domain.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Incidents;

/// <summary>
/// Corrects or completes an incident after it was reported. Only officers of the reporting Party may; every
/// version is kept (<see cref="IncidentRevision"/>) and audited, the search text and dashboard counters follow
/// the edit, and a significant change (<see cref="IncidentEdits.SignificantFields"/>) is sent to the named
/// Parties (exchange: change feed, webhooks, notifications) and to followers.
/// The pre-export reference is not edited here (it is the link to the notification the incident came from).
/// </summary>
public sealed class EditIncident(CordonDbContext db, ReportIncident report, AuditLog audit, PartyExchange exchange, IncidentAlerting alerting,
    IncidentChannelMemberships channels, ICurrentActor actor, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="expectedVersion">The version the editor read (from If-Match); null when the page posts without one.</param>
    public async Task<Outcome<Incident>> EditAsync(Guid id, IncidentInput input, long? expectedVersion, CancellationToken ct = default)
    {
        if (actor.PartyCode is not { } party) return Outcome<Incident>.NotFound("No such incident of your Party.");
        var incident = await db.Incidents.Include(i => i.Substances).Include(i => i.Countries).Include(i => i.NamedParties).AsSplitQuery()
            .FirstOrDefaultAsync(i => i.Id == id && i.ReporterPartyCode == party, ct);
        var mine = await channels.ChannelsOfAsync(party, ct);
        if (incident is null || !mine.Contains(incident.Channel)) return Outcome<Incident>.NotFound("No such incident of your Party.");
        if (expectedVersion is { } v && v != incident.Version)
            return Outcome<Incident>.PreconditionFailed("The incident was changed since you read it; read it again and reapply your change.");

        // The link to a pre-export notification is set when reporting and never edited.
        var prepared = await report.PrepareAsync(input with { PreExportReference = incident.PreExportReference, PreExportNotificationId = null }, party, incident.ReporterUserId, incident.ReporterAuthorityId, ct);
        if (!prepared.Succeeded) return new Outcome<Incident>(default, prepared.Failure, prepared.Message, prepared.Errors);
        var (after, named) = prepared.Value!;
        var changed = IncidentEdits.Changed(incident, after);
        if (changed.Count == 0) return Outcome<Incident>.Ok(incident);
        var significant = IncidentEdits.IsSignificant(changed);
        var now = clock.GetUtcNow();
        var editor = actor.UserId is { } uid ? await db.Users.AsNoTracking().Where(u => u.Id == uid).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;

        await using var tx = await db.BeginWriteAsync(ct);
        // The first edit also keeps version 1 as it was reported, so that every version is in the history.
        if (!await db.IncidentRevisions.AnyAsync(r => r.IncidentId == id, ct))
        {
            var reporterName = await db.Users.AsNoTracking().Where(u => u.Id == incident.ReporterUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
            db.IncidentRevisions.Add(new IncidentRevision
            {
                IncidentId = id, Version = incident.Version, EditedBy = incident.ReporterUserId, EditorName = reporterName ?? incident.ReporterPartyCode,
                EditorPartyCode = incident.ReporterPartyCode, EditedAt = incident.CreatedAt, Content = Content(incident),
            });
        }
        var counted = IncidentStatistics.Contributions(incident); // what the version before the edit counts for
        incident.Channel = after.Channel;
        incident.Type = after.Type;
        incident.OccurredOn = after.OccurredOn;
        incident.Year = after.Year;
        incident.Place = after.Place;
        incident.Summary = after.Summary;
        incident.ModusOperandi = after.ModusOperandi;
        incident.Concealment = after.Concealment;
        incident.Transport = after.Transport;
        incident.Companies = after.Companies;
        incident.Persons = after.Persons;
        incident.ContainerNumbers = after.ContainerNumbers;
        incident.AirwayBills = after.AirwayBills;
        incident.Actionable = after.Actionable;
        incident.Language = after.Language;
        incident.Restricted = after.Restricted;
        incident.SearchText = after.SearchText;
        incident.Version++;
        // The rows of substances, countries and named Parties are the current version's; earlier ones are in the revisions.
        db.IncidentSubstances.RemoveRange(incident.Substances);
        db.IncidentCountries.RemoveRange(incident.Countries);
        db.IncidentParties.RemoveRange(incident.NamedParties);
        incident.Substances.Clear();
        incident.Countries.Clear();
        incident.NamedParties.Clear();
        incident.Substances.AddRange(after.Substances);
        incident.Countries.AddRange(after.Countries);
        incident.NamedParties.AddRange(after.NamedParties);
        incident.FacetKeys = IncidentFacets.Of(incident);
        db.IncidentRevisions.Add(new IncidentRevision
        {
            IncidentId = id, Version = incident.Version, EditedBy = actor.UserId ?? Guid.Empty, EditorName = editor ?? actor.UserName ?? party,
            EditorPartyCode = party, EditedAt = now, ChangedFields = string.Join(',', changed), Significant = significant, Content = Content(incident),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<Incident>.PreconditionFailed("The incident was changed since you read it; read it again and reapply your change.");
        }
        await audit.RecordAsync("incident.edited", "Incident", id.ToString(), new { incident.Version, Changed = changed, Content = ReportIncident.Snapshot(incident) },
            $"v{incident.Version}: {string.Join(", ", changed)}", named.Append(party), ct);
        if (significant) await AlertAsync(incident, named, changed, ct);
        IncidentStatisticsWriter.Add(db, counted, IncidentStatistics.Contributions(incident));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<Incident>.Ok(incident);
    }

    /// <summary>Named Parties (of the channel) through the exchange; followers and their digests like a new incident's.</summary>
    private async Task AlertAsync(Incident incident, IReadOnlyList<string> named, IReadOnlyList<string> changed, CancellationToken ct)
    {
        var link = $"/Incidents/History?id={incident.Id}";
        var title = ReportIncident.Abridge(incident.Summary);
        var what = string.Join(", ", changed);
        var recipients = await channels.InChannelAsync(named, incident.Channel, ct);
        string[] args = [incident.ReporterPartyCode, title, what];
        await exchange.SendAsync(new Dispatch("Incidents", "Incident", incident.Id.ToString(), incident.ReporterPartyCode, recipients, SecretariatCopy: false,
            "updated", "Notification.IncidentUpdated", args, link) { EmailUsers = (users, c) => alerting.EmailByChoiceAsync(users, "Notification.IncidentUpdated", args, link, c) }, ct);
        var plan = IncidentAlerts.Plan(incident, named, await ReportIncident.FollowersAsync(db, channels, incident, ct));
        var users = plan.Followers.Where(u => u != actor.UserId).ToList();
        await alerting.AlertAsync(users, "Notification.IncidentUpdated", [incident.ReporterPartyCode, title, what], link, ct);
    }

    internal static string Content(Incident incident) => JsonSerializer.Serialize(ReportIncident.Snapshot(incident), Json);
}
