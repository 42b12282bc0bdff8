using System.Globalization;
using System.Text;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Documents;
using Cordon.Application.Permits;
using Cordon.Domain.Documents;
using Cordon.Domain.Identity;
using Cordon.Domain.Permits;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cordon.Web.Features.Permits;

/// <summary>The API of CITES permits for national eCITES systems (EPIX-style exchange) and the pages' scripts.</summary>
public static class PermitsEndpoints
{
    private static readonly string View = Policies.Module(CordonModule.Permits, ModuleRight.View);
    private static readonly string Submit = Policies.Module(CordonModule.Permits, ModuleRight.Submit);
    private static readonly string Approve = Policies.Module(CordonModule.Permits, ModuleRight.Approve);

    public static void MapPermitsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/permits").WithTags("CITES permits");

        g.MapGet("/species", async Task<Ok<List<TaxonView>>> (string? search, SpeciesReference species, CancellationToken ct) =>
            TypedResults.Ok(await species.ListAsync(search, ct))).RequireAuthorization(View).WithName("ListCitesTaxa");

        g.MapPost("/species/import", async Task<Results<Ok<int>, ProblemHttpResult>> (HttpRequest request, SpeciesReference species, CancellationToken ct) =>
        {
            var table = await TabularHttp.ReadAsync(request, ct: ct);
            return table.Succeeded ? Result(await species.ImportAsync(table.Value!, ct)) : ProblemResults.From(table);
        }).RequireAuthorization(Policies.SecretariatAdministrator).AcceptsTable().WithName("ImportCitesTaxa")
          .WithSummary("Import a Species+ CSV export (columns Scientific Name, Listing, Party, Full note, English names, Kingdom); adds and updates, never deletes.");

        g.MapGet("/codes", () => TypedResults.Ok(new { purposes = CitesCodes.Purposes, sources = CitesCodes.Sources, units = CitesCodes.Units }))
            .RequireAuthorization(View).WithName("CitesCodes");

        g.MapGet("", async Task<Results<Ok<List<PermitSummary>>, ProblemHttpResult>> (string? direction, PermitStatus? status, int? limit, PermitsService service, CancellationToken ct) =>
        {
            if (direction is not (null or "incoming" or "outgoing" or "all"))
                return ProblemResults.Invalid("direction is incoming, outgoing or all.", new Dictionary<string, string[]> { ["direction"] = ["incoming, outgoing or all"] });
            return TypedResults.Ok(await service.ListAsync(direction, status, limit ?? 200, ct));
        }).RequireAuthorization(View).WithName("ListPermits");

        g.MapGet("/{id:guid}", async Task<Results<Ok<PermitView>, ProblemHttpResult>> (Guid id, HttpContext http, PermitsService service, CancellationToken ct) =>
        {
            if (await service.GetAsync(id, ct) is not { } p) return ProblemResults.NotFound("No such permit.");
            Concurrency.SetETag(http, p.Version);
            return TypedResults.Ok(p);
        }).RequireAuthorization(View).WithName("GetPermit");

        g.MapGet("/by-number/{number}", async Task<Results<Ok<PermitView>, ProblemHttpResult>> (string number, HttpContext http, PermitsService service, CancellationToken ct) =>
        {
            if (await service.ByNumberAsync(number, ct) is not { } p) return ProblemResults.NotFound("No such permit.");
            Concurrency.SetETag(http, p.Version);
            return TypedResults.Ok(p);
        }).RequireAuthorization(View).WithName("GetLatestPermitVersion").WithSummary("Request the latest version of permit N.");

        g.MapPost("", async Task<Results<Created<PermitView>, ProblemHttpResult>> (PermitApplication body, HttpContext http, PermitsService service, CancellationToken ct) =>
        {
            var o = await service.ApplyAsync(body, ct);
            if (!o.Succeeded) return ProblemResults.From(o);
            Concurrency.SetETag(http, o.Value!.Version);
            return TypedResults.Created($"/api/v1/permits/{o.Value.Id}", o.Value);
        }).RequireAuthorization(Submit).WithName("ApplyForPermit")
          .WithSummary("Record an application; Appendix I/II exports from the wild and Appendix I imports await the Scientific Authority's advice.");

        g.MapPost("/issued", async Task<Results<Created<PermitView>, ProblemHttpResult>> (IssuedPermitInput body, PermitsService service, CancellationToken ct) =>
        {
            if (body.Permit is null) return ProblemResults.Invalid("Give the permit.", new Dictionary<string, string[]> { ["permit"] = ["This field is required."] });
            var o = await service.ApplyAsync(body.Permit, new ExternalIssue(body.Number, body.ValidFrom, body.ValidUntil), ct);
            return o.Succeeded ? TypedResults.Created($"/api/v1/permits/{o.Value!.Id}", o.Value) : ProblemResults.From(o);
        }).RequireAuthorization(Approve).WithName("PushIssuedPermit")
          .WithSummary("A national eCITES system pushes a permit it issued (JSON): Cordon signs it with the Party's key and delivers it to the other Party.");

        g.MapPost("/import.xml", async Task<Results<Created<PermitView>, ProblemHttpResult>> (HttpRequest request, PermitsService service, CancellationToken ct) =>
        {
            // Read asynchronously first (synchronous reads of the body are not allowed), at most 1 MB.
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var buffer = new char[1_000_001];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(length), ct)) > 0) length += read;
            if (length == buffer.Length) return ProblemResults.Invalid("The message is larger than 1 MB.");
            var (input, _, error) = PermitXml.Read(new StringReader(new string(buffer, 0, length)));
            if (input?.Permit is null) return ProblemResults.Invalid(error ?? "Not an eCITES permit message.");
            var o = await service.ApplyAsync(input.Permit, new ExternalIssue(input.Number, input.ValidFrom, input.ValidUntil), ct);
            return o.Succeeded ? TypedResults.Created($"/api/v1/permits/{o.Value!.Id}", o.Value) : ProblemResults.From(o);
        }).RequireAuthorization(Approve).Accepts<string>("application/xml").WithName("PushIssuedPermitXml")
          .WithSummary("As /issued, from a UN/CEFACT-style eCITES XML message (no DTD, no external entities).");

        g.MapGet("/{id:guid}/xml", async Task<Results<ContentHttpResult, ProblemHttpResult>> (Guid id, PermitsService service, DocumentSigner signer, CancellationToken ct) =>
        {
            if (await service.GetAsync(id, ct) is not { } p) return ProblemResults.NotFound("No such permit.");
            var signed = p.DocumentId is { } d ? await signer.DocumentAsync(d, ct) : null;
            return TypedResults.Text(PermitXml.Write(p, signed), "application/xml; charset=utf-8");
        }).RequireAuthorization(View).WithName("ExportPermitXml");

        g.MapGet("/{id:guid}/document", async Task<Results<Ok<SignedDocument>, ProblemHttpResult>> (Guid id, PermitsService service, DocumentSigner signer, CancellationToken ct) =>
        {
            if (await service.GetAsync(id, ct) is not { DocumentId: { } d }) return ProblemResults.NotFound("No such issued permit.");
            return await signer.DocumentAsync(d, ct) is { } doc ? TypedResults.Ok(doc) : ProblemResults.NotFound("No signed document.");
        }).RequireAuthorization(View).WithName("GetSignedPermit").WithSummary("The signed permit (canonical JSON, signature, key) for `cordon verify FILE`.");

        g.MapGet("/{id:guid}/pdf", (Guid id, HttpRequest request, PermitsService service, Documents.DocumentPdfs pdfs, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            PermitPdf.DownloadAsync(id, request, service, pdfs, l, ct))
            .RequireAuthorization(View).WithName("DownloadPermitPdf").Produces(200, contentType: "application/pdf").ProducesProblem(404).ProducesProblem(409)
            .WithSummary("The signed PDF of an issued permit, in the caller's language (Accept-Language or ?culture=); `cordon verify FILE.pdf` checks it.");

        g.MapPost("/verify", async Task<Results<Ok<DocumentCheck>, ProblemHttpResult>> (SignedDocument body, DocumentSigner signer, CancellationToken ct) =>
        {
            if (body is null || body.Payload is null || body.Signature is null) return ProblemResults.Invalid("Give a signed document.");
            return TypedResults.Ok(new DocumentCheck(VerifiedSignatures.IsIntact(body), await signer.IsGenuineAsync(body, ct)));
        }).RequireAuthorization(View).WithName("VerifySignedDocument")
          .WithSummary("Checks a received signed document: intact (signature valid with its embedded key) and genuine (key registered and not revoked).");

        g.MapPost("/{id:guid}/advice", async Task<Results<Ok<PermitView>, ProblemHttpResult>> (Guid id, AdviceInput body, PermitsService service, CancellationToken ct) =>
            Result(await service.AdviseAsync(id, body, ct))).RequireAuthorization(Approve).WithName("RecordNonDetrimentAdvice");

        g.MapPost("/{id:guid}/decision", async Task<Results<Ok<PermitView>, ProblemHttpResult>> (Guid id, DecisionInput body, HttpRequest request, PermitsService service, CancellationToken ct) =>
        {
            long? expected = null;
            var ifMatch = request.Headers.IfMatch.ToString().Trim().Trim('"');
            if (ifMatch.Length > 0 && ifMatch != "*")
            {
                if (!long.TryParse(ifMatch, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return ProblemResults.Invalid("If-Match holds the ETag you read.");
                expected = v;
            }
            return Result(await service.DecideAsync(id, body, expected, ct));
        }).RequireAuthorization(Approve).WithName("DecidePermitApplication").WithSummary("Approve or reject; If-Match is honoured when sent.");

        g.MapPost("/{id:guid}/issue", async Task<Results<Ok<PermitView>, ProblemHttpResult>> (Guid id, IssueInput body, PermitsService service, CancellationToken ct) =>
            Result(await service.IssueAsync(id, body, ct))).RequireAuthorization(Approve).WithName("IssuePermit")
            .WithSummary("Issue an approved permit: signed with the issuing authority's key and delivered to the other Party.");

        g.MapPost("/{id:guid}/endorse", async Task<Results<Ok<EndorsementResult>, ProblemHttpResult>> (Guid id, EndorsementInput body, PermitsService service, CancellationToken ct) =>
            Result(await service.EndorseAsync(id, body, ct))).RequireAuthorization(Submit).WithName("EndorsePermit")
            .WithSummary("Customs of the importing Party: quantity actually traded per line (lines: [{line, quantityTraded}], or quantityTraded for line 1), date and port. A second use is refused; over-quantity is refused and alerts both Parties and the Secretariat.");

        g.MapPost("/{id:guid}/cancel", async Task<Results<Ok<PermitView>, ProblemHttpResult>> (Guid id, CancelInput body, PermitsService service, CancellationToken ct) =>
            Result(await service.CancelAsync(id, body, ct))).RequireAuthorization(Approve).WithName("CancelPermit");

        g.MapPost("/{id:guid}/replace", async Task<Results<Ok<PermitView>, ProblemHttpResult>> (Guid id, CancelInput body, PermitsService service, CancellationToken ct) =>
            Result(await service.ReplaceAsync(id, body, ct))).RequireAuthorization(Approve).WithName("ReplacePermit")
            .WithSummary("Cancel a permit and record a new application with the same parties and lines that names it as replaced; returns the new application.");

        g.MapGet("/{id:guid}/deliveries", async Task<Results<Ok<List<PermitDelivery>>, ProblemHttpResult>> (Guid id, PermitsService service, CancellationToken ct) =>
            await service.DeliveriesAsync(id, ct) is { } list ? TypedResults.Ok(list) : ProblemResults.NotFound("No such permit."))
            .RequireAuthorization(View).WithName("PermitDeliveries")
            .WithSummary("The permit's deliveries (pending, delivered, read, actioned) and their webhook deliveries to national systems (pending, delivered, delivered with warnings, failed).");

        g.MapGet("/{id:guid}/risk", async Task<Results<Ok<RiskScore>, ProblemHttpResult>> (Guid id, decimal? quantity, PermitsService service, CancellationToken ct) =>
            await service.RiskAsync(id, quantity, ct) is { } r ? TypedResults.Ok(r) : ProblemResults.NotFound("No such permit."))
            .RequireAuthorization(View).WithName("PermitRiskScore");

        g.MapGet("/risk-rules", async Task<Ok<List<PermitRiskRule>>> (PermitsService service, CancellationToken ct) => TypedResults.Ok(await service.RiskRulesAsync(ct)))
            .RequireAuthorization(View).WithName("ListPermitRiskRules");

        g.MapPost("/risk-rules", async Task<Results<Ok<PermitRiskRule>, ProblemHttpResult>> (RiskRuleInput body, PermitsService service, CancellationToken ct) =>
            Result(await service.AddRiskRuleAsync(body, ct))).RequireAuthorization(Policies.SecretariatAdministrator).WithName("AddPermitRiskRule");

        g.MapGet("/annual-report.{format}", async Task<IResult> (string format, int? year, PermitAnnualReport report, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        {
            if (year is < 2000 or > 2100) return ProblemResults.Invalid("Give a year between 2000 and 2100.");
            if (TabularHttp.Format(format) is null) return ProblemResults.NotFound();
            var y = year ?? clock.GetUtcNow().Year;
            var rows = await report.ForYearAsync(y, null, ct);
            await audit.RecordNowAsync("permits.annual-report-exported", "PermitAnnualReport", y.ToString(CultureInfo.InvariantCulture), ct: ct);
            return await TabularHttp.FileAsync(format, $"cites-annual-report-{y.ToString(CultureInfo.InvariantCulture)}", PermitAnnualReport.Columns, Rows(rows), ct);
        }).RequireAuthorization(View).WithName("PermitAnnualReport").WithSummary("The Party's CITES annual trade report (tabular layout), from issued and endorsed permits.");

        g.MapGet("/signing-keys", async Task<Ok<List<SigningKeyView>>> (DocumentSigner signer, CancellationToken ct) => TypedResults.Ok(await signer.KeysAsync(ct)))
            .RequireAuthorization(View).WithName("ListSigningKeys").WithSummary("The register of the authorities' document-signing keys (public keys, revocations).");

        g.MapPost("/signing-keys/{id:guid}/revoke", async Task<Results<Ok<SigningKeyView>, ProblemHttpResult>> (Guid id, CancelInput body, DocumentSigner signer, CancellationToken ct) =>
            Result(await signer.RevokeAsync(id, body.Reason, ct))).RequireAuthorization(Approve).WithName("RevokeSigningKey")
            .WithSummary("Revoke a signing key at once: documents signed with it are no longer genuine.");
    }

    private static IEnumerable<string[]> Rows(List<AnnualReportRow> rows) => rows.Select(PermitAnnualReport.Fields);

    private static Results<Ok<T>, ProblemHttpResult> Result<T>(Outcome<T> o) => o.Succeeded ? TypedResults.Ok(o.Value!) : ProblemResults.From(o);
}

public sealed record DocumentCheck(bool Intact, bool Genuine);
