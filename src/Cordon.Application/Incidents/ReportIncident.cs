using Cordon.Application.Reference;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Exchange;
using Cordon.Application.Identity;
using Cordon.Application.Notifications;
using Cordon.Domain.Incidents;
using Cordon.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Incidents;

internal sealed record PreparedIncident(Incident Incident, IReadOnlyList<string> Named);

/// <summary>
/// Reports an incident: validates it, stores it with its search text, alerts the named Parties (through the
/// exchange: deliveries, change feed, webhooks, live notifications), the followers of its substances,
/// countries and companies, and the owners of saved searches it matches; all in one transaction.
/// </summary>
public sealed class ReportIncident(CordonDbContext db, AuditLog audit, PartyExchange exchange, IncidentAlerting alerting, IncidentChannelMemberships channels, ICurrentActor actor, TimeProvider clock)
{
    public const int MaxSubstances = 20;
    public const int MaxListItems = 50;
    public static readonly string[] Languages = ["en", "fr", "ru", "es"];

    public async Task<Outcome<Incident>> ReportAsync(IncidentInput input, CancellationToken ct = default)
    {
        if (actor.PartyCode is not { } reporter) return Outcome<Incident>.Forbidden("Incidents are reported by officers of a Party.");
        return await ReportForAsync(input, reporter, actor.UserId ?? Guid.Empty, actor.AuthorityId, ct);
    }

    /// <summary>Reports on behalf of the given officer (the demo seeder uses it directly).</summary>
    public async Task<Outcome<Incident>> ReportForAsync(IncidentInput input, string reporter, Guid reporterUserId, Guid? reporterAuthorityId, CancellationToken ct = default)
    {
        var prepared = await PrepareAsync(input, reporter, reporterUserId, reporterAuthorityId, ct);
        if (!prepared.Succeeded) return new Outcome<Incident>(default, prepared.Failure, prepared.Message, prepared.Errors);
        var (incident, named) = prepared.Value!;
        await using var tx = await db.BeginWriteAsync(ct);
        // One save for the incident, its audit entry, deliveries, alerts and counter deltas, with the ledger's pending row:
        // the commit saves them all in one round trip of writes.
        db.Incidents.Add(incident);
        await audit.RecordAsync("incident.reported", "Incident", incident.Id.ToString(), Snapshot(incident), $"{incident.Channel} {incident.Type}", named.Append(reporter), ct);
        await AlertAsync(incident, named, ct);
        IncidentStatisticsWriter.Add(db, [], IncidentStatistics.Contributions(incident));
        // Inside an outer transaction (which commits later) it is saved now, as a caller may read it before then.
        if (!tx.OwnsTransaction) await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<Incident>.Ok(incident);
    }

    /// <summary>Validates the input and builds the incident (not stored) with its search text and named Parties; the edit uses it too.</summary>
    internal async Task<Outcome<PreparedIncident>> PrepareAsync(IncidentInput input, string reporter, Guid reporterUserId, Guid? reporterAuthorityId, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (input.Channel is not { } channel || !Enum.IsDefined(channel)) { errors["channel"] = ["Choose the channel."]; channel = default; }
        else if (!(await channels.ChannelsOfAsync(reporter, ct)).Contains(channel))
            return Outcome<PreparedIncident>.Forbidden("Your Party does not take part in this channel.");
        if (input.Type is not { } type || !Enum.IsDefined(type)) { errors["type"] = ["Choose the type of incident."]; type = default; }
        if (input.OccurredOn is not { } occurredOn) { errors["occurredOn"] = ["Enter the date of the incident."]; occurredOn = today; }
        else if (occurredOn > today || occurredOn.Year < 1990) errors["occurredOn"] = ["The date of the incident cannot be in the future or before 1990."];
        if (string.IsNullOrWhiteSpace(input.Summary)) errors["summary"] = ["Describe the incident."];
        else if (input.Summary.Length > 4000) errors["summary"] = ["The description is too long (4,000 characters at most)."];
        if (input.Transport is { } tm && !Enum.IsDefined(tm)) errors["transport"] = ["Choose a transport mode."];
        var language = string.IsNullOrWhiteSpace(input.Language) ? "en" : input.Language.Trim().ToLowerInvariant();
        if (!Languages.Contains(language)) errors["language"] = ["The language must be en, fr, ru or es."];
        if (Longer(input.Place, 300) || Longer(input.ModusOperandi, 4000) || Longer(input.Concealment, 2000) || Longer(input.PreExportReference, 100))
            errors["text"] = ["A text field is too long."];

        var substanceInputs = (input.Substances ?? []).Where(s => !string.IsNullOrWhiteSpace(s.Code) || !string.IsNullOrWhiteSpace(s.Name)).ToList();
        if (substanceInputs.Count == 0) errors["substances"] = ["Name at least one substance."];
        if (substanceInputs.Count > MaxSubstances) errors["substances"] = ["At most 20 substances per incident."];
        // Substances, countries and Parties from the in-memory reference snapshot (ADR 19), not three reads per report.
        var snapshot = await ReferenceCache.GetAsync(db, ct);
        var known = substanceInputs.Where(s => !string.IsNullOrWhiteSpace(s.Code)).Select(s => s.Code!.Trim()).Distinct()
            .Select(c => snapshot.SubstancesByCode.GetValueOrDefault(c)).OfType<ControlledSubstance>().ToDictionary(s => s.Code, StringComparer.Ordinal);
        var substances = new List<IncidentSubstance>();
        foreach (var s in substanceInputs)
        {
            var code = s.Code?.Trim();
            ControlledSubstance? reference = null;
            if (!string.IsNullOrEmpty(code) && !known.TryGetValue(code, out reference)) { errors["substances"] = ["A substance is not in the reference lists; leave its code empty and give its name."]; continue; }
            var unit = string.IsNullOrWhiteSpace(s.Unit) ? null : UnitOfMeasure.Find(s.Unit);
            if (!string.IsNullOrWhiteSpace(s.Unit) && unit is null) errors["substances"] = ["Unknown unit of measure."];
            if (s.Quantity is < 0) errors["substances"] = ["A quantity cannot be negative."];
            if (s.Quantity is not null && unit is null) errors["substances"] = ["Give the unit of each quantity."];
            if (s.PurityPercent is < 0 or > 100) errors["substances"] = ["Purity is a percentage between 0 and 100."];
            if (Longer(s.Name, 300) || Longer(s.Form, 100)) errors["substances"] = ["A substance name or form is too long."];
            substances.Add(new IncidentSubstance
            {
                SubstanceCode = reference?.Code, Name = reference?.Name ?? s.Name!.Trim(), Quantity = s.Quantity, Unit = unit?.Code,
                Form = string.IsNullOrWhiteSpace(s.Form) ? null : s.Form.Trim(), PurityPercent = s.PurityPercent,
            });
        }

        var countryInputs = (input.Countries ?? []).Select(c => new IncidentCountryInput((c.Code ?? "").Trim().ToUpperInvariant(), c.Role)).ToList();
        if (countryInputs.Any(c => !Enum.IsDefined(c.Role))) errors["countries"] = ["Unknown country role."];
        countryInputs.Add(new IncidentCountryInput(reporter, CountryRole.Reporting));
        countryInputs = countryInputs.Distinct().ToList();
        if (countryInputs.Count > MaxListItems) errors["countries"] = ["Too many countries."];
        var countryCodes = countryInputs.Select(c => c.Code).Distinct().ToList();
        var countries = countryCodes.Select(c => snapshot.Countries.GetValueOrDefault(c)).OfType<Country>().ToList();
        if (countries.Count != countryCodes.Count) errors["countries"] = ["Use ISO 3166-1 alpha-2 country codes, e.g. IN."];

        var parties = snapshot.PartyCodes;
        var explicitParties = (input.NamedParties ?? []).Select(p => (p ?? "").Trim().ToUpperInvariant()).Where(p => p.Length > 0).ToList();
        if (explicitParties.Any(p => !parties.Contains(p))) errors["namedParties"] = ["A named Party does not take part in Cordon."];

        var lists = new[] { input.Companies, input.Persons, input.ContainerNumbers, input.AirwayBills };
        if (lists.Any(l => l is not null && (l.Count > MaxListItems || l.Any(v => v is { Length: > 300 }))))
            errors["lists"] = ["Too many or too long companies, persons, container or airway-bill numbers."];

        // A link to a pre-export notification: only from the exporting or importing Party, once the notification is marked.
        var preExportReference = Clean(input.PreExportReference);
        if (input.PreExportNotificationId is { } notificationId)
        {
            if (await PreExport.PreExportIncidents.LinkableReferenceAsync(db, notificationId, reporter, ct) is { } linked) preExportReference = linked;
            else errors["preExportNotificationId"] = ["Only the exporting or importing Party reports a notification marked suspicious or stopped as an incident."];
        }

        if (errors.Count > 0) return Outcome<PreparedIncident>.Invalid("The incident is not complete or not valid.", errors);

        var now = clock.GetUtcNow();
        var incident = new Incident
        {
            Id = Guid.CreateVersion7(now), Channel = channel, Type = type, OccurredOn = occurredOn, Year = occurredOn.Year,
            Place = Clean(input.Place), Summary = input.Summary!.Trim(), ModusOperandi = Clean(input.ModusOperandi), Concealment = Clean(input.Concealment),
            Transport = input.Transport ?? TransportMode.Unknown,
            Companies = Incident.JoinList(input.Companies ?? []), Persons = Incident.JoinList(input.Persons ?? []),
            ContainerNumbers = Incident.JoinList((input.ContainerNumbers ?? []).Select(c => c.ToUpperInvariant())),
            AirwayBills = Incident.JoinList((input.AirwayBills ?? []).Select(c => c.ToUpperInvariant())),
            Actionable = input.Actionable, Language = language, Restricted = input.Restricted, PreExportReference = preExportReference,
            PreExportNotificationId = input.PreExportNotificationId,
            ReporterPartyCode = reporter, ReporterUserId = reporterUserId, ReporterAuthorityId = reporterAuthorityId, CreatedAt = now, Version = 1,
        };
        incident.Substances.AddRange(substances);
        incident.Countries.AddRange(countryInputs.Select(c => new IncidentCountry { CountryCode = c.Code, Role = c.Role }));
        var named = IncidentAlerts.NamedParties(explicitParties, countryCodes, parties, reporter);
        incident.NamedParties.AddRange(named.Select(p => new IncidentParty { PartyCode = p }));
        incident.SearchText = IncidentSearchText.Build(incident,
            known.Values.SelectMany(s => s.SynonymList.Append(s.Name).Append(s.Cas ?? "")),
            countries.SelectMany(c => new[] { c.Alpha2, c.NameEn, c.NameFr, c.NameRu, c.NameEs }));
        incident.FacetKeys = IncidentFacets.Of(incident);

        return Outcome<PreparedIncident>.Ok(new PreparedIncident(incident, named));
    }

    private async Task AlertAsync(Incident incident, IReadOnlyList<string> named, CancellationToken ct)
    {
        var link = $"/Incidents/Details?id={incident.Id}";
        var title = Abridge(incident.Summary);
        // A named Party outside the incident's channel may not read it, so it is not sent it either.
        var recipients = await channels.InChannelAsync(named, incident.Channel, ct);
        string[] args = [incident.ReporterPartyCode, title];
        await exchange.SendAsync(new Dispatch("Incidents", "Incident", incident.Id.ToString(), incident.ReporterPartyCode, recipients, SecretariatCopy: false,
            "reported", "Notification.IncidentReported", args, link) { EmailUsers = (users, c) => alerting.EmailByChoiceAsync(users, "Notification.IncidentReported", args, link, c), NewRecord = true }, ct);

        var plan = IncidentAlerts.Plan(incident, named, await FollowersAsync(db, channels, incident, ct));
        await alerting.AlertAsync(plan.Followers, "Notification.IncidentFollowed", [incident.ReporterPartyCode, title], link, ct);
        await AlertSavedSearchesAsync(incident, named, plan.Followers.ToHashSet(), title, link, ct);
    }

    /// <summary>Followers of the incident's substances, countries and companies whose Party takes part in its channel (the Secretariat always does).</summary>
    internal static async Task<List<Follower>> FollowersAsync(CordonDbContext db, IncidentChannelMemberships channels, Incident incident, CancellationToken ct)
    {
        var substanceCodes = incident.Substances.Where(s => s.SubstanceCode != null).Select(s => s.SubstanceCode!).ToList();
        var countryCodes = incident.Countries.Select(c => c.CountryCode).ToList();
        var companies = incident.CompanyList.Select(Companies.Normalize).ToList();
        // Who follows what changes far less often than incidents are reported: kept between directory changes (ADR 50).
        var key = new FollowKey(string.Join(',', substanceCodes.Order(StringComparer.Ordinal)), string.Join(',', countryCodes.Order(StringComparer.Ordinal)),
            string.Join('\u001f', companies.Order(StringComparer.Ordinal)));
        var follows = await Follows.GetAsync(db, key, (substanceCodes, countryCodes, companies), static async (db, input, ct) =>
            await FollowsOf(db, input.substanceCodes, input.countryCodes, input.companies).ToListAsync(ct), ct);
        var inChannel = (await channels.InChannelAsync(follows.Where(f => f.PartyCode != null).Select(f => f.PartyCode!), incident.Channel, ct)).ToHashSet(StringComparer.Ordinal);
        return follows.Where(f => f.PartyCode is null || inChannel.Contains(f.PartyCode)).ToList();
    }

    /// <summary>
    /// Saved searches the new incident matches. Only the searches whose key (<see cref="SavedSearchKeys"/>) the
    /// incident has are read and tested in full, so the cost follows the number of candidates, not of searches.
    /// </summary>
    private async Task AlertSavedSearchesAsync(Incident incident, IReadOnlyList<string> named, HashSet<Guid> alreadyAlerted, string title, string link, CancellationToken ct)
    {
        var matched = (await MatchSavedSearchesAsync(db, incident, named, ct)).Where(m => alreadyAlerted.Add(m.UserId)).ToList();
        var inChannel = (await channels.InChannelAsync(matched.Where(m => m.PartyCode != null).Select(m => m.PartyCode!), incident.Channel, ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var m in matched.Where(m => m.PartyCode is null || inChannel.Contains(m.PartyCode)))
            await alerting.AlertAsync([m.UserId], "Notification.IncidentSavedSearch", [m.Name, title], link, ct);
    }

    /// <summary>The saved searches (one per user) that a new incident matches and their owners may see, found by key (<see cref="SavedSearchKeys"/>).</summary>
    public static async Task<List<(Guid UserId, string? PartyCode, string Name)>> MatchSavedSearchesAsync(CordonDbContext db, Incident incident, IReadOnlyList<string> named, CancellationToken ct)
    {
        var keys = SavedSearchKeys.Candidates(incident).ToList();
        var matched = new List<(Guid, string?, string)>();
        var users = new HashSet<Guid>();
        await foreach (var s in SavedSearchCandidates(db, incident.ReporterUserId, keys).WithCancellation(ct))
        {
            if (users.Contains(s.UserId)) continue;
            var criteria = IncidentCriteria.Parse(s.Query, out _);
            if (criteria.IsEmpty || !criteria.Matches(incident)) continue;
            if (!IncidentVisibility.CanSee(incident.Restricted, incident.ReporterPartyCode, named, s.PartyCode, s.PartyCode is null)) continue;
            users.Add(s.UserId);
            matched.Add((s.UserId, s.PartyCode, s.Name));
        }
        return matched;
    }

    private sealed record FollowKey(string Substances, string Countries, string Companies);

    private static readonly DirectoryCache<FollowKey, List<Follower>> Follows = new(capacity: 10_000);

    // Compiled (ADR 45): built, parameterized and looked up once, not on every report.
    private static readonly Func<CordonDbContext, List<string>, List<string>, List<string>, IAsyncEnumerable<Follower>> FollowsOf =
        EF.CompileAsyncQuery((CordonDbContext db, List<string> substanceCodes, List<string> countryCodes, List<string> companies) =>
            db.IncidentFollows.AsNoTracking()
                .Where(f => (f.Kind == FollowKind.Substance && substanceCodes.Contains(f.Value))
                            || (f.Kind == FollowKind.Country && countryCodes.Contains(f.Value))
                            || (f.Kind == FollowKind.Company && companies.Contains(f.Value)))
                .Select(f => new Follower(f.UserId, f.PartyCode, f.PartyCode == null, f.Kind, f.Value)));

    private static readonly Func<CordonDbContext, Guid, List<string>, IAsyncEnumerable<SavedSearchCandidate>> SavedSearchCandidates =
        EF.CompileAsyncQuery((CordonDbContext db, Guid reporter, List<string> keys) =>
            db.IncidentSavedSearches.AsNoTracking()
                .Where(s => s.UserId != reporter && (s.MatchKey == null || keys.Contains(s.MatchKey)))
                .Select(s => new SavedSearchCandidate(s.UserId, s.PartyCode, s.Name, s.Query)));

    private sealed record SavedSearchCandidate(Guid UserId, string? PartyCode, string Name, string Query);

    public static object Snapshot(Incident i) => new
    {
        i.Id, i.Channel, i.Type, i.OccurredOn, i.Place, i.Summary, i.ModusOperandi, i.Concealment, i.Transport, i.Companies, i.Persons,
        i.ContainerNumbers, i.AirwayBills, i.Actionable, i.Language, i.Restricted, i.ReporterPartyCode, i.PreExportReference, i.PreExportNotificationId,
        Substances = i.Substances.Select(s => new { s.SubstanceCode, s.Name, s.Quantity, s.Unit, s.Form, s.PurityPercent }),
        Countries = i.Countries.Select(c => new { c.CountryCode, c.Role }),
        Parties = i.NamedParties.Select(p => p.PartyCode),
    };

    public static string Abridge(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private static bool Longer(string? value, int max) => value is not null && value.Length > max;

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
