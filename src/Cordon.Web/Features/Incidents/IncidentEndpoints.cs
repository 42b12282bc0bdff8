using System.Globalization;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Incidents;
using Cordon.Domain.Identity;
using Cordon.Domain.Incidents;
using Cordon.Web.Features.Documents;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cordon.Web.Features.Incidents;

public sealed record IncidentSubstanceDto(string? Code, string Name, decimal? Quantity, string? Unit, string? Form, decimal? PurityPercent);

public sealed record IncidentCountryDto(string Code, CountryRole Role);

public sealed record IncidentDto(
    Guid Id, IncidentChannel Channel, IncidentType Type, DateOnly OccurredOn, string? Place, string Summary,
    IReadOnlyList<IncidentSubstanceDto> Substances, IReadOnlyList<IncidentCountryDto> Countries,
    IReadOnlyList<string> Companies, IReadOnlyList<string> Persons, string? ModusOperandi, string? Concealment, TransportMode Transport,
    IReadOnlyList<string> ContainerNumbers, IReadOnlyList<string> AirwayBills, bool Actionable, string Language, bool Restricted,
    IReadOnlyList<string> NamedParties, string? PreExportReference, string ReporterPartyCode, DateTimeOffset CreatedAt,
    Guid? PreExportNotificationId = null)
{
    public static IncidentDto From(Incident i) => new(
        i.Id, i.Channel, i.Type, i.OccurredOn, i.Place, i.Summary,
        i.Substances.Select(s => new IncidentSubstanceDto(s.SubstanceCode, s.Name, s.Quantity, s.Unit, s.Form, s.PurityPercent)).ToList(),
        i.Countries.Select(c => new IncidentCountryDto(c.CountryCode, c.Role)).ToList(),
        i.CompanyList, i.PersonList, i.ModusOperandi, i.Concealment, i.Transport, i.ContainerList, i.AirwayBillList, i.Actionable, i.Language,
        i.Restricted, i.NamedParties.Select(p => p.PartyCode).ToList(), i.PreExportReference, i.ReporterPartyCode, i.CreatedAt);
}

public sealed record IncidentSummaryDto(Guid Id, IncidentChannel Channel, IncidentType Type, DateOnly OccurredOn, string Summary, string ReporterPartyCode,
    IReadOnlyList<string> Substances, IReadOnlyList<string> Countries, bool Actionable, bool Restricted, DateTimeOffset CreatedAt);

/// <param name="TotalIsExact">False when more incidents match than Cordon counts (5,000 by default): <paramref name="Total"/> and every
/// facet count are then lower bounds, counted among the matches found first.</param>
public sealed record IncidentPageDto(IReadOnlyList<IncidentSummaryDto> Items, int Total, int Page, int PageSize, IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets,
    bool TotalIsExact, bool HasNextPage);

public sealed record CommentDto(long Id, string AuthorName, string? PartyCode, string Text, bool RequestsAssistance, DateTimeOffset CreatedAt);

public sealed record NewComment(string? Text, bool RequestsAssistance);

public sealed record NewLink(Guid To, LinkReason Reason);

public sealed record LinkDto(long Id, Guid From, Guid To, LinkReason Reason);

public sealed record NewFollow(FollowKind Kind, string? Value);

public sealed record FollowDto(long Id, FollowKind Kind, string Value);

public sealed record NewSavedSearch(string? Name, string? Q, string? Channel, string? Type, string? Substance, string? Country, string? From, string? To);

public sealed record SavedSearchDto(long Id, string Name, string Query);

public sealed record RevisionDto(long Version, DateTimeOffset EditedAt, string EditorName, string? EditorPartyCode, IReadOnlyList<string> ChangedFields, bool Significant, System.Text.Json.JsonElement Content);

public sealed record AlertPreferenceDto(AlertEmail? Email);

public sealed record ChannelMembershipDto(IncidentChannel Channel, DateTimeOffset JoinedAt, DateTimeOffset? LeftAt);

public sealed record PartyChannelsDto(string Party, IReadOnlyList<IncidentChannel> Channels, IReadOnlyList<ChannelMembershipDto> History);

public static class IncidentEndpoints
{
    public const string ViewPolicy = "Module:Incidents.View";
    public const string SubmitPolicy = "Module:Incidents.Submit";

    public static void MapIncidentsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/incidents").WithTags("Incidents");
        var view = Policies.Module(CordonModule.Incidents, ModuleRight.View);
        var submit = Policies.Module(CordonModule.Incidents, ModuleRight.Submit);
        g.MapAttachmentsApi<IncidentAttachments>("incident", view, submit);

        g.MapGet("/", async Task<Results<Ok<IncidentPageDto>, ProblemHttpResult>> (string? q, string? channel, string? type, string? substance, string? country, string? from, string? to, int? page, IncidentQueries queries, CancellationToken ct) =>
        {
            var errors = new List<string>();
            var criteria = IncidentCriteria.Create(q, channel, type, substance, country, from, to, errors);
            if (errors.Count > 0) return ProblemResults.Invalid("The search is not valid.", errors.ToDictionary(e => e, e => new[] { "This value is not valid." }));
            var r = await queries.SearchAsync(criteria, page ?? 1, ct);
            return TypedResults.Ok(new IncidentPageDto(r.Items.Select(Summary).ToList(), r.Total, r.Page, r.PageSize,
                new Dictionary<string, IReadOnlyList<FacetCount>> { ["channel"] = r.Channels, ["type"] = r.Types, ["substance"] = r.Substances, ["country"] = r.Countries }, r.TotalIsExact, r.HasNextPage));
        }).RequireAuthorization(view).WithName("SearchIncidents")
          .WithSummary("Full-text search (q: words or \"phrases\"; container and airway-bill numbers, substance names and synonyms, companies) with facets channel, type, substance, country and period (from/to, yyyy-MM-dd).");

        g.MapPost("/", async Task<Results<Created<IncidentDto>, ProblemHttpResult>> (IncidentInput body, ReportIncident report, CancellationToken ct) =>
        {
            var outcome = await report.ReportAsync(body, ct);
            if (!outcome.Succeeded) return ProblemResults.From(outcome);
            return TypedResults.Created($"/api/v1/incidents/{outcome.Value!.Id}", IncidentDto.From(outcome.Value));
        }).RequireAuthorization(submit).WithName("ReportIncident")
          .WithSummary("Report an incident. The named Parties and the followers of its substances, countries and companies are alerted. Send an Idempotency-Key.");

        g.MapGet("/{id:guid}", async Task<Results<Ok<IncidentDto>, ProblemHttpResult>> (Guid id, HttpContext http, IncidentQueries queries, Application.PreExport.PreExportIncidents preExport, CancellationToken ct) =>
        {
            var details = await queries.ReadAsync(id, ct);
            if (details is null) return ProblemResults.NotFound("No such incident.");
            Concurrency.SetETag(http, details.Incident.Version);
            var dto = IncidentDto.From(details.Incident);
            // The link to a pre-export notification is shown only to a viewer who may see that notification.
            if (details.Incident.PreExportNotificationId is { } nid)
                dto = await preExport.VisibleReferenceAsync(nid, ct) is null ? dto with { PreExportReference = null } : dto with { PreExportNotificationId = nid };
            return TypedResults.Ok(dto);
        }).RequireAuthorization(view).WithName("ReadIncident");

        g.MapPut("/{id:guid}", async Task<Results<Ok<IncidentDto>, ProblemHttpResult>> (Guid id, IncidentInput body, HttpContext http, IncidentQueries queries, EditIncident edit, CancellationToken ct) =>
        {
            var current = await queries.FindAsync(id, ct);
            if (current is null) return ProblemResults.NotFound("No such incident of your Party.");
            if (Concurrency.CheckIfMatch(http.Request, current.Version) is { } refused) return refused;
            var outcome = await edit.EditAsync(id, body, current.Version, ct);
            if (!outcome.Succeeded) return ProblemResults.From(outcome);
            Concurrency.SetETag(http, outcome.Value!.Version);
            return TypedResults.Ok(IncidentDto.From(outcome.Value));
        }).RequireAuthorization(submit).WithName("EditIncident")
          .WithSummary("Correct or complete an incident of your Party (the whole incident, as reported; the pre-export reference is kept). Needs If-Match with the ETag read. Every version is kept; a significant change alerts the named Parties and followers.");

        g.MapGet("/{id:guid}/history", async Task<Results<Ok<List<RevisionDto>>, ProblemHttpResult>> (Guid id, IncidentQueries queries, CancellationToken ct) =>
        {
            var history = await queries.HistoryAsync(id, ct);
            if (history is null) return ProblemResults.NotFound("No such incident.");
            return TypedResults.Ok(history.Select(r => new RevisionDto(r.Version, r.EditedAt, r.EditorName, r.EditorPartyCode, r.ChangedFieldList, r.Significant,
                System.Text.Json.JsonDocument.Parse(r.Content).RootElement.Clone())).ToList());
        }).RequireAuthorization(view).WithName("IncidentHistory").WithSummary("Every version of the incident, oldest first: who, when, which fields changed, and the content.");

        g.MapGet("/alert-preference", async (IncidentDigests digests, CancellationToken ct) => TypedResults.Ok(new AlertPreferenceDto(await digests.PreferenceAsync(ct))))
            .RequireAuthorization(view).WithName("IncidentAlertPreference");
        g.MapPut("/alert-preference", async Task<Results<Ok<AlertPreferenceDto>, ProblemHttpResult>> (AlertPreferenceDto body, IncidentDigests digests, CancellationToken ct) =>
        {
            if (body.Email is not { } email) return ProblemResults.Invalid("Choose immediate, daily digest or none.", new Dictionary<string, string[]> { ["email"] = ["Choose immediate, daily digest or none."] });
            var outcome = await digests.SetPreferenceAsync(email, ct);
            return outcome.Succeeded ? TypedResults.Ok(new AlertPreferenceDto(outcome.Value)) : ProblemResults.From(outcome);
        }).RequireAuthorization(view).WithName("SetIncidentAlertPreference")
          .WithSummary("E-mails of incident alerts: Immediate, DailyDigest or None. Alerts in the app are sent whatever the choice.");

        g.MapGet("/channels", async (IncidentChannelMemberships channels, CancellationToken ct) => TypedResults.Ok(await channels.ForActorAsync(ct)))
            .RequireAuthorization(view).WithName("MyIncidentChannels").WithSummary("The channels your Party takes part in.");
        g.MapGet("/channels/{code}", async Task<Results<Ok<PartyChannelsDto>, ProblemHttpResult>> (string code, Cordon.Application.Data.CordonDbContext db, IncidentChannelMemberships channels, CancellationToken ct) =>
        {
            code = code.ToUpperInvariant();
            if (!await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Parties, p => p.Code == code, ct)) return ProblemResults.NotFound("No such Party.");
            var history = await channels.HistoryAsync(code, ct);
            return TypedResults.Ok(new PartyChannelsDto(code, await channels.ChannelsOfAsync(code, ct), history.Select(h => new ChannelMembershipDto(h.Channel, h.JoinedAt, h.LeftAt)).ToList()));
        }).RequireAuthorization(Policies.SecretariatAdministrator).WithName("PartyIncidentChannels");
        g.MapPut("/channels/{code}/{channel}", (string code, string channel, IncidentChannelMemberships channels, CancellationToken ct) => SetChannel(code, channel, true, channels, ct))
            .RequireAuthorization(Policies.SecretariatAdministrator).WithName("JoinIncidentChannel").WithSummary("The Party joins the channel (Precursors or NewPsychoactiveSubstances).");
        g.MapDelete("/channels/{code}/{channel}", (string code, string channel, IncidentChannelMemberships channels, CancellationToken ct) => SetChannel(code, channel, false, channels, ct))
            .RequireAuthorization(Policies.SecretariatAdministrator).WithName("LeaveIncidentChannel").WithSummary("The Party leaves the channel: it can no longer read or report to it (history kept).");

        g.MapGet("/{id:guid}/comments", async Task<Results<Ok<List<CommentDto>>, ProblemHttpResult>> (Guid id, IncidentQueries queries, CancellationToken ct) =>
        {
            var details = await queries.ReadAsync(id, ct);
            if (details is null) return ProblemResults.NotFound("No such incident.");
            return TypedResults.Ok(details.Comments.Select(ToDto).ToList());
        }).RequireAuthorization(view).WithName("ListIncidentComments");

        g.MapPost("/{id:guid}/comments", async Task<Results<Created<CommentDto>, ProblemHttpResult>> (Guid id, NewComment body, IncidentFollowUp followUp, CancellationToken ct) =>
        {
            var outcome = await followUp.CommentAsync(id, body.Text, body.RequestsAssistance, ct);
            if (!outcome.Succeeded) return ProblemResults.From(outcome);
            return TypedResults.Created($"/api/v1/incidents/{id}/comments", ToDto(outcome.Value!));
        }).RequireAuthorization(submit).WithName("CommentOnIncident").WithSummary("Comment, or request assistance (requestsAssistance: true); the reporter and the named Parties are alerted.");

        g.MapPost("/{id:guid}/links", async Task<Results<Created<LinkDto>, ProblemHttpResult>> (Guid id, NewLink body, IncidentFollowUp followUp, CancellationToken ct) =>
        {
            var outcome = await followUp.LinkAsync(id, body.To, body.Reason, ct);
            if (!outcome.Succeeded) return ProblemResults.From(outcome);
            var l = outcome.Value!;
            return TypedResults.Created($"/api/v1/incidents/{id}", new LinkDto(l.Id, l.FromIncidentId, l.ToIncidentId, l.Reason));
        }).RequireAuthorization(submit).WithName("LinkIncidents");

        g.MapGet("/dashboard", async (IncidentQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.DashboardAsync(ct)))
            .RequireAuthorization(view).WithName("IncidentDashboard");

        g.MapGet("/dashboard.{format}", async Task<IResult> (string format, IncidentQueries queries, AuditLog audit, CancellationToken ct) =>
        {
            if (TabularHttp.Format(format) is null) return ProblemResults.NotFound();
            var d = await queries.DashboardAsync(ct);
            await audit.RecordNowAsync("incident.dashboard-exported", "Incident", "dashboard", null, null, ct);
            return await TabularHttp.FileAsync(format, "incidents-dashboard", ["section", "key", "key2", "count"], DashboardRows(d), ct);
        }).RequireAuthorization(view).WithName("ExportIncidentDashboard").Produces(200, contentType: "text/csv");

        var follows = g.MapGroup("/follows");
        follows.MapGet("/", async (IncidentFollowing following, CancellationToken ct) =>
            TypedResults.Ok((await following.FollowsAsync(ct)).Select(f => new FollowDto(f.Id, f.Kind, f.Value)).ToList()))
            .RequireAuthorization(view).WithName("ListIncidentFollows");
        follows.MapPost("/", async Task<Results<Created<FollowDto>, ProblemHttpResult>> (NewFollow body, IncidentFollowing following, CancellationToken ct) =>
        {
            var outcome = await following.FollowAsync(body.Kind, body.Value, ct);
            if (!outcome.Succeeded) return ProblemResults.From(outcome);
            var f = outcome.Value!;
            return TypedResults.Created($"/api/v1/incidents/follows/{f.Id}", new FollowDto(f.Id, f.Kind, f.Value));
        }).RequireAuthorization(view).WithName("FollowForIncidents").WithSummary("Follow a substance (code), a country (alpha-2) or a company (name): you are alerted of every new incident involving it.");
        follows.MapDelete("/{id:long}", async Task<Results<NoContent, ProblemHttpResult>> (long id, IncidentFollowing following, CancellationToken ct) =>
            await following.UnfollowAsync(id, ct) ? TypedResults.NoContent() : ProblemResults.NotFound("No such follow of yours."))
            .RequireAuthorization(view).WithName("UnfollowForIncidents");

        var searches = g.MapGroup("/saved-searches");
        searches.MapGet("/", async (IncidentFollowing following, CancellationToken ct) =>
            TypedResults.Ok((await following.SavedSearchesAsync(ct)).Select(s => new SavedSearchDto(s.Id, s.Name, s.Query)).ToList()))
            .RequireAuthorization(view).WithName("ListSavedIncidentSearches");
        searches.MapPost("/", async Task<Results<Created<SavedSearchDto>, ProblemHttpResult>> (NewSavedSearch body, IncidentFollowing following, CancellationToken ct) =>
        {
            var errors = new List<string>();
            var criteria = IncidentCriteria.Create(body.Q, body.Channel, body.Type, body.Substance, body.Country, body.From, body.To, errors);
            if (errors.Count > 0) return ProblemResults.Invalid("The search is not valid.", errors.ToDictionary(e => e, e => new[] { "This value is not valid." }));
            var outcome = await following.SaveSearchAsync(body.Name, criteria, ct);
            if (!outcome.Succeeded) return ProblemResults.From(outcome);
            var s = outcome.Value!;
            return TypedResults.Created($"/api/v1/incidents/saved-searches/{s.Id}", new SavedSearchDto(s.Id, s.Name, s.Query));
        }).RequireAuthorization(view).WithName("SaveIncidentSearch").WithSummary("Save a search; you are alerted when a new incident matches it.");
        searches.MapDelete("/{id:long}", async Task<Results<NoContent, ProblemHttpResult>> (long id, IncidentFollowing following, CancellationToken ct) =>
            await following.DeleteSearchAsync(id, ct) ? TypedResults.NoContent() : ProblemResults.NotFound("No such saved search of yours."))
            .RequireAuthorization(view).WithName("DeleteSavedIncidentSearch");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetChannel(string code, string channel, bool member, IncidentChannelMemberships channels, CancellationToken ct)
    {
        if (!Enum.TryParse<IncidentChannel>(channel, true, out var c) || !Enum.IsDefined(c) || int.TryParse(channel, out _))
            return ProblemResults.Invalid("Unknown channel.", new Dictionary<string, string[]> { ["channel"] = ["Use Precursors or NewPsychoactiveSubstances."] });
        var outcome = await channels.SetAsync(code, c, member, ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
    }

    public static IncidentSummaryDto Summary(Incident i) => new(i.Id, i.Channel, i.Type, i.OccurredOn, i.Summary, i.ReporterPartyCode,
        i.Substances.Select(s => s.Name).ToList(), i.Countries.Select(c => c.CountryCode).Distinct().ToList(), i.Actionable, i.Restricted, i.CreatedAt);

    private static CommentDto ToDto(IncidentComment c) => new(c.Id, c.AuthorName, c.PartyCode, c.Text, c.RequestsAssistance, c.CreatedAt);

    public static IEnumerable<string[]> DashboardRows(Dashboard d)
    {
        static string N(int v) => v.ToString(CultureInfo.InvariantCulture);
        foreach (var y in d.IncidentsPerYear) yield return ["incidents", N(y.Year), y.Channel.ToString(), N(y.Count)];
        foreach (var y in d.UsersRegisteredPerYear) yield return ["users-registered", N(y.Year), "", N(y.Count)];
        foreach (var r in d.Routes) yield return ["route", r.Origin, r.Destination, N(r.Count)];
        foreach (var s in d.TopSubstances) yield return ["substance", s.Value, "", N(s.Count)];
    }
}
