using System.Globalization;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.PreExport;
using Cordon.Domain.Identity;
using Cordon.Domain.PreExport;
using Cordon.Web.Features.Documents;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.PreExport;

public sealed record WithdrawInvocation(DateOnly? On);

/// <summary>The API of pre-export notifications for national systems and the pages' scripts.</summary>
public static class PreExportEndpoints
{
    private static readonly string View = Policies.Module(CordonModule.PreExport, ModuleRight.View);
    private static readonly string Submit = Policies.Module(CordonModule.PreExport, ModuleRight.Submit);
    private static readonly string Approve = Policies.Module(CordonModule.PreExport, ModuleRight.Approve);

    public static void MapPreExportApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/preexport").WithTags("Pre-export notifications");
        g.MapGroup("/notifications").MapAttachmentsApi<PreExportAttachments>("notification", View, Submit);

        g.MapGet("/invocations", async Task<Ok<List<InvocationView>>> (PreExportRegister register, CancellationToken ct) =>
            TypedResults.Ok(await register.InvocationsAsync(ct)))
            .RequireAuthorization(View).WithName("ListPreExportInvocations")
            .WithSummary("The article 12(10)(a) register: which Governments must be notified of which exports, since when.");

        g.MapPost("/invocations", async Task<Results<Created<InvocationView>, ProblemHttpResult>> (InvocationInput body, PreExportRegister register, CancellationToken ct) =>
        {
            var o = await register.RecordInvocationAsync(body, ct);
            return o.Succeeded ? TypedResults.Created($"/api/v1/preexport/invocations/{o.Value!.Id}", o.Value) : ProblemResults.From(o);
        })
            .RequireAuthorization(Policies.SecretariatAdministrator).WithName("RecordPreExportInvocation");

        g.MapPost("/invocations/{id:guid}/withdraw", async Task<Results<Ok<InvocationView>, ProblemHttpResult>> (Guid id, WithdrawInvocation body, PreExportRegister register, CancellationToken ct) =>
            Result(await register.WithdrawInvocationAsync(id, body.On, ct)))
            .RequireAuthorization(Policies.SecretariatAdministrator).WithName("WithdrawPreExportInvocation");

        g.MapGet("/requirements", async Task<Ok<List<RequirementView>>> (int? year, PreExportRegister register, CancellationToken ct) =>
            TypedResults.Ok(await register.RequirementsAsync(year, ct)))
            .RequireAuthorization(View).WithName("ListLegitimateRequirements");

        g.MapPost("/requirements", async Task<Results<Ok<RequirementView>, ProblemHttpResult>> (RequirementInput body, PreExportRegister register, CancellationToken ct) =>
            Result(await register.SetRequirementAsync(body, ct)))
            .RequireAuthorization(Policies.SecretariatAdministrator).WithName("SetLegitimateRequirement");

        g.MapGet("/rule", async Task<Results<Ok<RuleCheck>, ProblemHttpResult>> (string? importingCountry, string? substances, DateOnly? on, PreExportNotifications service, TimeProvider clock, CancellationToken ct) =>
        {
            if (importingCountry is not { Length: 2 } || string.IsNullOrWhiteSpace(substances))
                return ProblemResults.Invalid("Give importingCountry (alpha-2) and substances (codes separated by commas).");
            var day = on ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            return TypedResults.Ok(await service.CheckRuleAsync(importingCountry.ToUpperInvariant(), substances.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), day, ct));
        }).RequireAuthorization(View).WithName("CheckPreExportRule")
          .WithSummary("Whether an export of these substances to the country must be pre-notified (article 12(10)(a) invocations).");

        g.MapGet("/notifications", async Task<Results<Ok<List<NotificationSummary>>, ProblemHttpResult>> (string? direction, PreExportStatus? status, int? limit, PreExportNotifications service, CancellationToken ct) =>
        {
            if (direction is not (null or "incoming" or "outgoing" or "marked" or "all"))
                return ProblemResults.Invalid("direction is incoming, outgoing, marked or all.", new Dictionary<string, string[]> { ["direction"] = ["incoming, outgoing, marked or all"] });
            return TypedResults.Ok(await service.ListAsync(direction, status, limit ?? 200, ct));
        }).RequireAuthorization(View).WithName("ListPreExportNotifications")
          .WithSummary("Notifications the caller's Party sent (outgoing) or received as importer or transit country (incoming).");

        g.MapGet("/notifications/{id:guid}", async Task<Results<Ok<NotificationView>, ProblemHttpResult>> (Guid id, HttpContext http, PreExportNotifications service, CancellationToken ct) =>
        {
            if (await service.GetAsync(id, ct) is not { } n) return ProblemResults.NotFound("No such notification.");
            Concurrency.SetETag(http, n.Version);
            return TypedResults.Ok(n);
        }).RequireAuthorization(View).WithName("GetPreExportNotification");

        g.MapPost("/notifications", async Task<Results<Created<FilingResult>, ProblemHttpResult>> (NewNotification body, HttpContext http, PreExportNotifications service, CancellationToken ct) =>
        {
            var o = await service.FileAsync(body, ct);
            if (!o.Succeeded) return ProblemResults.From(o);
            Concurrency.SetETag(http, o.Value!.Notification.Version);
            return TypedResults.Created($"/api/v1/preexport/notifications/{o.Value.Notification.Id}", o.Value);
        }).RequireAuthorization(Submit).WithName("FilePreExportNotification")
          .WithSummary("File a pre-export notification; it is delivered to the importing and transit countries with a copy to the Secretariat.");

        g.MapPost("/notifications/import", async Task<Results<Ok<List<NotificationSummary>>, ProblemHttpResult>> (HttpRequest request, PreExportImport import, CancellationToken ct) =>
        {
            var table = await TabularHttp.ReadAsync(request, ct: ct);
            return table.Succeeded ? Result(await import.ImportAsync(table.Value!, ct)) : ProblemResults.From(table);
        }).RequireAuthorization(Submit).AcceptsTable().WithName("ImportPreExportNotifications")
          .WithSummary("Batch filing from CSV (UTF-8): one notification per line; all or nothing.");

        g.MapPost("/notifications/{id:guid}/acknowledge", async Task<Results<Ok<NotificationView>, ProblemHttpResult>> (Guid id, PreExportNotifications service, CancellationToken ct) =>
            Result(await service.AcknowledgeAsync(id, ct)))
            .RequireAuthorization(Submit).WithName("AcknowledgePreExportNotification");

        g.MapPost("/notifications/{id:guid}/answer", async Task<Results<Ok<NotificationView>, ProblemHttpResult>> (Guid id, AnswerInput body, HttpRequest request, PreExportNotifications service, CancellationToken ct) =>
        {
            long? expected = null;
            var ifMatch = request.Headers.IfMatch.ToString().Trim().Trim('"');
            if (ifMatch.Length > 0 && ifMatch != "*")
            {
                if (!long.TryParse(ifMatch, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v))
                    return ProblemResults.Invalid("If-Match holds the ETag you read.");
                expected = v;
            }
            return Result(await service.AnswerAsync(id, body, expected, ct));
        }).RequireAuthorization(Approve).WithName("AnswerPreExportNotification")
          .WithSummary("The importing authority's answer: NoObjection, Objection (with reason) or MoreInformationRequested. If-Match is honoured when sent.");

        g.MapPost("/notifications/{id:guid}/information", async Task<Results<Ok<NotificationView>, ProblemHttpResult>> (Guid id, InformationInput body, PreExportNotifications service, CancellationToken ct) =>
            Result(await service.ProvideInformationAsync(id, body, ct)))
            .RequireAuthorization(Submit).WithName("ProvidePreExportInformation")
            .WithSummary("The exporter answers a request for more information; the notification awaits the importer's answer again.");

        g.MapPost("/notifications/{id:guid}/mark", async Task<Results<Ok<NotificationView>, ProblemHttpResult>> (Guid id, MarkInput body, PreExportNotifications service, CancellationToken ct) =>
            Result(await service.MarkAsync(id, body, ct)))
            .RequireAuthorization(Submit).WithName("MarkPreExportNotification")
            .WithSummary("Mark as Suspicious or Stopped, with reason; the Secretariat is told at once.");

        g.MapPost("/notifications/{id:guid}/shipments", async Task<Results<Ok<NotificationView>, ProblemHttpResult>> (Guid id, ShipmentInput body, PreExportNotifications service, CancellationToken ct) =>
            Result(await service.RecordShipmentAsync(id, body, ct)))
            .RequireAuthorization(Submit).WithName("RecordPreExportShipment")
            .WithSummary("Record one export against a multi-shipment notification.");

        g.MapGet("/notifications/{id:guid}/incident", async Task<Results<Ok<Application.Incidents.IncidentInput>, ProblemHttpResult>> (Guid id, PreExportIncidents incidents, CancellationToken ct) =>
            Result(await incidents.PrefillAsync(id, ct)))
            .RequireAuthorization(View, Incidents.IncidentEndpoints.SubmitPolicy).WithName("PrefillIncidentFromPreExportNotification")
            .WithSummary("The incident a marked notification would become: substances, countries by role, companies, route, dates and reference, as the body of POST /api/v1/incidents.");

        g.MapPost("/notifications/{id:guid}/incident", async Task<Results<Created<Incidents.IncidentDto>, ProblemHttpResult>> (Guid id, Application.Incidents.IncidentInput? body, PreExportIncidents incidents, CancellationToken ct) =>
        {
            var o = await incidents.ReportAsync(id, body, ct);
            if (!o.Succeeded) return ProblemResults.From(o);
            return TypedResults.Created($"/api/v1/incidents/{o.Value!.Id}", Incidents.IncidentDto.From(o.Value) with { PreExportNotificationId = id });
        }).RequireAuthorization(View, Incidents.IncidentEndpoints.SubmitPolicy).WithName("ReportPreExportNotificationAsIncident")
          .WithSummary("Report a notification marked suspicious or stopped as an incident in one step (exporting or importing Party). Fields left out are taken from the notification; the incident is linked to it.");

        g.MapGet("/notifications/{id:guid}/incidents", async Task<Results<Ok<List<LinkedIncidentView>>, ProblemHttpResult>> (Guid id, HttpContext http, IAuthorizationService authorization, PreExportIncidents incidents, CancellationToken ct) =>
        {
            var mayView = (await authorization.AuthorizeAsync(http.User, Incidents.IncidentEndpoints.ViewPolicy)).Succeeded;
            return await incidents.LinkedAsync(id, mayView, ct) is { } list ? TypedResults.Ok(list) : ProblemResults.NotFound("No such notification.");
        }).RequireAuthorization(View).WithName("ListPreExportNotificationIncidents")
          .WithSummary("Incidents reported from the notification that the caller may see (restricted incidents only for the Parties named).");

        g.MapGet("/statistics", async Task<Results<Ok<PreExportStatisticsReport>, ProblemHttpResult>> (int? year, PreExportStatistics stats, TimeProvider clock, CancellationToken ct) =>
        {
            if (year is < 2000 or > 2100) return ProblemResults.Invalid("Give a year between 2000 and 2100.");
            return TypedResults.Ok(await stats.ForYearAsync(year ?? clock.GetUtcNow().Year, ct));
        }).RequireAuthorization(View).WithName("PreExportStatistics");

        g.MapGet("/statistics.{format}", async Task<IResult> (string format, int? year, PreExportStatistics stats, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        {
            if (year is < 2000 or > 2100) return ProblemResults.Invalid("Give a year between 2000 and 2100.");
            if (TabularHttp.Format(format) is null) return ProblemResults.NotFound();
            var report = await stats.ForYearAsync(year ?? clock.GetUtcNow().Year, ct);
            await audit.RecordNowAsync("preexport.statistics-exported", "PreExportStatistics", report.Year.ToString(CultureInfo.InvariantCulture), ct: ct);
            return await TabularHttp.FileAsync(format, $"preexport-statistics-{report.Year.ToString(CultureInfo.InvariantCulture)}",
                ["party", "year", "sent", "received", "answered", "no_reply_by_deadline", "objections", "more_information", "response_rate", "average_response_hours", "marked", "inactive", "invoked"],
                Rows(report), ct);
        }).RequireAuthorization(View).WithName("ExportPreExportStatistics");

        g.MapGet("/statistics/trend", async Task<Results<Ok<List<YearTrend>>, ProblemHttpResult>> (int? year, PreExportStatistics stats, TimeProvider clock, CancellationToken ct) =>
        {
            if (year is < 2000 or > 2100) return ProblemResults.Invalid("Give a year between 2000 and 2100.");
            var to = year ?? clock.GetUtcNow().Year;
            return TypedResults.Ok(await stats.TrendAsync(to - PreExportCharts.Years + 1, to, ct));
        }).RequireAuthorization(View).WithName("PreExportStatisticsTrend")
          .WithSummary("Notifications per year over the ten years up to the year given (the Secretariat: all; a Party: those it sent or received).");

        g.MapGet("/statistics/charts/{chart}.{format}", async (string chart, string format, int? year, PreExportStatistics stats, IStringLocalizer<SharedResource> l, TimeProvider clock, CancellationToken ct) =>
        {
            if (year is < 2000 or > 2100) return (IResult)ProblemResults.Invalid("Give a year between 2000 and 2100.");
            if (format is not ("svg" or "png") || !PreExportCharts.Names.Contains(chart)) return ProblemResults.NotFound("Charts: notifications, response; formats: svg, png.");
            var to = year ?? clock.GetUtcNow().Year;
            var spec = PreExportCharts.Spec(chart, await stats.TrendAsync(to - PreExportCharts.Years + 1, to, ct), l)!;
            var name = string.Create(CultureInfo.InvariantCulture, $"preexport-{chart}-{to}.{format}");
            return format == "png" ? Results.File(PngChart.Render(spec), PngChart.ContentType, name)
                : Results.File(System.Text.Encoding.UTF8.GetBytes(SvgChart.Render(spec)), "image/svg+xml", name);
        }).RequireAuthorization(View).WithName("PreExportStatisticsChart").WithSummary("A chart of the statistics page as an SVG or PNG image.");

        g.MapGet("/statistics/unnotified", async Task<Results<Ok<UnnotifiedExportsReport>, ProblemHttpResult>> (int? year, PreExportStatistics stats, TimeProvider clock, CancellationToken ct) =>
        {
            if (year is < 2000 or > 2100) return ProblemResults.Invalid("Give a year between 2000 and 2100.");
            return TypedResults.Ok(await stats.UnnotifiedExportsAsync(year ?? clock.GetUtcNow().Year - 1, ct));
        }).RequireAuthorization(View).WithName("PreExportUnnotifiedExports")
          .WithSummary("Exports reported in Monitoring (Form D) to a Government that invoked art. 12(10)(a) for the substance, with no notification of the Party pair and substance dispatched that year; and invocation coverage.");

        g.MapGet("/statistics/{table}.{format}", async Task<IResult> (string table, string format, int? year, PreExportStatistics stats, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        {
            if (year is < 2000 or > 2100) return ProblemResults.Invalid("Give a year between 2000 and 2100.");
            if (table is not ("unnotified" or "coverage") || TabularHttp.Format(format) is null) return ProblemResults.NotFound("Tables: unnotified, coverage; as .csv or .xlsx.");
            var report = await stats.UnnotifiedExportsAsync(year ?? clock.GetUtcNow().Year - 1, ct);
            await audit.RecordNowAsync("preexport.statistics-exported", "PreExportStatistics", $"{table}:{report.Year.ToString(CultureInfo.InvariantCulture)}", ct: ct);
            var name = $"preexport-{table}-{report.Year.ToString(CultureInfo.InvariantCulture)}";
            return table == "unnotified"
                ? await TabularHttp.FileAsync(format, name, ["exporter", "importer", "substance", "substance_name", "year", "reported_grams", "invocation_basis", "invoked_since", "explanation"],
                    report.Exports.Select(u => new object?[] { u.Exporter, u.Importer, u.SubstanceCode, u.SubstanceName, u.Year, u.ReportedGrams,
                        u.Basis, u.InvokedSince.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), u.Explanation }), ct)
                : await TabularHttp.FileAsync(format, name, ["importer", "year", "reported_routes", "notified_routes", "coverage", "reported_grams", "unnotified_grams"],
                    report.Coverage.Select(c => new object?[] { c.Importer, c.Year, c.ReportedRoutes, c.NotifiedRoutes, c.Coverage, c.ReportedGrams, c.UnnotifiedGrams }), ct);
        }).RequireAuthorization(View).WithName("ExportPreExportUnnotifiedExports");
    }

    private static IEnumerable<string[]> Rows(PreExportStatisticsReport report)
    {
        foreach (var p in report.Parties)
        {
            yield return [p.PartyCode, report.Year.ToString(CultureInfo.InvariantCulture), Num(p.Sent), Num(p.Received), Num(p.Answered), Num(p.NoReplyByDeadline),
                Num(p.Objections), Num(p.MoreInformation), p.ResponseRate?.ToString("0.###", CultureInfo.InvariantCulture) ?? "",
                p.AverageResponseHours?.ToString("0.#", CultureInfo.InvariantCulture) ?? "", Num(p.Marked), p.Inactive ? "true" : "false", p.Invoked ? "true" : "false"];
        }
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static Results<Ok<T>, ProblemHttpResult> Result<T>(Outcome<T> o) => o.Succeeded ? TypedResults.Ok(o.Value!) : ProblemResults.From(o);
}
