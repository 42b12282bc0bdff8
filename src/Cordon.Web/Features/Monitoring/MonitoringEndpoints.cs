using System.Globalization;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Application.Monitoring;
using Cordon.Domain.Common;
using Cordon.Domain.Identity;
using Cordon.Domain.Monitoring;
using Cordon.Domain.Reference;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Monitoring;

/// <summary>The API of the Monitoring module (statistics, cross-checks, utilization, unusual trade, queries and alerts).</summary>
public static class MonitoringEndpoints
{
    private static readonly string View = Policies.Module(CordonModule.Monitoring, ModuleRight.View);
    private static readonly string Submit = Policies.Module(CordonModule.Monitoring, ModuleRight.Submit);

    public static void MapMonitoringApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/monitoring").WithTags("Monitoring (statistics)");

        // Submissions.
        g.MapGet("/submissions", async Task<Ok<List<SubmissionSummary>>> (string? country, int? year, string? form, SubmissionService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(country, year, form, ct))).RequireAuthorization(View).WithName("ListStatisticsSubmissions")
            .WithSummary("Submissions of the caller's Party (the Secretariat: all), newest year first.");

        g.MapPost("/submissions", async Task<Results<Created<SubmissionView>, ProblemHttpResult>> (SubmissionInput body, HttpContext http, SubmissionService s, CancellationToken ct) =>
        {
            var o = await s.SaveAsync(body, replaceExisting: false, ct: ct);
            if (!o.Succeeded) return ProblemResults.From(o);
            Concurrency.SetETag(http, o.Value!.Version);
            return TypedResults.Created($"/api/v1/monitoring/submissions/{o.Value.Id}", o.Value);
        }).RequireAuthorization(Submit).WithName("CreateStatisticsSubmission")
          .WithSummary("Save a form (A quarterly; C, P, D annual) as a draft, complete or not: every problem is returned with its line. Submit it with /submit.");

        g.MapGet("/submissions/{id:guid}", async Task<Results<Ok<SubmissionView>, ProblemHttpResult>> (Guid id, HttpContext http, SubmissionService s, CancellationToken ct) =>
        {
            if (await s.GetAsync(id, ct) is not { } v) return ProblemResults.NotFound("No such submission.");
            Concurrency.SetETag(http, v.Version);
            return TypedResults.Ok(v);
        }).RequireAuthorization(View).WithName("GetStatisticsSubmission");

        g.MapPut("/submissions/{id:guid}", async Task<Results<Ok<SubmissionView>, ProblemHttpResult>> (Guid id, LinesInput body, HttpContext http, SubmissionService s, CancellationToken ct) =>
        {
            var ifMatch = http.Request.Headers.IfMatch.ToString().Trim();
            if (ifMatch.Length == 0) return TypedResults.Problem(title: "This update needs an If-Match header with the ETag you read.", statusCode: 428);
            if (!long.TryParse(ifMatch.Replace("W/", "", StringComparison.Ordinal).Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
                return ProblemResults.Invalid("If-Match holds the ETag you read.");
            var o = await s.UpdateAsync(id, body.Lines, expected, null, ct);
            if (!o.Succeeded) return ProblemResults.From(o);
            Concurrency.SetETag(http, o.Value!.Version);
            return TypedResults.Ok(o.Value);
        }).RequireAuthorization(Submit).WithName("UpdateStatisticsSubmission").WithSummary("Save a new version of the lines (needs If-Match); earlier versions are kept.");

        g.MapPost("/submissions/{id:guid}/submit", async Task<Results<Ok<SubmissionView>, ProblemHttpResult>> (Guid id, SubmissionService s, CancellationToken ct) =>
            Result(await s.SubmitAsync(id, ct))).RequireAuthorization(Submit).WithName("SubmitStatistics")
            .WithSummary("Submit the current version; refused with every problem by line while there are any. Audited.");

        g.MapGet("/submissions/{id:guid}/versions", async Task<Results<Ok<List<VersionView>>, ProblemHttpResult>> (Guid id, SubmissionService s, CancellationToken ct) =>
            await s.VersionsAsync(id, ct) is { } v ? TypedResults.Ok(v) : ProblemResults.NotFound("No such submission."))
            .RequireAuthorization(View).WithName("ListStatisticsVersions");

        g.MapGet("/submissions/{id:guid}/lines.xlsx", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (Guid id, SubmissionService s, CordonDbContext db, CancellationToken ct) =>
        {
            if (await s.GetAsync(id, ct) is not { } v) return ProblemResults.NotFound("No such submission.");
            return TypedResults.File(StatisticsExcel.Template(v.Form, await SubstancesAsync(db, v.Form, ct), v.Lines), StatisticsExcel.ContentType,
                $"form-{v.Form}-{v.CountryCode}-{SubmissionService.Period(v.Year, v.Quarter)}.xlsx");
        }).RequireAuthorization(View).WithName("DownloadStatisticsSubmission").WithSummary("The submission's lines in its Excel template, to correct and upload again.");

        g.MapPost("/submissions/upload", async Task<Results<Ok<SubmissionView>, ProblemHttpResult>> (string? form, int? year, int? quarter, bool? submit, HttpRequest request,
            SubmissionService s, CancellationToken ct) =>
        {
            if (!EnumNames.TryParse<StatisticsForm>(form, true, out var f)) return ProblemResults.Invalid("The form is A, C, P or D.", new Dictionary<string, string[]> { ["form"] = ["A, C, P or D"] });
            var table = await TabularHttp.ReadAsync(request, "Lines", ct);
            return table.Succeeded ? Result(await UploadAsync(s, f, year, quarter, submit ?? false, table.Value!, ct)) : ProblemResults.From(table);
        }).RequireAuthorization(Submit).AcceptsTable().WithName("UploadStatisticsWorkbook")
          .WithSummary("Upload a filled Excel template (body): saved as a new version with every problem on its spreadsheet row; submit=true submits it when there is none.");

        g.MapGet("/templates/{form}", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (string form, CordonDbContext db, CancellationToken ct) =>
        {
            var name = form.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? form[..^5] : form;
            if (!EnumNames.TryParse<StatisticsForm>(name, true, out var f)) return ProblemResults.NotFound("The forms are A, C, P and D.");
            return TypedResults.File(StatisticsExcel.Template(f, await SubstancesAsync(db, f, ct)), StatisticsExcel.ContentType, $"cordon-form-{f}.xlsx");
        }).RequireAuthorization(View).WithName("StatisticsTemplate").WithSummary("The Excel template of a form (A, C, P or D), with the substance codes it accepts.");

        g.MapGet("/reporting", async Task<Results<Ok<ReportingStatus>, ProblemHttpResult>> (int? year, SubmissionService s, TimeProvider clock, CancellationToken ct) =>
            Year(year, clock) is { } y ? TypedResults.Ok(await s.ReportingAsync(y, Languages.Current, ct)) : BadYear())
            .RequireAuthorization(View).WithName("ReportingStatus").WithSummary("Who has and has not reported each form for a year, with the deadlines (a Party: its own row).");

        g.MapGet("/reporting.{format}", async (string format, int? year, SubmissionService s, TimeProvider clock, CancellationToken ct) =>
            Format(format) is not { } fmt || Year(year, clock) is not { } y ? (IResult)BadYear() : await MonitoringTables.DownloadAsync(MonitoringTables.Reporting(await s.ReportingAsync(y, "en", ct)), fmt, ct))
            .RequireAuthorization(View).WithName("ReportingStatusDownload");

        // Cross-checks (Secretariat).
        g.MapGet("/crosschecks", async Task<Results<Ok<CrossCheckReport>, ProblemHttpResult>> (int? year, int? quarter, string? country, CrossChecks checks, TimeProvider clock, CancellationToken ct) =>
            Year(year, clock, -1) is { } y && quarter is null or (>= 1 and <= 4) ? TypedResults.Ok(await checks.RunAsync(y, quarter, Country(country), null, ct)) : BadYear())
            .RequireAuthorization(Policies.SecretariatStaff).WithName("CrossChecks")
            .WithSummary("Mirror statistics and reported trade against authorizations and pre-export notifications: every discrepancy with both figures (grams).");

        g.MapGet("/crosschecks.{format}", async (string format, int? year, int? quarter, string? country, CrossChecks checks, TimeProvider clock, CancellationToken ct) =>
            Format(format) is not { } fmt || Year(year, clock, -1) is not { } y || quarter is not (null or (>= 1 and <= 4)) ? (IResult)BadYear()
                : await MonitoringTables.DownloadAsync(MonitoringTables.CrossCheck(await checks.RunAsync(y, quarter, Country(country), null, ct)), fmt, ct))
            .RequireAuthorization(Policies.SecretariatStaff).WithName("CrossChecksDownload");

        // Utilization.
        g.MapGet("/utilization", async Task<Results<Ok<GlobalUtilization>, ProblemHttpResult>> (int? year, UtilizationService u, TimeProvider clock, CancellationToken ct) =>
            Year(year, clock, -1) is { } y ? TypedResults.Ok(await u.GlobalAsync(y, ct)) : BadYear())
            .RequireAuthorization(Policies.SecretariatStaff).WithName("GlobalUtilization").WithSummary("Every Party's availability (S-DDD per million inhabitants per day) in a year, marked against the ranges.");

        g.MapGet("/utilization.{format}", async (string format, int? year, UtilizationService u, TimeProvider clock, CancellationToken ct) =>
            Format(format) is not { } fmt || Year(year, clock, -1) is not { } y ? (IResult)BadYear() : await MonitoringTables.DownloadAsync(MonitoringTables.Global(await u.GlobalAsync(y, ct)), fmt, ct))
            .RequireAuthorization(Policies.SecretariatStaff).WithName("GlobalUtilizationDownload");

        g.MapGet("/profiles/{country}", async Task<Results<Ok<CountryProfile>, ProblemHttpResult>> (string country, UtilizationService u, CancellationToken ct) =>
            Country(country) is { } c && await u.ProfileAsync(c, Languages.Current, ct) is { } p ? TypedResults.Ok(p) : ProblemResults.NotFound("No such country profile."))
            .RequireAuthorization(View).WithName("CountryProfile").WithSummary("Consumption against estimates per substance and year, and availability in S-DDD, for one Party (its own; the Secretariat: any).");

        g.MapGet("/profiles/{country}/{table}.{format}", async (string country, string table, string format, UtilizationService u, CancellationToken ct) =>
        {
            if (Format(format) is not { } fmt || table is not ("substances" or "availability")) return ProblemResults.NotFound("Tables: substances, availability; formats: csv, xlsx.");
            if (Country(country) is not { } c || await u.ProfileAsync(c, "en", ct) is not { } p) return (IResult)ProblemResults.NotFound("No such country profile.");
            return await MonitoringTables.DownloadAsync(table == "substances" ? MonitoringTables.Profile(p) : MonitoringTables.Availability(p), fmt, ct);
        }).RequireAuthorization(View).WithName("CountryProfileDownload");

        g.MapGet("/profiles/{country}/charts/{chart}.{format}", async (string country, string chart, string format, string? substance, UtilizationService u, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (format is not ("svg" or "png")) return ProblemResults.NotFound("Charts are saved as svg or png.");
            if (Country(country) is not { } c || await u.ProfileAsync(c, Languages.Current, ct) is not { } p) return (IResult)ProblemResults.NotFound("No such country profile.");
            var spec = chart switch
            {
                "availability" => MonitoringTables.AvailabilitySpec(p, l),
                "utilization" when substance is { Length: > 0 and < 100 } && p.Substances.Any(s => s.Substance == substance) => MonitoringTables.UtilizationSpec(p, substance, l),
                _ => null,
            };
            if (spec is null) return ProblemResults.NotFound("Charts: availability, or utilization with a substance of the profile.");
            var name = $"{chart}-{c}{(substance is null ? "" : "-" + substance)}.{format}";
            return format == "png" ? Results.File(PngChart.Render(spec), PngChart.ContentType, name)
                : Results.File(System.Text.Encoding.UTF8.GetBytes(SvgChart.Render(spec)), "image/svg+xml", name);
        }).RequireAuthorization(View).WithName("CountryProfileChart").WithSummary("A chart of the profile as an SVG or PNG image.");

        g.MapGet("/ddd", async Task<Ok<List<DddView>>> (UtilizationService u, CancellationToken ct) => TypedResults.Ok(await u.DddValuesAsync(ct)))
            .RequireAuthorization(View).WithName("ListDddValues").WithSummary("S-DDD values (grams per day) the Secretariat maintains.");
        g.MapPut("/ddd", async Task<Results<Ok<DddView>, ProblemHttpResult>> (DddInput body, UtilizationService u, CancellationToken ct) => Result(await u.SetDddAsync(body, ct)))
            .RequireAuthorization(Policies.SecretariatAdministrator).WithName("SetDddValue");
        g.MapGet("/population", async Task<Ok<List<PopulationView>>> (string? country, UtilizationService u, CancellationToken ct) => TypedResults.Ok(await u.PopulationAsync(country, ct)))
            .RequireAuthorization(View).WithName("ListPopulation");
        g.MapPut("/population", async Task<Results<Ok<PopulationView>, ProblemHttpResult>> (PopulationInput body, UtilizationService u, CancellationToken ct) => Result(await u.SetPopulationAsync(body, ct)))
            .RequireAuthorization(Policies.SecretariatAdministrator).WithName("SetPopulation");

        // Unusual trade patterns (Secretariat).
        g.MapGet("/findings", async Task<Results<Ok<List<FindingView>>, ProblemHttpResult>> (int? year, string? country, TradePatternService t, TimeProvider clock, CancellationToken ct) =>
            Year(year, clock, -1) is { } y ? TypedResults.Ok((await t.FindAsync(y, Country(country), ct)).Select(FindingView.Of).ToList()) : BadYear())
            .RequireAuthorization(Policies.SecretariatStaff).WithName("TradeFindings")
            .WithSummary("Unusual trade patterns of a year (new routes, quantities far outside a Party's history, exports above requirements), each explained with its figures.");

        g.MapGet("/findings.{format}", async (string format, int? year, string? country, TradePatternService t, TimeProvider clock, CancellationToken ct) =>
            Format(format) is not { } fmt || Year(year, clock, -1) is not { } y ? (IResult)BadYear() : await MonitoringTables.DownloadAsync(MonitoringTables.Findings(y, await t.FindAsync(y, Country(country), ct)), fmt, ct))
            .RequireAuthorization(Policies.SecretariatStaff).WithName("TradeFindingsDownload");

        // Queries and alerts.
        g.MapGet("/threads", async Task<Ok<List<ThreadView>>> (string? status, MonitoringThreads t, CancellationToken ct) => TypedResults.Ok(await t.ListAsync(status, ct)))
            .RequireAuthorization(View).WithName("ListMonitoringThreads").WithSummary("Queries and alerts addressed to the caller's Party (the Secretariat: all).");
        g.MapGet("/threads/{id:guid}", async Task<Results<Ok<ThreadView>, ProblemHttpResult>> (Guid id, MonitoringThreads t, CancellationToken ct) =>
            await t.GetAsync(id, ct) is { } v ? TypedResults.Ok(v) : ProblemResults.NotFound("No such query or alert.")).RequireAuthorization(View).WithName("GetMonitoringThread");
        g.MapPost("/queries", async Task<Results<Ok<ThreadView>, ProblemHttpResult>> (OpenThreadInput body, MonitoringThreads t, CancellationToken ct) => Result(await t.OpenQueryAsync(body, ct)))
            .RequireAuthorization(Policies.SecretariatStaff).WithName("OpenMonitoringQuery").WithSummary("Secretariat: query the Parties concerned about a discrepancy (its key from /crosschecks).");
        g.MapPost("/alerts", async Task<Results<Ok<ThreadView>, ProblemHttpResult>> (OpenThreadInput body, MonitoringThreads t, CancellationToken ct) => Result(await t.OpenAlertAsync(body, ct)))
            .RequireAuthorization(Policies.SecretariatStaff).WithName("SendMonitoringAlert").WithSummary("Secretariat: turn a finding (key and year from /findings) into an alert to the Party.");
        g.MapPost("/threads/{id:guid}/answer", async Task<Results<Ok<ThreadView>, ProblemHttpResult>> (Guid id, ThreadMessageInput body, MonitoringThreads t, CancellationToken ct) =>
            Result(await t.ReplyAsync(id, body, ct))).RequireAuthorization(Submit).WithName("AnswerMonitoringThread").WithSummary("A Party concerned answers a query or alert.");
        g.MapPost("/threads/{id:guid}/messages", async Task<Results<Ok<ThreadView>, ProblemHttpResult>> (Guid id, ThreadMessageInput body, MonitoringThreads t, CancellationToken ct) =>
            Result(await t.ReplyAsync(id, body, ct))).RequireAuthorization(Policies.SecretariatStaff).WithName("WriteMonitoringThread");
        g.MapPost("/threads/{id:guid}/close", async Task<Results<Ok<ThreadView>, ProblemHttpResult>> (Guid id, MonitoringThreads t, CancellationToken ct) =>
            Result(await t.CloseAsync(id, ct))).RequireAuthorization(Policies.SecretariatStaff).WithName("CloseMonitoringThread");
    }

    public sealed record FindingView(string Key, FindingKind Kind, string Country, string? Partner, string Substance, int Year, string Explanation,
        string Code, IReadOnlyList<string> Args, IReadOnlyDictionary<string, double> Figures)
    {
        public static FindingView Of(TradeFinding f) => new(f.Key, f.Kind, f.Country, f.Partner, f.Substance, f.Year, f.Explanation, f.Code, f.Args, f.Figures);
    }

    /// <summary>Reads an uploaded workbook and saves it as a new version of the period's submission; submits it when asked and clean.</summary>
    public static async Task<Outcome<SubmissionView>> UploadAsync(SubmissionService s, StatisticsForm form, int? year, int? quarter, bool submit, TabularData file, CancellationToken ct)
    {
        var (lines, problems) = StatisticsExcel.Read(form, file);
        var saved = await s.SaveAsync(new SubmissionInput(form.ToString(), year, quarter, lines), replaceExisting: true, problems, ct);
        if (!saved.Succeeded || !submit || saved.Value!.Problems.Count > 0) return saved;
        return await s.SubmitAsync(saved.Value.Id, ct);
    }

    public static async Task<List<(string Code, string Name)>> SubstancesAsync(CordonDbContext db, StatisticsForm form, CancellationToken ct)
    {
        var kind = StatisticsRules.KindOf(form);
        var rows = await db.Substances.AsNoTracking().Where(s => s.Kind == kind && s.IsActive).OrderBy(s => s.Code).Select(s => new { s.Code, s.Name }).ToListAsync(ct);
        return rows.Select(r => (r.Code, r.Name)).ToList();
    }

    private static int? Year(int? year, TimeProvider clock, int offset = 0) => year switch
    {
        null => clock.GetUtcNow().Year + offset,
        >= 2000 and <= 2100 => year,
        _ => null,
    };

    private static string? Format(string format) => format is "csv" or "xlsx" ? format : null;

    private static string? Country(string? c) => c is { Length: 2 } && Cordon.Domain.Reference.Country.IsWellFormedAlpha2(c.ToUpperInvariant()) ? c.ToUpperInvariant() : null;

    private static ProblemHttpResult BadYear() => ProblemResults.Invalid("Give a year between 2000 and 2100 (and a quarter from 1 to 4, a format csv or xlsx).",
        new Dictionary<string, string[]> { ["year"] = ["2000-2100"] });

    private static Results<Ok<T>, ProblemHttpResult> Result<T>(Outcome<T> o) => o.Succeeded ? TypedResults.Ok(o.Value!) : ProblemResults.From(o);
}
