using System.Globalization;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Traceability;
using Cordon.Domain.Identity;
using Cordon.Domain.Traceability;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cordon.Web.Features.Traceability;

/// <summary>
/// The traceability API: the UIM pattern library, keys (opaque), chains of encrypted messages, and the Secretariat's
/// statistics. Content crosses it only as ciphertext; a chain answers 404 to anyone but users of its two Parties.
/// </summary>
public static class TraceabilityEndpoints
{
    private static readonly string View = Policies.Module(CordonModule.Traceability, ModuleRight.View);
    private static readonly string Submit = Policies.Module(CordonModule.Traceability, ModuleRight.Submit);
    private static readonly ModulePermission ApproveRight = new(CordonModule.Traceability, ModuleRight.Approve);

    public static void MapTraceabilityApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/traceability").WithTags("Traceability");

        // ---- Library ----
        g.MapGet("/patterns", async (UimPatternLibrary library, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Text(UimPatternLibrary.LibraryJson(await library.PublishedAsync(ct), clock.GetUtcNow()), "application/json; charset=utf-8"))
            .RequireAuthorization(View).WithName("UimPatternLibrary")
            .WithSummary("The published UIM pattern library (JSON) that browsers and the CLI recognise codes against, on the user's side.");

        g.MapGet("/patterns/search", async Task<Ok<List<PatternView>>> (string? party, string? search, bool? withdrawn, UimPatternLibrary library, CancellationToken ct) =>
                TypedResults.Ok(await library.ListAsync(party, search is { Length: > 200 } ? search[..200] : search, withdrawn ?? false, ct)))
            .RequireAuthorization(View).WithName("SearchUimPatterns")
            .WithSummary("Browse the library by Party, by words, or by a code (v1: find the Party most likely to have issued it).");

        g.MapGet("/patterns/{id:guid}", async Task<Results<Ok<PatternView>, ProblemHttpResult>> (Guid id, HttpContext http, UimPatternLibrary library, CancellationToken ct) =>
        {
            if (await library.GetAsync(id, ct) is not { } p) return ProblemResults.NotFound("No such pattern.");
            Concurrency.SetETag(http, p.Version);
            return TypedResults.Ok(p);
        }).RequireAuthorization(View).WithName("GetUimPattern");

        g.MapGet("/patterns/{id:guid}/history", async Task<Ok<List<HistoryEntry>>> (Guid id, UimPatternLibrary library, CancellationToken ct) =>
                TypedResults.Ok((await library.HistoryAsync(id, ct)).Select(h => new HistoryEntry(h.At, h.Action, h.Who, h.Details)).ToList()))
            .RequireAuthorization(View).WithName("UimPatternHistory");

        g.MapPost("/patterns", async Task<Results<Created<PatternView>, ProblemHttpResult>> (PatternInput body, HttpContext http, UimPatternLibrary library, CancellationToken ct) =>
        {
            var o = await library.CreateAsync(body, http.User.Has(ApproveRight), ct);
            if (!o.Succeeded) return ProblemResults.From(o);
            Concurrency.SetETag(http, o.Value!.Version);
            return TypedResults.Created($"/api/v1/traceability/patterns/{o.Value.Id}", o.Value);
        }).RequireAuthorization(View).WithName("PublishUimPattern")
          .WithSummary("Publish a pattern: users with Traceability.Approve for their own Party; the Secretariat administrator for any Party.");

        g.MapPut("/patterns/{id:guid}", async Task<Results<Ok<PatternView>, ProblemHttpResult>> (Guid id, PatternInput body, HttpContext http, UimPatternLibrary library, CancellationToken ct) =>
        {
            if (IfMatch(http.Request, out var expected) is { } bad) return bad;
            var o = await library.UpdateAsync(id, body, expected, http.User.Has(ApproveRight), ct);
            if (!o.Succeeded) return ProblemResults.From(o);
            Concurrency.SetETag(http, o.Value!.Version);
            return TypedResults.Ok(o.Value);
        }).RequireAuthorization(View).WithName("ChangeUimPattern").WithSummary("Change a pattern; If-Match is honoured when sent.");

        g.MapDelete("/patterns/{id:guid}", async Task<Results<Ok<PatternView>, ProblemHttpResult>> (Guid id, HttpContext http, UimPatternLibrary library, CancellationToken ct) =>
            Result(await library.WithdrawAsync(id, http.User.Has(ApproveRight), ct))).RequireAuthorization(View).WithName("WithdrawUimPattern")
            .WithSummary("Withdraw a pattern from the published library (kept, with its audit trail).");

        // ---- Keys (opaque strings; see docs/traceability-crypto.md) ----
        g.MapGet("/keys/me", async Task<Results<Ok<MyKeysView>, ProblemHttpResult>> (TraceabilityKeys keys, CancellationToken ct) => Result(await keys.MineAsync(ct)))
            .RequireAuthorization(View).WithName("MyTraceabilityKeys")
            .WithSummary("Your public keys, your passphrase-wrapped private keys and your Party's key generations wrapped for you.");

        g.MapPost("/keys", async Task<Results<Created<UserKeyView>, ProblemHttpResult>> (UserKeyInput body, TraceabilityKeys keys, CancellationToken ct) =>
        {
            var o = await keys.RegisterAsync(body, ct);
            return o.Succeeded ? TypedResults.Created("/api/v1/traceability/keys/me", o.Value!) : ProblemResults.From(o);
        }).RequireAuthorization(View).WithName("RegisterTraceabilityKeys")
          .WithSummary("Register the keys generated on your side; your national administrator then compares the fingerprint and confirms you.");

        g.MapGet("/parties/{code}/key", async Task<Results<Ok<PartyKeyStatus>, ProblemHttpResult>> (string code, TraceabilityKeys keys, CancellationToken ct) =>
        {
            var party = code.Trim().ToUpperInvariant();
            if (party.Length != 2 || !party.All(char.IsAsciiLetterUpper)) return ProblemResults.Invalid("An ISO 3166-1 alpha-2 code.");
            return TypedResults.Ok(await keys.StatusAsync(party, ct));
        }).RequireAuthorization(View).WithName("PartyPublicKey").WithSummary("A Party's key generations (public keys): content keys are wrapped to the current one.");

        g.MapGet("/party-keys", async Task<Results<Ok<PartyKeysAdminView>, ProblemHttpResult>> (TraceabilityKeys keys, CancellationToken ct) => Result(await keys.AdminViewAsync(ct)))
            .RequireAuthorization(View).WithName("PartyKeyMembers")
            .WithSummary("National administrator: members, fingerprints to compare, generations each lacks, and whether a new generation is required.");

        g.MapPost("/party-keys/generations", async Task<Results<Ok<PartyKeyStatus>, ProblemHttpResult>> (GenerationInput body, TraceabilityKeys keys, CancellationToken ct) =>
            Result(await keys.CreateGenerationAsync(body, ct))).RequireAuthorization(View).WithName("CreatePartyKeyGeneration")
            .WithSummary("National administrator: a new Party key generation, wrapped to each remaining member (never to one who left).");

        g.MapPost("/party-keys/members", async Task<Results<Ok<MemberKeyView>, ProblemHttpResult>> (ConfirmMemberInput body, TraceabilityKeys keys, CancellationToken ct) =>
            Result(await keys.ConfirmMemberAsync(body, ct))).RequireAuthorization(View).WithName("ConfirmTraceabilityMember")
            .WithSummary("National administrator, after comparing the member's fingerprint: the Party key of each generation wrapped to the member.");

        // ---- Chains ----
        g.MapGet("/chains", async Task<Results<Ok<List<ChainSummary>>, ProblemHttpResult>> (string? state, int? limit, TraceabilityChains chains, CancellationToken ct) =>
        {
            ChainState? s = null;
            if (state is { Length: > 0 })
            {
                if (!Enum.TryParse<ChainState>(state, true, out var parsed) || !Enum.IsDefined(parsed)) return ProblemResults.Invalid("state is open, answered or closed.");
                s = parsed;
            }
            return TypedResults.Ok(await chains.ListAsync(s, limit ?? 200, ct));
        }).RequireAuthorization(View).WithName("ListTraceabilityChains");

        g.MapPost("/chains", async Task<Results<Created<ChainView>, ProblemHttpResult>> (ChainInput body, HttpContext http, TraceabilityChains chains, CancellationToken ct) =>
        {
            var o = await chains.CreateAsync(body, ct);
            if (!o.Succeeded) return ProblemResults.From(o);
            Concurrency.SetETag(http, o.Value!.Version);
            return TypedResults.Created($"/api/v1/traceability/chains/{o.Value.Id}", o.Value);
        }).RequireAuthorization(Submit).WithName("OpenTraceabilityChain")
          .WithSummary("Send a request: ids chosen on your side, the first content key version wrapped for both Parties, the encrypted and signed request.");

        g.MapGet("/chains/{id:guid}", async Task<Results<Ok<ChainView>, ProblemHttpResult>> (Guid id, HttpContext http, TraceabilityChains chains, CancellationToken ct) =>
        {
            if (await chains.GetAsync(id, ct) is not { } c) return ProblemResults.NotFound("No such chain.");
            Concurrency.SetETag(http, c.Version);
            return TypedResults.Ok(c);
        }).RequireAuthorization(View).WithName("GetTraceabilityChain");

        g.MapPost("/chains/{id:guid}/messages", async Task<Results<Ok<ChainView>, ProblemHttpResult>> (Guid id, MessageInput body, HttpContext http, TraceabilityChains chains, CancellationToken ct) =>
        {
            if (IfMatch(http.Request, out var expected) is { } bad) return bad;
            var o = await chains.SendAsync(id, body, expected, ct);
            if (!o.Succeeded) return ProblemResults.From(o);
            Concurrency.SetETag(http, o.Value!.Version);
            return TypedResults.Ok(o.Value);
        }).RequireAuthorization(Submit).WithName("SendTraceabilityMessage").WithSummary("A reply (the Party asked) or a follow-up (either Party).");

        g.MapPost("/chains/{id:guid}/key-versions", async Task<Results<Ok<ChainView>, ProblemHttpResult>> (Guid id, KeyVersionInput body, TraceabilityChains chains, CancellationToken ct) =>
            Result(await chains.AddKeyVersionAsync(id, body, ct))).RequireAuthorization(Submit).WithName("AddChainKeyVersion")
            .WithSummary("A new content key version wrapped to both Parties' current generations; required after a Party rotated its key.");

        g.MapPost("/chains/{id:guid}/close", async Task<Results<Ok<ChainView>, ProblemHttpResult>> (Guid id, TraceabilityChains chains, CancellationToken ct) =>
            Result(await chains.CloseAsync(id, ct))).RequireAuthorization(Submit).WithName("CloseTraceabilityChain");

        g.MapPost("/messages/{id:guid}/read", async Task<Results<Ok<MessageView>, ProblemHttpResult>> (Guid id, TraceabilityChains chains, CancellationToken ct) =>
            Result(await chains.MarkAsync(id, actioned: false, ct))).RequireAuthorization(View).WithName("MarkTraceabilityMessageRead");

        g.MapPost("/messages/{id:guid}/actioned", async Task<Results<Ok<MessageView>, ProblemHttpResult>> (Guid id, TraceabilityChains chains, CancellationToken ct) =>
            Result(await chains.MarkAsync(id, actioned: true, ct))).RequireAuthorization(Submit).WithName("MarkTraceabilityMessageActioned");

        g.MapGet("/attachments/{id:guid}", async Task<Results<ContentHttpResult, ProblemHttpResult>> (Guid id, TraceabilityChains chains, CancellationToken ct) =>
            await chains.AttachmentAsync(id, ct) is { } text ? TypedResults.Text(text, "text/plain; charset=utf-8") : ProblemResults.NotFound("No such attachment."))
            .RequireAuthorization(View).WithName("GetTraceabilityAttachment").WithSummary("An attachment's ciphertext.");

        // ---- Connector transfers waiting for approval (ADR 26; previews are opaque) ----
        g.MapGet("/transfers", async Task<Results<Ok<List<TransferView>>, ProblemHttpResult>> (string? state, Guid? chainId, Guid? messageId, TraceabilityTransfers transfers, CancellationToken ct) =>
        {
            if (state is { Length: > 0 } && (!Enum.TryParse<TransferState>(state, true, out var parsed) || !Enum.IsDefined(parsed)))
                return ProblemResults.Invalid("state is pending, approved, rejected or done.");
            return TypedResults.Ok(await transfers.ListAsync(state, chainId, messageId, ct));
        }).RequireAuthorization(View).WithName("ListConnectorTransfers")
          .WithSummary("Your Party's connector transfers: the sealed preview of what will be sent, its digest and the decision.");

        g.MapGet("/transfers/{id:guid}", async Task<Results<Ok<TransferView>, ProblemHttpResult>> (Guid id, HttpContext http, TraceabilityTransfers transfers, CancellationToken ct) =>
        {
            if (await transfers.GetAsync(id, ct) is not { } t) return ProblemResults.NotFound("No such transfer.");
            Concurrency.SetETag(http, t.Version);
            return TypedResults.Ok(t);
        }).RequireAuthorization(View).WithName("GetConnectorTransfer");

        g.MapPost("/transfers", async Task<Results<Created<TransferView>, ProblemHttpResult>> (TransferInput body, TraceabilityTransfers transfers, CancellationToken ct) =>
        {
            var o = await transfers.ProposeAsync(body, ct);
            return o.Succeeded ? TypedResults.Created($"/api/v1/traceability/transfers/{o.Value!.Id}", o.Value) : ProblemResults.From(o);
        }).RequireAuthorization(Submit).WithName("ProposeConnectorTransfer")
          .WithSummary("The connector proposes a query to the national system or a reply, as a preview sealed to its own Party's key.");

        g.MapPost("/transfers/{id:guid}/approve", async Task<Results<Ok<TransferView>, ProblemHttpResult>> (Guid id, ApprovalInput body, HttpContext http, TraceabilityTransfers transfers, CancellationToken ct) =>
        {
            if (IfMatch(http.Request, out var expected) is { } bad) return bad;
            return Result(await transfers.ApproveAsync(id, body, expected, ct));
        }).RequireAuthorization(Policies.Module(CordonModule.Traceability, ModuleRight.Approve)).WithName("ApproveConnectorTransfer")
          .WithSummary("A person with Traceability.Approve approves the preview they decrypted: its SHA-256 and their signature over it.");

        g.MapPost("/transfers/{id:guid}/reject", async Task<Results<Ok<TransferView>, ProblemHttpResult>> (Guid id, HttpContext http, TraceabilityTransfers transfers, CancellationToken ct) =>
        {
            if (IfMatch(http.Request, out var expected) is { } bad) return bad;
            return Result(await transfers.RejectAsync(id, expected, ct));
        }).RequireAuthorization(Policies.Module(CordonModule.Traceability, ModuleRight.Approve)).WithName("RejectConnectorTransfer");

        g.MapPost("/transfers/{id:guid}/done", async Task<Results<Ok<TransferView>, ProblemHttpResult>> (Guid id, TransferDoneInput body, TraceabilityTransfers transfers, CancellationToken ct) =>
            Result(await transfers.DoneAsync(id, body, ct))).RequireAuthorization(Submit).WithName("ConnectorTransferDone")
            .WithSummary("The connector reports an approved transfer carried out (a reply names the message it sent).");

        // ---- Statistics (Secretariat; metadata only) ----
        g.MapGet("/statistics", async Task<Results<Ok<TraceabilityStatisticsReport>, ProblemHttpResult>> (string? from, string? to, string? parties, TraceabilityStatistics stats, TimeProvider clock, CancellationToken ct) =>
        {
            if (StatisticsQuery.Parse(from, to, parties, clock, out var filter) is { } bad) return bad;
            return TypedResults.Ok(await stats.ReportAsync(filter!, ct));
        }).RequireAuthorization(Policies.SecretariatStaff).WithName("TraceabilityStatistics")
          .WithSummary("The eight statistics for a period (from, to: yyyy-MM-dd, inclusive) and Parties (comma-separated), from metadata only.");

        g.MapGet("/statistics.csv", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string? from, string? to, string? parties, TraceabilityStatistics stats, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        {
            if (StatisticsQuery.Parse(from, to, parties, clock, out var filter) is { } bad) return bad;
            var report = await stats.ReportAsync(filter!, ct);
            await audit.RecordNowAsync("traceability.statistics-exported", "TraceabilityStatistics", "csv", StatisticsExport.Describe(filter!), ct: ct);
            return TypedResults.Text(await StatisticsExport.CsvAsync(report, ct), "text/csv; charset=utf-8");
        }).RequireAuthorization(Policies.SecretariatStaff).WithName("TraceabilityStatisticsCsv");

        g.MapGet("/statistics.xlsx", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (string? from, string? to, string? parties, TraceabilityStatistics stats, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        {
            if (StatisticsQuery.Parse(from, to, parties, clock, out var filter) is { } bad) return bad;
            var report = await stats.ReportAsync(filter!, ct);
            await audit.RecordNowAsync("traceability.statistics-exported", "TraceabilityStatistics", "xlsx", StatisticsExport.Describe(filter!), ct: ct);
            return TypedResults.File(StatisticsExport.Excel(report), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "traceability-statistics.xlsx");
        }).RequireAuthorization(Policies.SecretariatStaff).WithName("TraceabilityStatisticsExcel");
    }

    private static ProblemHttpResult? IfMatch(HttpRequest request, out long? expected)
    {
        expected = null;
        var ifMatch = request.Headers.IfMatch.ToString().Trim().Trim('"');
        if (ifMatch.Length == 0 || ifMatch == "*") return null;
        if (!long.TryParse(ifMatch, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return ProblemResults.Invalid("If-Match holds the ETag you read.");
        expected = v;
        return null;
    }

    private static Results<Ok<T>, ProblemHttpResult> Result<T>(Outcome<T> o) => o.Succeeded ? TypedResults.Ok(o.Value!) : ProblemResults.From(o);
}

public sealed record HistoryEntry(DateTimeOffset At, string Action, string? Who, string? Details);

/// <summary>The period and Parties of a statistics request, from the query string (also used by the page).</summary>
public static class StatisticsQuery
{
    public static ProblemHttpResult? Parse(string? from, string? to, string? parties, TimeProvider clock, out StatisticsFilter? filter)
    {
        filter = null;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var errors = new Dictionary<string, string[]>();
        var f = today.AddYears(-1);
        var t = today;
        if (from is { Length: > 0 } && !DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out f)) errors["from"] = ["A date, yyyy-MM-dd."];
        if (to is { Length: > 0 } && !DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out t)) errors["to"] = ["A date, yyyy-MM-dd."];
        if (errors.Count == 0 && t < f) errors["to"] = ["The end of the period is after its start."];
        var list = new List<string>();
        foreach (var p in (parties ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var code = p.ToUpperInvariant();
            if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper)) { errors["parties"] = ["ISO 3166-1 alpha-2 codes, comma-separated."]; break; }
            if (!list.Contains(code)) list.Add(code);
        }
        if (list.Count > 300) errors["parties"] = ["At most 300 Parties."];
        if (errors.Count > 0) return ProblemResults.Invalid("The statistics request is not valid.", errors);
        filter = new StatisticsFilter(new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), list);
        return null;
    }
}
