using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Cli.Connector;
using Cordon.Client;
using Cordon.Client.Traceability;
using Cordon.Domain.Traceability.Crypto;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using static Cordon.Web.Tests.Traceability.TraceabilityWorld;

namespace Cordon.Web.Tests.Traceability;

/// <summary>
/// Version 3: Party B's connector answers Party A's request from an EPCIS 2.0 repository (an in-process fake on loopback
/// serving real EPCIS 2.0 JSON-LD), with a person's approval before each transfer; and the clients refuse a Party key the
/// server substituted. Real crypto throughout (TraceabilityClient).
/// </summary>
public class ConnectorTests(CordonApp app) : IClassFixture<CordonApp>
{
    private readonly TraceabilityWorld _world = new(app);

    private const string EpcTemplate = "https://id.tt.example.gov/uim/{uim}";
    private const string Known1 = "LEATQCONNECTOR00001X2611230";
    private const string Known2 = "LEATQCONNECTOR00002X2611230";
    private const string Unknown = "LEATQCONNECTOR99999X2611230";

    /// <summary>A person (or the connector) with real keys registered through the .NET client.</summary>
    private sealed record Actor(CordonClient Api, HttpClient Http, string Secret, string Fingerprint);

    private static async Task<Actor> KeysAsync(HttpClient http, string secret)
    {
        var api = new CordonClient(http);
        return new Actor(api, http, secret, await TraceabilityClient.RegisterKeysAsync(api, secret));
    }

    /// <summary>The administrator compares each member's fingerprint, then creates generation 1 sealed to each and endorses it.</summary>
    private static async Task FirstGenerationAsync(string party, Actor admin, params Actor[] members)
    {
        using var adminKeys = await TraceabilityClient.UnlockAsync(admin.Api, admin.Secret);
        var view = await Json(await admin.Http.GetAsync("/api/v1/traceability/party-keys"), HttpStatusCode.OK);
        using var key = TraceabilityCrypto.GeneratePartyKey();
        var shares = new List<object>();
        foreach (var m in members.Prepend(admin))
        {
            var listed = view.GetProperty("members").EnumerateArray().Single(x => x.GetProperty("fingerprint").GetString() == m.Fingerprint);
            Assert.Equal(m.Fingerprint, TraceabilityCrypto.Fingerprint(listed.GetProperty("encryptionPublicKey").GetString()!, listed.GetProperty("signingPublicKey").GetString()!));
            shares.Add(new { userKeyId = listed.GetProperty("keyId").GetGuid(), wrappedKey = TraceabilityCrypto.WrapPartyKeyForMember(key.PrivateKey, listed.GetProperty("encryptionPublicKey").GetString()!) });
        }
        await Json(await admin.Http.PostAsJsonAsync("/api/v1/traceability/party-keys/generations", new
        {
            number = 1, publicKey = key.PublicKey, shares, endorsement = TraceabilityCrypto.EndorsePartyKey(party, 1, key.PublicKey, adminKeys.Keys),
        }), HttpStatusCode.OK);
    }

    /// <summary>A minimal EPCIS 2.0 repository: GET /epcis/events?MATCH_anyEPC=… answers an EPCISQueryDocument (JSON-LD).</summary>
    private sealed class FakeEpcis : IAsyncDisposable
    {
        private readonly WebApplication _app;
        public List<string> Queries { get; } = [];

        private FakeEpcis(WebApplication app) => _app = app;

        public Uri Endpoint => new(_app.Urls.First() + "/epcis");

        public static async Task<FakeEpcis> StartAsync()
        {
            var app = WebApplication.CreateSlimBuilder().Build();
            app.Urls.Add("http://127.0.0.1:0");
            var fake = new FakeEpcis(app);
            app.MapGet("/epcis/events", (HttpRequest r) =>
            {
                lock (fake.Queries) fake.Queries.Add(r.QueryString.Value ?? "");
                var asked = r.Query["MATCH_anyEPC"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
                var events = Events().Where(e => e.GetProperty("epcList").EnumerateArray().Any(x => asked.Contains(x.GetString()!))).ToList();
                var doc = new Dictionary<string, object>
                {
                    ["@context"] = new object[] { "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld" },
                    ["type"] = "EPCISQueryDocument", ["schemaVersion"] = "2.0", ["creationDate"] = "2026-11-23T10:00:00Z",
                    ["epcisBody"] = new { queryResults = new { queryName = "SimpleEventQuery", resultsBody = new { eventList = events } } },
                };
                return Results.Text(JsonSerializer.Serialize(doc), "application/ld+json");
            });
            await app.StartAsync();
            return fake;
        }

        private static string Epc(string uim) => EpcTemplate.Replace("{uim}", uim, StringComparison.Ordinal);

        /// <summary>Commissioning at the factory on a line, then shipping to the first customer with an invoice, then to a wholesaler.</summary>
        private static List<JsonElement> Events() =>
        [
            .. new[] { Known1, Known2 }.SelectMany(uim => new object[]
            {
                new
                {
                    type = "ObjectEvent", eventTime = "2026-10-01T06:15:00.000+02:00", eventTimeZoneOffset = "+02:00", epcList = new[] { Epc(uim) }, action = "ADD",
                    bizStep = "commissioning", disposition = "active", readPoint = new { id = "urn:epc:id:sgln:9012345.00001.LINE7" },
                    bizLocation = new { id = "urn:epc:id:sgln:9012345.00001.0" }, ilmd = new Dictionary<string, object> { ["productDescription"] = "Kingsway Red 20s", ["intendedMarket"] = "AT" },
                },
                new
                {
                    type = "ObjectEvent", eventTime = "2026-10-03T09:00:00.000+02:00", eventTimeZoneOffset = "+02:00", epcList = new[] { Epc(uim) }, action = "OBSERVE",
                    bizStep = "shipping", readPoint = new { id = "urn:epc:id:sgln:9012345.00001.DOCK2" },
                    bizTransactionList = new[] { new { type = "inv", bizTransaction = "urn:epcglobal:cbv:bt:9012345000010:INV-55123" } },
                    sourceList = new[] { new { type = "location", source = "urn:epc:id:sgln:9012345.00001.0" } },
                    destinationList = new[] { new { type = "owning_party", destination = "urn:epc:id:pgln:4000001.00000" }, new { type = "location", destination = "urn:epc:id:sgln:4000001.00002.0" } },
                },
                new
                {
                    type = "ObjectEvent", eventTime = "2026-10-09T14:30:00.000+02:00", eventTimeZoneOffset = "+02:00", epcList = new[] { Epc(uim) }, action = "OBSERVE",
                    bizStep = "urn:epcglobal:cbv:bizstep:shipping", readPoint = new { id = "urn:epc:id:sgln:4000001.00002.0" },
                    destinationList = new[] { new { type = "owning_party", destination = "urn:epc:id:pgln:5000002.00000" }, new { type = "location", destination = "urn:epc:id:sgln:5000002.00009.0" } },
                },
            }).Select(e => JsonSerializer.SerializeToElement(e)),
        ];

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    private sealed record Scenario(string PartyA, string PartyB, Actor OfficerA, Actor ApproverB, Actor ConnectorB, HttpClient ConnectorHttp);

    private async Task<Scenario> SetUpAsync()
    {
        var partyA = await _world.NewPartyAsync();
        var partyB = await _world.NewPartyAsync();
        var adminA = await KeysAsync((await _world.NewUserAsync(partyA, true, AllRights)).Client, "admin A secret " + partyA);
        var officerA = await KeysAsync((await _world.NewUserAsync(partyA, false, AllRights)).Client, "officer A secret " + partyA);
        var adminB = await KeysAsync((await _world.NewUserAsync(partyB, true, AllRights)).Client, "admin B secret " + partyB);
        var approverB = await KeysAsync((await _world.NewUserAsync(partyB, false, AllRights)).Client, "approver B secret " + partyB);
        // The connector: a system user (API token) whose keys are wrapped by a secret kept on its machine.
        var connectorHttp = await app.ApiClientAsync(partyB, "Traceability.View", "Traceability.Submit");
        var connectorB = await KeysAsync(connectorHttp, "connector secret held in a file " + partyB);
        await FirstGenerationAsync(partyA, adminA, officerA);
        await FirstGenerationAsync(partyB, adminB, approverB, connectorB);
        return new Scenario(partyA, partyB, officerA, approverB, connectorB, connectorHttp);
    }

    [Fact]
    public async Task The_connector_answers_from_EPCIS_only_after_each_transfer_is_approved_and_the_database_holds_no_plaintext()
    {
        var s = await SetUpAsync();
        await using var epcis = await FakeEpcis.StartAsync();
        using var http = new HttpClient();
        using var connectorClient = await TraceabilityClient.UnlockAsync(s.ConnectorB.Api, s.ConnectorB.Secret);
        Assert.True(await connectorClient.IsConfirmedAsync());
        var connector = new TraceabilityConnector(connectorClient, new EpcisAdapter(http, epcis.Endpoint, EpcTemplate),
            new Cordon.Client.Feed.FeedFollower(s.ConnectorB.Api, new MemoryCursors()));

        // Party A's user sends a request through the .NET client.
        using var officer = await TraceabilityClient.UnlockAsync(s.OfficerA.Api, s.OfficerA.Secret);
        const string question = "Where were these packs seized at Graz made and shipped?";
        var chainId = await officer.SendRequestAsync(s.PartyB, new TraceabilityRequest("Seizure Graz", [Known1, Known2, Unknown], question, ["a", "b", "c", "d", "e", "g", "h", "j"]));

        // Pass 1: the query waits for approval; nothing reached the national system.
        var pass = await connector.RunOnceAsync();
        Assert.Equal(1, pass.QueriesProposed);
        Assert.True(pass.FeedItems >= 1, "the request arrived through the change feed");
        Assert.Empty(epcis.Queries);
        pass = await connector.RunOnceAsync();
        Assert.Equal((0, 0, 1), (pass.QueriesProposed, pass.QueriesRun, pass.Waiting));
        Assert.Empty(epcis.Queries);

        // Approval of the query by a person of B, who reads it decrypted on B's side.
        using var approver = await TraceabilityClient.UnlockAsync(s.ApproverB.Api, s.ApproverB.Secret);
        var pending = Assert.Single(await approver.ListTransfersAsync("pending"));
        Assert.Equal("query", pending.Direction);
        var opened = approver.Open(pending);
        Assert.True(opened.SignatureValid);
        Assert.Equal([Known1, Known2, Unknown], opened.Preview.GetProperty("uims").EnumerateArray().Select(u => u.GetString()!).ToArray());
        Assert.StartsWith($"GET {epcis.Endpoint.AbsoluteUri.TrimEnd('/')}/events?MATCH_anyEPC=", opened.Preview.GetProperty("requests")[0].GetString());
        // Nobody else approves: not the connector itself, not Party A (404), not a digest the approver did not read.
        Assert.Equal(HttpStatusCode.Forbidden, (await s.ConnectorHttp.PostAsJsonAsync($"/api/v1/traceability/transfers/{pending.Id}/approve", new { previewDigest = pending.PreviewDigest, signature = "AAAA" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.OfficerA.Http.GetAsync($"/api/v1/traceability/transfers/{pending.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.OfficerA.Http.PostAsJsonAsync($"/api/v1/traceability/transfers/{pending.Id}/approve", new { previewDigest = pending.PreviewDigest, signature = "AAAA" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await s.ApproverB.Http.PostAsJsonAsync($"/api/v1/traceability/transfers/{pending.Id}/approve", new { previewDigest = new string('0', 64), signature = "AAAA" })).StatusCode);
        await approver.ApproveTransferAsync(pending);

        // Pass 3: the approved query runs; the reply waits for approval, nothing is sent to A yet.
        pass = await connector.RunOnceAsync();
        Assert.Equal((1, 1), (pass.QueriesRun, pass.RepliesProposed));
        Assert.Single(epcis.Queries);
        Assert.Contains("MATCH_anyEPC=", epcis.Queries[0], StringComparison.Ordinal);
        Assert.Single((await officer.GetChainAsync(chainId)).Messages);
        pass = await connector.RunOnceAsync();
        Assert.Equal((0, 1), (pass.RepliesSent, pass.Waiting));
        Assert.Single((await officer.GetChainAsync(chainId)).Messages);

        var replyTransfer = Assert.Single(await approver.ListTransfersAsync("pending"));
        Assert.Equal("reply", replyTransfer.Direction);
        var replyPreview = approver.Open(replyTransfer);
        Assert.True(replyPreview.SignatureValid);
        Assert.Contains("2026-10-01", replyPreview.Preview.GetProperty("answers")[0].GetProperty("template").GetProperty("a").GetString(), StringComparison.Ordinal);
        await approver.ApproveTransferAsync(replyTransfer);

        pass = await connector.RunOnceAsync();
        Assert.Equal(1, pass.RepliesSent);
        Assert.Equal(0, (await connector.RunOnceAsync()).RepliesSent); // done once

        // Party A's user decrypts the reply: exactly what was approved, signed by B's connector.
        var history = officer.Decrypt(await officer.GetChainAsync(chainId));
        Assert.Equal(["Request", "Reply"], history.Select(h => h.Message.Kind).ToArray());
        Assert.All(history, h => Assert.True(h.SignatureValid));
        Assert.Equal(replyPreview.Preview.GetRawText(), history[1].Content.GetRawText());
        var answers = history[1].Content.GetProperty("answers").EnumerateArray().ToDictionary(a => a.GetProperty("uim").GetString()!);
        Assert.True(answers[Known1].GetProperty("valid").GetBoolean());
        var template = answers[Known1].GetProperty("template");
        Assert.Equal("urn:epc:id:sgln:9012345.00001.0", template.GetProperty("b").GetString());
        Assert.Equal("urn:epc:id:sgln:9012345.00001.LINE7", template.GetProperty("c").GetString());
        Assert.Equal("2026-10-01T04:15:00Z", template.GetProperty("d").GetString());
        Assert.Contains("INV-55123", template.GetProperty("e").GetString(), StringComparison.Ordinal);
        Assert.Contains("urn:epc:id:pgln:4000001.00000", template.GetProperty("e").GetString(), StringComparison.Ordinal);
        Assert.Contains("Kingsway Red 20s", template.GetProperty("g").GetString(), StringComparison.Ordinal);
        Assert.Contains("urn:epc:id:pgln:5000002.00000", template.GetProperty("j").GetString(), StringComparison.Ordinal);
        Assert.False(template.TryGetProperty("f", out _)); // not asked for, not sent
        Assert.False(template.TryGetProperty("i", out _));
        Assert.False(answers[Unknown].GetProperty("valid").GetBoolean());
        Assert.Equal("Answered", (await officer.GetChainAsync(chainId)).State);

        // The approvals are audited, metadata only; the transfers are done.
        var audited = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action.StartsWith("traceability.transfer-")).Select(a => a.Action).ToListAsync());
        Assert.Equal(2, audited.Count(a => a == "traceability.transfer-approved"));
        Assert.Equal(2, audited.Count(a => a == "traceability.transfer-done"));
        Assert.All(await approver.ListTransfersAsync(), t => Assert.Equal("done", t.State));

        // No UIM, question or national data in the database in plain text.
        string[] secrets = [Known1, Known2, Unknown, question, "Seizure Graz", "9012345.00001", "INV-55123", "Kingsway", "pgln:4000001", epcis.Endpoint.Authority];
        var found = await app.WithDbAsync(db => EndToEndTests.ScanAsync(db, secrets));
        Assert.True(found.Count == 0, "Plaintext found: " + string.Join("; ", found));
    }

    [Fact]
    public async Task A_rejected_transfer_sends_nothing()
    {
        var s = await SetUpAsync();
        await using var epcis = await FakeEpcis.StartAsync();
        using var http = new HttpClient();
        using var connectorClient = await TraceabilityClient.UnlockAsync(s.ConnectorB.Api, s.ConnectorB.Secret);
        var connector = new TraceabilityConnector(connectorClient, new EpcisAdapter(http, epcis.Endpoint, EpcTemplate));
        using var officer = await TraceabilityClient.UnlockAsync(s.OfficerA.Api, s.OfficerA.Secret);
        var chainId = await officer.SendRequestAsync(s.PartyB, new TraceabilityRequest("Seizure", [Known1], "", []));
        await connector.RunOnceAsync();
        using var approver = await TraceabilityClient.UnlockAsync(s.ApproverB.Api, s.ApproverB.Secret);
        var pending = Assert.Single(await approver.ListTransfersAsync("pending"));
        await approver.RejectTransferAsync(pending.Id);
        var pass = await connector.RunOnceAsync();
        Assert.Equal((0, 0, 0), (pass.QueriesProposed, pass.QueriesRun, pass.RepliesSent));
        Assert.Empty(epcis.Queries);
        Assert.Single((await officer.GetChainAsync(chainId)).Messages);
        Assert.Contains("traceability.transfer-rejected", await app.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task A_Party_key_substituted_in_the_database_is_refused_by_the_client()
    {
        var s = await SetUpAsync();
        using var officer = await TraceabilityClient.UnlockAsync(s.OfficerA.Api, s.OfficerA.Secret);
        // Endorsed keys pass.
        await officer.VerifiedCurrentKeyAsync(s.PartyB);
        // The server (or whoever controls the database) swaps B's public key for one of its own.
        using var rogue = TraceabilityCrypto.GeneratePartyKey();
        await app.WithDbAsync(db => db.PartyKeyGenerations.Where(g => g.PartyCode == s.PartyB).ExecuteUpdateAsync(u => u.SetProperty(g => g.PublicKey, rogue.PublicKey)));
        var chains = await app.WithDbAsync(db => db.TraceabilityChains.CountAsync(c => c.RespondingParty == s.PartyB));
        await Assert.ThrowsAsync<TraceabilityTrustException>(() => officer.SendRequestAsync(s.PartyB, new TraceabilityRequest("x", [Known1], "", [])));
        Assert.Equal(chains, await app.WithDbAsync(db => db.TraceabilityChains.CountAsync(c => c.RespondingParty == s.PartyB)));

        // Pinning: an endorsement by another administrator key than the one pinned is refused too.
        var pins = new Dictionary<string, string> { [s.PartyA] = "0000 0000 0000 0000 0000 0000 0000 0000 0000 0000" };
        using var pinned = await TraceabilityClient.UnlockAsync(s.OfficerA.Api, s.OfficerA.Secret, pins);
        await Assert.ThrowsAsync<TraceabilityTrustException>(() => pinned.VerifiedCurrentKeyAsync(s.PartyA));
    }

    private sealed class MemoryCursors : Cordon.Client.Feed.ICursorStore
    {
        private long _cursor;
        public Task<long> LoadAsync(CancellationToken ct = default) => Task.FromResult(_cursor);
        public Task SaveAsync(long cursor, CancellationToken ct = default) { _cursor = cursor; return Task.CompletedTask; }
    }
}
