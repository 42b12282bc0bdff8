using System.Text.Json;
using Cordon.Client.Feed;
using Cordon.Client.Traceability;

namespace Cordon.Cli.Connector;

/// <summary>What one pass of the connector did.</summary>
public sealed record ConnectorPass(int QueriesProposed, int QueriesRun, int RepliesProposed, int RepliesSent, int Waiting, int FeedItems);

/// <summary>
/// `cordon connector` (ADR 26): runs at a Party as its system user. Each pass reads the change feed, then for every request
/// its Party received: decrypts it locally, proposes the national query for approval, runs the approved query through the
/// adapter, proposes the reply (standard template) for approval, and sends the approved reply. Nothing leaves without an
/// approval whose signature over the digest of this connector's own signed preview it has checked; what is executed and
/// sent is the decrypted approved preview itself.
/// </summary>
public sealed class TraceabilityConnector(TraceabilityClient client, ITraceSystemAdapter adapter, FeedFollower? feed = null,
    IReadOnlyCollection<string>? trustedApprovers = null, TextWriter? log = null, TimeProvider? clock = null)
{
    public async Task<ConnectorPass> RunOnceAsync(CancellationToken ct = default)
    {
        var feedItems = 0;
        if (feed is not null)
        {
            // The feed says that something arrived; the chains themselves say what still needs doing (idempotent).
            var progress = await feed.CatchUpAsync((item, _) => Task.CompletedTask, ct);
            feedItems = progress.Items;
        }
        int proposed = 0, run = 0, repliesProposed = 0, sent = 0, waiting = 0;
        foreach (var summary in await client.ListChainsAsync(ct: ct))
        {
            if (summary.RespondingParty != client.Party || summary.State == "Closed") continue;
            var chain = await client.GetChainAsync(summary.Id, ct);
            foreach (var request in chain.Messages.Where(m => m.Kind == "Request" && m.RecipientParty == client.Party))
            {
                var transfers = await client.ListTransfersAsync(messageId: request.Id, ct: ct);
                var query = transfers.FirstOrDefault(t => t.Direction == "query" && t.State != "rejected");
                var reply = transfers.FirstOrDefault(t => t.Direction == "reply" && t.State != "rejected");
                if (transfers.Any(t => t.State == "rejected") && (query is null || reply is null)) continue; // a person said no: leave it to them
                if (reply is { State: "done" }) continue;
                if (query is null)
                {
                    var content = client.Decrypt(chain).First(d => d.Message.Id == request.Id);
                    if (!content.SignatureValid) { await WriteAsync($"chain {chain.Id}: the request's signature does not hold; skipped."); continue; }
                    var uims = Strings(content.Content, "uims");
                    var plan = adapter.Plan(uims, Strings(content.Content, "wanted"));
                    await client.ProposeTransferAsync(chain.Id, request.Id, "query", plan, uims.Count, ct);
                    if (request.ReadAt is null) await client.MarkAsync(request.Id, actioned: false, ct);
                    await WriteAsync($"chain {chain.Id}: query for {uims.Count} UIM(s) waiting for approval.");
                    proposed++;
                    continue;
                }
                if (query.State == "pending") { waiting++; continue; }
                if (reply is null)
                {
                    var approved = Approved(query) ?? throw new InvalidOperationException($"Transfer {query.Id} is marked approved but its approval does not verify: refused.");
                    var national = approved.Deserialize<NationalQuery>(JsonSerializerOptions.Web) ?? throw new InvalidDataException("Empty approved query.");
                    var answers = await adapter.QueryAsync(national, ct);
                    run++;
                    var content = new TraceabilityReply(answers, $"Answered from the national track-and-trace system ({adapter.Name}).");
                    await client.ProposeTransferAsync(chain.Id, request.Id, "reply", content, answers.Count, ct);
                    if (query.State == "approved") await client.TransferDoneAsync(query.Id, null, ct);
                    await WriteAsync($"chain {chain.Id}: reply for {answers.Count} UIM(s) waiting for approval.");
                    repliesProposed++;
                    continue;
                }
                if (reply.State == "pending") { waiting++; continue; }
                var replyContent = Approved(reply) ?? throw new InvalidOperationException($"Transfer {reply.Id} is marked approved but its approval does not verify: refused.");
                var messageId = await client.SendMessageAsync(chain.Id, "reply", replyContent, reply.UimCount, ct);
                await client.TransferDoneAsync(reply.Id, messageId, ct);
                await client.MarkAsync(request.Id, actioned: true, ct);
                await WriteAsync($"chain {chain.Id}: approved reply sent.");
                sent++;
            }
        }
        return new ConnectorPass(proposed, run, repliesProposed, sent, waiting, feedItems);
    }

    /// <summary>Runs a pass, then waits <paramref name="interval"/>, until cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken ct)
    {
        while (true)
        {
            var pass = await RunOnceAsync(ct);
            await WriteAsync($"{(clock ?? TimeProvider.System).GetUtcNow():yyyy-MM-dd'T'HH:mm:ss'Z'} pass: {pass.QueriesProposed} query(ies) proposed, {pass.QueriesRun} run, {pass.RepliesProposed} reply(ies) proposed, {pass.RepliesSent} sent, {pass.Waiting} waiting for approval.");
            await Task.Delay(interval, clock ?? TimeProvider.System, ct);
        }
    }

    /// <summary>The preview of an approved transfer, if and only if this connector signed it and the approval verifies.</summary>
    private JsonElement? Approved(TransferDto t)
    {
        if (t.State is not ("approved" or "done")) return null;
        if (!TraceabilityClient.IsApproved(t with { State = "approved" }, trustedApprovers)) return null;
        if (!string.Equals(t.ProposerFingerprint, client.Fingerprint, StringComparison.Ordinal)) return null;
        var opened = client.Open(t);
        return opened.SignatureValid ? opened.Preview : null;
    }

    private static List<string> Strings(JsonElement e, string property) =>
        e.TryGetProperty(property, out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];

    private Task WriteAsync(string line) => log?.WriteLineAsync(line) ?? Task.CompletedTask;
}
