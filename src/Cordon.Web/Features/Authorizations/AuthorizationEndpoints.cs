using System.Globalization;
using Cordon.Application.Audit;
using Cordon.Application.Authorizations;
using Cordon.Application.Common;
using Cordon.Domain.Identity;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cordon.Web.Features.Authorizations;

/// <summary>The API of import/export authorizations, estimates and assessments for national systems and the pages.</summary>
public static class AuthorizationEndpoints
{
    private static readonly string View = Policies.Module(CordonModule.Authorizations, ModuleRight.View);
    private static readonly string Submit = Policies.Module(CordonModule.Authorizations, ModuleRight.Submit);

    public static void MapAuthorizationsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/authorizations").WithTags("Import and export authorizations");

        // Estimates and assessments.
        g.MapGet("/estimates", async Task<Ok<List<EstimateView>>> (string? party, int? year, bool? history, string? substance, EstimateRegister register, CancellationToken ct) =>
            TypedResults.Ok(await register.ListAsync(party, year, history ?? false, substance, ct)))
            .RequireAuthorization(View).WithName("ListEstimates")
            .WithSummary("The caller Party's estimates (narcotic drugs) and assessments (psychotropics) in force, or every version with history=true; the Secretariat sees every Party's. Grams of anhydrous base.");

        g.MapGet("/estimates.{format}", async Task<IResult> (string format, string? party, int? year, bool? history, string? substance, EstimateRegister register, AuditLog audit, CancellationToken ct) =>
        {
            if (TabularHttp.Format(format) is not { } f) return ProblemResults.NotFound();
            var rows = await register.ListAsync(party, year, history ?? true, substance, ct);
            await audit.RecordNowAsync("estimate.exported", "Estimate", f.ToString().ToLowerInvariant(), ct: ct);
            return await TabularHttp.FileAsync(format, "estimates", EstimateRegister.CsvColumns, EstimateRegister.CsvRows(rows), ct);
        }).RequireAuthorization(View).WithName("ExportEstimates")
          .WithSummary("CSV or Excel (.xlsx) of the versions the caller may see (every version by default), in the columns the import accepts.");

        g.MapGet("/estimates/published", async Task<Results<Ok<List<PublishedEstimate>>, ProblemHttpResult>> (int? year, EstimateRegister register, TimeProvider clock, CancellationToken ct) =>
        {
            if (year is < 2000 or > 2100) return ProblemResults.Invalid("Give a year between 2000 and 2100.");
            return TypedResults.Ok(await register.PublishedAsync(year ?? clock.GetUtcNow().Year, ct));
        }).RequireAuthorization(View).WithName("PublishedEstimates")
          .WithSummary("The confirmed estimates and assessments in force of every Party for a year, as INCB publishes them (no proposals, notes or names).");

        g.MapGet("/estimates/pending", async Task<Ok<List<EstimateView>>> (EstimateRegister register, CancellationToken ct) =>
            TypedResults.Ok(await register.PendingAsync(ct)))
            .RequireAuthorization(View).WithName("PendingEstimateProposals")
            .WithSummary("Proposals waiting for the Secretariat: every Party's for the Secretariat, the caller Party's own otherwise.");

        g.MapGet("/estimates/history", async Task<Results<Ok<List<EstimateView>>, ProblemHttpResult>> (string? party, string? substance, EstimateRegister register, CancellationToken ct) =>
            await register.HistoryAsync(party ?? "", substance ?? "", ct) is { } rows ? TypedResults.Ok(rows) : ProblemResults.NotFound("No such estimate."))
            .RequireAuthorization(View).WithName("EstimateHistory")
            .WithSummary("Every version of one Party's estimates or assessment of one substance, newest first, with who proposed and decided and why; 404 for another Party's.");

        g.MapPost("/estimates", async Task<Results<Ok<EstimateView>, ProblemHttpResult>> (EstimateInput body, EstimateRegister register, CancellationToken ct) =>
            Result(await register.SubmitAsync(body, ct)))
            .RequireAuthorization(Policies.SecretariatAdministrator).WithName("RecordEstimate")
            .WithSummary("Secretariat: record a confirmed estimate (narcotic drugs, per year; later versions are supplementary) or assessment (psychotropics), in grams of base or as quantity, unit and salt.");

        g.MapPost("/estimates/proposals", async Task<Results<Ok<EstimateView>, ProblemHttpResult>> (EstimateInput body, EstimateRegister register, CancellationToken ct) =>
            Result(await register.SubmitAsync(body, ct)))
            .RequireAuthorization(Submit).WithName("ProposeEstimate")
            .WithSummary("A Party proposes an estimate or assessment for itself; the Secretariat confirms or rejects it.");

        g.MapPost("/estimates/import", async Task<Results<Ok<List<EstimateView>>, ProblemHttpResult>> (HttpRequest request, EstimateRegister register, CancellationToken ct) =>
        {
            var table = await TabularHttp.ReadAsync(request, ct: ct);
            return table.Succeeded ? Result(await register.ImportAsync(table.Value!, ct)) : ProblemResults.From(table);
        }).RequireAuthorization(Policies.SecretariatAdministrator).AcceptsTable().WithName("ImportEstimates")
          .WithSummary("Secretariat: CSV or Excel with columns party, substance, year and grams, or quantity, unit, preparation[, base_factor]; optional supplementary, note; all or nothing.");

        g.MapPost("/estimates/{id:guid}/confirm", async Task<Results<Ok<EstimateView>, ProblemHttpResult>> (Guid id, EstimateDecisionInput? body, EstimateRegister register, CancellationToken ct) =>
            Result(await register.DecideAsync(id, true, body?.Reason, ct))).RequireAuthorization(Policies.SecretariatAdministrator).WithName("ConfirmEstimate")
            .WithSummary("Secretariat: confirm a proposal (optional reason); it is in force at once for the estimate check.");

        g.MapPost("/estimates/{id:guid}/reject", async Task<Results<Ok<EstimateView>, ProblemHttpResult>> (Guid id, EstimateDecisionInput? body, EstimateRegister register, CancellationToken ct) =>
            Result(await register.DecideAsync(id, false, body?.Reason, ct))).RequireAuthorization(Policies.SecretariatAdministrator).WithName("RejectEstimate")
            .WithSummary("Secretariat: reject a proposal; the reason is required and shown to the Party.");

        g.MapGet("/utilization.svg", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (int? year, string? party, AuthorizationService service, TimeProvider clock,
            Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (year is < 2000 or > 2100) return ProblemResults.Invalid("Give a year between 2000 and 2100.");
            var y = year ?? clock.GetUtcNow().Year;
            if (await UtilizationChart.RenderAsync(service, party, y, l, ct) is not { } chart) return ProblemResults.NotFound("No such Party.");
            return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(chart.Svg), "image/svg+xml", $"utilization-{chart.Party}-{y.ToString(CultureInfo.InvariantCulture)}.svg");
        }).RequireAuthorization(View).WithName("UtilizationChart").Produces(200, contentType: "image/svg+xml")
          .WithSummary("Estimate or assessment against authorized imports per substance for the year, as an SVG chart: the caller's Party, or party= for the Secretariat; 404 for another Party.");

        g.MapGet("/prohibitions", async Task<Ok<List<ProhibitionView>>> (EstimateRegister register, CancellationToken ct) =>
            TypedResults.Ok(await register.ProhibitionsAsync(ct))).RequireAuthorization(View).WithName("ListImportProhibitions");

        g.MapPost("/prohibitions", async Task<Results<Ok<ProhibitionView>, ProblemHttpResult>> (ProhibitionInput body, EstimateRegister register, CancellationToken ct) =>
            Result(await register.RecordProhibitionAsync(body, ct))).RequireAuthorization(Policies.SecretariatAdministrator).WithName("RecordImportProhibition")
            .WithSummary("Secretariat: a Party's prohibition of the import of a psychotropic substance (1971 Convention, article 13).");

        // Authorizations.
        g.MapGet("/", async Task<Results<Ok<List<AuthorizationSummary>>, ProblemHttpResult>> (string? direction, int? limit, AuthorizationService service, CancellationToken ct) =>
        {
            if (direction is not (null or "all" or "incoming" or "outgoing" or "excess" or "discrepancies" or "pending-endorsement"))
                return ProblemResults.Invalid("direction is incoming, outgoing, excess, discrepancies, pending-endorsement or all.",
                    new Dictionary<string, string[]> { ["direction"] = ["incoming, outgoing, excess, discrepancies, pending-endorsement or all"] });
            return TypedResults.Ok(await service.ListAsync(direction, limit ?? 200, ct));
        }).RequireAuthorization(View).WithName("ListAuthorizations");

        g.MapGet("/dashboard", async Task<Results<Ok<AuthorizationDashboard>, ProblemHttpResult>> (int? year, AuthorizationService service, TimeProvider clock, CancellationToken ct) =>
        {
            if (year is < 2000 or > 2100) return ProblemResults.Invalid("Give a year between 2000 and 2100.");
            return TypedResults.Ok(await service.DashboardAsync(year ?? clock.GetUtcNow().Year, ct));
        }).RequireAuthorization(View).WithName("AuthorizationsDashboard");

        g.MapGet("/{id:guid}", async Task<Results<Ok<AuthorizationView>, ProblemHttpResult>> (Guid id, HttpContext http, AuthorizationService service, CancellationToken ct) =>
        {
            if (await service.GetAsync(id, ct) is not { } a) return ProblemResults.NotFound("No such authorization.");
            Concurrency.SetETag(http, a.Version);
            return TypedResults.Ok(a);
        }).RequireAuthorization(View).WithName("GetAuthorization");

        g.MapGet("/{id:guid}/pdf", (Guid id, HttpRequest request, AuthorizationService service, Documents.DocumentPdfs pdfs, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            AuthorizationPdf.DownloadAsync(id, request, service, pdfs, l, ct))
            .RequireAuthorization(View).WithName("DownloadAuthorizationPdf").Produces(200, contentType: "application/pdf").ProducesProblem(404).ProducesProblem(409)
            .WithSummary("The signed PDF of an issued authorization, in the caller's language (Accept-Language or ?culture=); `cordon verify FILE.pdf` checks it.");

        g.MapPost("/import", async Task<Results<Created<IssueResult>, ProblemHttpResult>> (ImportAuthorizationInput body, HttpContext http, AuthorizationService service, CancellationToken ct) =>
            Created(http, await service.IssueImportAsync(body, ct)))
            .RequireAuthorization(Submit).WithName("IssueImportAuthorization")
            .WithSummary("Issue an import authorization (transmitted at once to the exporting Party), or record the paper one of a Party not in Cordon. Above the estimate it stays a draft with the figures and steps.");

        g.MapPost("/export", async Task<Results<Created<IssueResult>, ProblemHttpResult>> (ExportAuthorizationInput body, HttpContext http, AuthorizationService service, CancellationToken ct) =>
            Created(http, await service.IssueExportAsync(body, ct)))
            .RequireAuthorization(Submit).WithName("IssueExportAuthorization")
            .WithSummary("Issue an export authorization against an import authorization (within its remaining balance), or an export declaration for a Schedule III psychotropic.");

        g.MapPost("/import/batch", async Task<Results<Ok<List<AuthorizationSummary>>, ProblemHttpResult>> (HttpRequest request, AuthorizationImport import, CancellationToken ct) =>
        {
            var table = await TabularHttp.ReadAsync(request, ct: ct);
            return table.Succeeded ? Result(await import.ImportAsync(table.Value!, ct)) : ProblemResults.From(table);
        }).RequireAuthorization(Submit).AcceptsTable().WithName("ImportAuthorizationsCsv")
          .WithSummary("Batch of import authorizations from CSV (UTF-8); all or nothing.");

        g.MapPost("/{id:guid}/issue", async Task<Results<Ok<IssueResult>, ProblemHttpResult>> (Guid id, IssueInput body, AuthorizationService service, CancellationToken ct) =>
            Result(await service.IssueDraftAsync(id, body, ct)))
            .RequireAuthorization(Submit).WithName("IssueDraftAuthorization")
            .WithSummary("Issue a draft; above an assessment give excessReason; above an estimate reduce the quantity or obtain a supplementary estimate first.");

        g.MapPut("/{id:guid}", async Task<Results<Ok<IssueResult>, ProblemHttpResult>> (Guid id, AmendInput body, HttpRequest request, AuthorizationService service, CancellationToken ct) =>
        {
            var ifMatch = request.Headers.IfMatch.ToString().Trim();
            if (ifMatch.Length == 0) return TypedResults.Problem(title: "This update needs an If-Match header with the ETag you read.", statusCode: 428);
            if (!long.TryParse(ifMatch.Replace("W/", "", StringComparison.Ordinal).Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
                return ProblemResults.Invalid("If-Match holds the ETag you read.");
            return Result(await service.AmendAsync(id, body, expected, ct));
        }).RequireAuthorization(Submit).WithName("AmendAuthorization")
          .WithSummary("Change a draft (e.g. reduce the quantity) or amend an issued authorization; the other Party sees it at once. Needs If-Match.");

        g.MapPost("/{id:guid}/cancel", async Task<Results<Ok<AuthorizationView>, ProblemHttpResult>> (Guid id, CancelInput body, AuthorizationService service, CancellationToken ct) =>
            Result(await service.CancelAsync(id, body, ct))).RequireAuthorization(Submit).WithName("CancelAuthorization");

        g.MapPost("/{id:guid}/endorse", async Task<Results<Ok<AuthorizationView>, ProblemHttpResult>> (Guid id, EndorseInput body, AuthorizationService service, CancellationToken ct) =>
            Result(await service.EndorseAsync(id, body, ct))).RequireAuthorization(Submit).WithName("EndorseAuthorization")
            .WithSummary("The importing authority endorses an export authorization with the quantity actually imported (1961 art. 31(7)).");

        g.MapPost("/{id:guid}/exported", async Task<Results<Ok<AuthorizationView>, ProblemHttpResult>> (Guid id, ExportedInput body, AuthorizationService service, CancellationToken ct) =>
            Result(await service.RecordExportedAsync(id, body, ct))).RequireAuthorization(Submit).WithName("RecordQuantityExported")
            .WithSummary("The exporting authority records a smaller quantity actually exported.");
    }

    private static Results<Created<IssueResult>, ProblemHttpResult> Created(HttpContext http, Outcome<IssueResult> o)
    {
        if (!o.Succeeded) return ProblemResults.From(o);
        Concurrency.SetETag(http, o.Value!.Authorization.Version);
        return TypedResults.Created($"/api/v1/authorizations/{o.Value.Authorization.Id}", o.Value);
    }

    private static Results<Ok<T>, ProblemHttpResult> Result<T>(Outcome<T> o) => o.Succeeded ? TypedResults.Ok(o.Value!) : ProblemResults.From(o);
}
