using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Cordon.Web.Tests.Traceability.TraceabilityWorld;

namespace Cordon.Web.Tests.Traceability;

/// <summary>Library, keys, chains and access, through the API as real signed-in users (on a database of its own).</summary>
public class TraceabilityTests(CordonApp app) : IClassFixture<CordonApp>
{
    private readonly TraceabilityWorld _world = new(app);

    private static object Pattern(string? party = null, string name = "Test pack code", string[]? examples = null, string? regex = null) => new
    {
        party, name, description = "Test", level = "pack",
        segments = regex is null ? new object[] { new { literal = "TQ" }, new { alphabet = "digits", min = 6, max = 6 } } : null,
        regex, examples = examples ?? ["TQ123456"], validFrom = "2024-01-01", validTo = (string?)null,
    };

    [Fact]
    public async Task The_published_library_holds_the_demo_patterns_in_the_contract_shape()
    {
        var officer = await app.SignInAsync("enforcement.in@cordon.example");
        var r = await officer.GetAsync("/api/v1/traceability/patterns");
        var json = await Json(r, HttpStatusCode.OK);
        Assert.StartsWith("application/json", r.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(json.GetProperty("generatedAt").GetString(), out _));
        var patterns = json.GetProperty("patterns").EnumerateArray().ToList();
        var at = patterns.Single(p => p.GetProperty("party").GetString() == "AT" && p.GetProperty("level").GetString() == "pack");
        var segments = at.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal("LEAT1", segments[0].GetProperty("literal").GetString());
        Assert.Equal(27, 5 + segments.Skip(1).Sum(s => s.GetProperty("max").GetInt32()));
        Assert.Equal(JsonValueKind.Null, at.GetProperty("regex").ValueKind);
        Assert.All(at.GetProperty("examples").EnumerateArray(), e => Assert.Equal(27, e.GetString()!.Length));
        Assert.Equal("2019-05-20", at.GetProperty("validFrom").GetString());
        Assert.Contains(patterns, p => p.GetProperty("level").GetString() == "aggregated");
        Assert.Contains(patterns, p => p.GetProperty("party").GetString() == "KZ" && p.GetProperty("regex").GetString()!.Length > 0 && p.GetProperty("segments").ValueKind == JsonValueKind.Null);
        foreach (var party in new[] { "IN", "CO", "DE", "FR", "IT" }) Assert.Contains(patterns, p => p.GetProperty("party").GetString() == party);
        Assert.Contains(patterns, p => p.GetProperty("validTo").ValueKind == JsonValueKind.String);

        // v1 browse: a code finds the Party most likely to have issued it.
        var found = await Json(await officer.GetAsync("/api/v1/traceability/patterns/search?search=LEAT1A7K29QX4C12M0726111408"), HttpStatusCode.OK);
        Assert.Equal("AT", Assert.Single(found.EnumerateArray().Select(p => p.GetProperty("party").GetString()).Distinct()));
    }

    [Fact]
    public async Task Parties_publish_their_own_patterns_the_Secretariat_curates_all_and_every_change_is_audited()
    {
        var party = await _world.NewPartyAsync();
        var (approver, _, _) = await _world.NewUserAsync(party, false, AllRights);
        var (officer, _, _) = await _world.NewUserAsync(party, false, "Traceability.View", "Traceability.Submit");

        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync("/api/v1/traceability/patterns", Pattern())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.PostAsJsonAsync("/api/v1/traceability/patterns", Pattern(party: "AT"))).StatusCode);
        var bad = await Json(await approver.PostAsJsonAsync("/api/v1/traceability/patterns", Pattern(examples: ["TQ12345X"])), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("examples", out _));
        var badRegex = await Json(await approver.PostAsJsonAsync("/api/v1/traceability/patterns", Pattern(regex: "TQ[0-9", examples: ["TQ1"])), HttpStatusCode.BadRequest);
        Assert.True(badRegex.GetProperty("errors").TryGetProperty("regex", out _));

        var created = await Json(await approver.PostAsJsonAsync("/api/v1/traceability/patterns", Pattern()), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(party, created.GetProperty("party").GetString());
        var library = await approver.GetStringAsync("/api/v1/traceability/patterns");
        Assert.Contains(id.ToString(), library, StringComparison.Ordinal);

        // Another Party's approver cannot touch it; the stale version is refused.
        var other = await _world.NewPartyAsync();
        var (foreign, _, _) = await _world.NewUserAsync(other, false, AllRights);
        Assert.Equal(HttpStatusCode.Forbidden, (await foreign.PutAsJsonAsync($"/api/v1/traceability/patterns/{id}", Pattern(name: "Hijacked"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await foreign.DeleteAsync($"/api/v1/traceability/patterns/{id}")).StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/traceability/patterns/{id}") { Content = JsonContent.Create(Pattern(name: "Renamed")) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await approver.SendAsync(stale)).StatusCode);
        var changed = await Json(await approver.PutAsJsonAsync($"/api/v1/traceability/patterns/{id}", Pattern(name: "Renamed", examples: ["TQ000001", "tq 000 002"])), HttpStatusCode.OK);
        Assert.Equal(2, changed.GetProperty("version").GetInt64());
        Assert.Equal("TQ000002", changed.GetProperty("examples")[1].GetString());

        // The Secretariat administrator curates (withdraws) it, and publishes for a Party without users; the analyst may not.
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var analyst = await app.SignInAsync("secretariat.analyst@cordon.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.DeleteAsync($"/api/v1/traceability/patterns/{id}")).StatusCode);
        await Json(await secretariat.DeleteAsync($"/api/v1/traceability/patterns/{id}"), HttpStatusCode.OK);
        Assert.DoesNotContain(id.ToString(), await approver.GetStringAsync("/api/v1/traceability/patterns"), StringComparison.Ordinal);
        await Json(await secretariat.PostAsJsonAsync("/api/v1/traceability/patterns", Pattern(party: "SE", name: "Swedish test")), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.BadRequest, (await secretariat.PostAsJsonAsync("/api/v1/traceability/patterns", Pattern(party: null))).StatusCode);

        var history = await Json(await approver.GetAsync($"/api/v1/traceability/patterns/{id}/history"), HttpStatusCode.OK);
        Assert.Equal(["traceability.pattern-published", "traceability.pattern-changed", "traceability.pattern-withdrawn"],
            history.EnumerateArray().Select(h => h.GetProperty("action").GetString()!).ToArray());
        Assert.Equal("secretariat.admin@cordon.example", history[2].GetProperty("who").GetString());
    }

    [Fact]
    public async Task A_chain_goes_open_answered_open_closed_with_read_and_actioned_per_Party()
    {
        var (_, requesters) = await _world.NewPartyWithKeysAsync();
        var (_, responders) = await _world.NewPartyWithKeysAsync();
        var a = requesters[0];
        var b = responders[0];
        var attachment = (Guid.NewGuid(), FakeBlob("attachment"));
        var chain = await OpenChainAsync(a, b.Party, uims: 4, attachments: [attachment]);
        var id = chain.GetProperty("id").GetGuid();
        Assert.Equal("Open", chain.GetProperty("state").GetString());
        var request = chain.GetProperty("messages")[0];
        Assert.Equal("Request", request.GetProperty("kind").GetString());
        Assert.Equal(4, request.GetProperty("uimCount").GetInt32());

        // The responding Party sees it unread, gets a notification with metadata only, and reads the attachment's ciphertext.
        var list = await Json(await b.Client.GetAsync("/api/v1/traceability/chains"), HttpStatusCode.OK);
        var summary = list.EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == id);
        Assert.Equal(1, summary.GetProperty("unreadForMe").GetInt32());
        var notes = await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == b.Id).Select(n => new { n.Message.MessageKey, n.Message.Arguments, n.Message.Link }).ToListAsync());
        var note = Assert.Single(notes, n => n.MessageKey == "Notification.TraceabilityRequest");
        Assert.Equal(a.Party, note.Arguments);
        Assert.Equal(attachment.Item2, await b.Client.GetStringAsync($"/api/v1/traceability/attachments/{attachment.Item1}"));
        var delivery = await app.WithDbAsync(db => db.Deliveries.SingleAsync(d => d.RecordId == request.GetProperty("id").GetString()));
        Assert.Equal(b.Party, delivery.RecipientPartyCode);

        // Only the Party asked replies; the requester cannot mark its own message.
        Assert.Equal(HttpStatusCode.Forbidden, (await a.Client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/messages", Message(Guid.NewGuid(), "reply", 1, 1, FakeBlob("x")))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await a.Client.PostAsync($"/api/v1/traceability/messages/{request.GetProperty("id").GetGuid()}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await b.Client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/messages", Message(Guid.NewGuid(), "reply", 2, 1, FakeBlob("x")))).StatusCode);
        var read = await Json(await b.Client.PostAsync($"/api/v1/traceability/messages/{request.GetProperty("id").GetGuid()}/read", null), HttpStatusCode.OK);
        Assert.NotEqual(JsonValueKind.Null, read.GetProperty("readAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, read.GetProperty("actionedAt").ValueKind);

        var replied = await Json(await b.Client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/messages", Message(Guid.NewGuid(), "reply", 1, 4, FakeBlob("reply"))), HttpStatusCode.OK);
        Assert.Equal("Answered", replied.GetProperty("state").GetString());
        Assert.NotEqual(JsonValueKind.Null, replied.GetProperty("firstReplyAt").ValueKind);
        await Json(await b.Client.PostAsync($"/api/v1/traceability/messages/{request.GetProperty("id").GetGuid()}/actioned", null), HttpStatusCode.OK);
        Assert.NotNull((await app.WithDbAsync(db => db.Deliveries.SingleAsync(d => d.RecordId == request.GetProperty("id").GetString()))).ActionedAt);

        var followed = await Json(await a.Client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/messages", Message(Guid.NewGuid(), "follow-up", 1, 2, FakeBlob("follow"))), HttpStatusCode.OK);
        Assert.Equal("Open", followed.GetProperty("state").GetString());
        Assert.Equal(6, followed.GetProperty("uimCount").GetInt32());
        Assert.Equal([1, 2, 3], followed.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("sequence").GetInt32()).ToArray());
        var reused = Message(followed.GetProperty("messages")[2].GetProperty("id").GetGuid(), "follow-up", 1, 0, FakeBlob("again"));
        Assert.Equal(HttpStatusCode.Conflict, (await b.Client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/messages", reused)).StatusCode);

        var closed = await Json(await b.Client.PostAsync($"/api/v1/traceability/chains/{id}/close", null), HttpStatusCode.OK);
        Assert.Equal("Closed", closed.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await a.Client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/messages", Message(Guid.NewGuid(), "follow-up", 1, 0, FakeBlob("late")))).StatusCode);
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "TraceabilityChain" && e.EntityId == id.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Equal(new[] { "traceability.chain-opened", "traceability.message-actioned", "traceability.message-sent", "traceability.message-sent", "traceability.chain-closed" }.Order(StringComparer.Ordinal),
            audit.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Invalid_requests_are_refused_with_the_field_named()
    {
        var (_, requesters) = await _world.NewPartyWithKeysAsync();
        var (_, responders) = await _world.NewPartyWithKeysAsync();
        var a = requesters[0];
        async Task<JsonElement> Refused(object body, HttpStatusCode status = HttpStatusCode.BadRequest) =>
            await Json(await a.Client.PostAsJsonAsync("/api/v1/traceability/chains", body), status);

        var e = await Refused(new { id = Guid.NewGuid(), respondingParty = a.Party, keys = KeyVersion(1, 1, 1), message = Message(Guid.NewGuid(), "request", 1, 1, FakeBlob("x")) });
        Assert.True(e.GetProperty("errors").TryGetProperty("respondingParty", out _));
        e = await Refused(new { id = Guid.NewGuid(), respondingParty = responders[0].Party, keys = KeyVersion(1, 1, 1), message = Message(Guid.NewGuid(), "request", 1, 0, FakeBlob("x")) });
        Assert.True(e.GetProperty("errors").TryGetProperty("message.uimCount", out _));
        e = await Refused(new { id = Guid.NewGuid(), respondingParty = responders[0].Party, keys = KeyVersion(1, 1, 1), message = Message(Guid.NewGuid(), "request", 1, 1, "") });
        Assert.True(e.GetProperty("errors").TryGetProperty("message.ciphertext", out _));
        var six = Enumerable.Range(0, 6).Select(_ => (Guid.NewGuid(), FakeBlob("a"))).ToArray();
        e = await Refused(new { id = Guid.NewGuid(), respondingParty = responders[0].Party, keys = KeyVersion(1, 1, 1), message = Message(Guid.NewGuid(), "request", 1, 1, FakeBlob("x"), six) });
        Assert.True(e.GetProperty("errors").TryGetProperty("message.attachments", out _));
        // Wrapped to a generation the responding Party does not have.
        await Refused(new { id = Guid.NewGuid(), respondingParty = responders[0].Party, keys = KeyVersion(1, 1, 2), message = Message(Guid.NewGuid(), "request", 1, 1, FakeBlob("x")) }, HttpStatusCode.Conflict);

        // A confirmed sender is required: a new member with keys but no Party key yet is refused.
        var (newcomer, _, _) = await _world.NewUserAsync(a.Party, false, AllRights);
        await RegisterKeysAsync(newcomer);
        var r = await newcomer.PostAsJsonAsync("/api/v1/traceability/chains", new { id = Guid.NewGuid(), respondingParty = responders[0].Party, keys = KeyVersion(1, 1, 1), message = Message(Guid.NewGuid(), "request", 1, 1, FakeBlob("x")) });
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await a.Client.PostAsJsonAsync("/api/v1/traceability/keys", new { encryptionPublicKey = "not base64!", signingPublicKey = FakeKey(), fingerprint = "x", wrappedPrivateKeys = "" })).StatusCode);
    }

    [Fact]
    public async Task Another_Party_gets_404_or_403_on_every_chain_endpoint_and_the_Secretariat_sees_no_content()
    {
        var (_, requesters) = await _world.NewPartyWithKeysAsync();
        var (_, responders) = await _world.NewPartyWithKeysAsync();
        var (outsiderAdmin, outsiders) = await _world.NewPartyWithKeysAsync();
        var attachment = (Guid.NewGuid(), FakeBlob("attachment"));
        var chain = await OpenChainAsync(requesters[0], responders[0].Party, attachments: [attachment]);
        var id = chain.GetProperty("id").GetGuid();
        var message = chain.GetProperty("messages")[0].GetProperty("id").GetGuid();
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var token = await app.ApiClientAsync(outsiders[0].Party, AllRights);

        foreach (var (who, client) in new[] { ("outsider", outsiders[0].Client), ("outsider admin", outsiderAdmin.Client), ("secretariat", secretariat), ("outsider system", token) })
        {
            var calls = new (string Name, Func<Task<HttpResponseMessage>> Call)[]
            {
                ("get chain", () => client.GetAsync($"/api/v1/traceability/chains/{id}")),
                ("send", () => client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/messages", Message(Guid.NewGuid(), "follow-up", 1, 1, FakeBlob("x")))),
                ("key version", () => client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/key-versions", KeyVersion(2, 1, 1))),
                ("close", () => client.PostAsync($"/api/v1/traceability/chains/{id}/close", null)),
                ("read", () => client.PostAsync($"/api/v1/traceability/messages/{message}/read", null)),
                ("actioned", () => client.PostAsync($"/api/v1/traceability/messages/{message}/actioned", null)),
                ("attachment", () => client.GetAsync($"/api/v1/traceability/attachments/{attachment.Item1}")),
            };
            foreach (var (name, call) in calls)
            {
                var r = await call();
                Assert.True(r.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{who} {name}: {(int)r.StatusCode}");
                Assert.DoesNotContain(attachment.Item2, await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            var listed = await client.GetAsync("/api/v1/traceability/chains");
            if (listed.IsSuccessStatusCode) Assert.DoesNotContain(id.ToString(), await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // Nothing changed: still open, one message, unread.
        var row = await app.WithDbAsync(db => db.TraceabilityChains.SingleAsync(c => c.Id == id));
        Assert.Equal(Cordon.Domain.Traceability.ChainState.Open, row.State);
        Assert.Equal(1, row.MessageCount);
        Assert.Null((await app.WithDbAsync(db => db.TraceabilityMessages.SingleAsync(m => m.Id == message))).ReadAt);

        // Key administration of another Party: an officer is not its administrator; an administrator only manages its own.
        Assert.Equal(HttpStatusCode.Forbidden, (await outsiders[0].Client.GetAsync("/api/v1/traceability/party-keys")).StatusCode);
        var confirm = await outsiderAdmin.Client.PostAsJsonAsync("/api/v1/traceability/party-keys/members", new { userKeyId = requesters[0].KeyId, shares = new[] { new { generation = 1, wrappedKey = FakeBlob("evil") } } });
        Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);
        var steal = await outsiderAdmin.Client.PostAsJsonAsync("/api/v1/traceability/party-keys/generations", new { number = 2, publicKey = FakeKey(), endorsement = FakeEndorsement(), shares = new[] { new { userKeyId = requesters[0].KeyId, wrappedKey = FakeBlob("evil") } } });
        Assert.Equal(HttpStatusCode.BadRequest, steal.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await secretariat.GetAsync("/api/v1/traceability/keys/me")).StatusCode);
        // Requests are written by users with keys, not by a token.
        Assert.Equal(HttpStatusCode.Forbidden, (await token.PostAsJsonAsync("/api/v1/traceability/chains", new { id = Guid.NewGuid(), respondingParty = requesters[0].Party, keys = KeyVersion(1, 1, 1), message = Message(Guid.NewGuid(), "request", 1, 1, FakeBlob("x")) })).StatusCode);
    }

    [Fact]
    public async Task Removing_a_member_requires_a_new_generation_the_member_never_gets_before_anything_more_is_sent()
    {
        var (adminA, officersA) = await _world.NewPartyWithKeysAsync(officers: 2);
        var (_, officersB) = await _world.NewPartyWithKeysAsync();
        var (a, leaver) = (officersA[0], officersA[1]);
        var chain = await OpenChainAsync(a, officersB[0].Party);
        var id = chain.GetProperty("id").GetGuid();

        // A member who joins later is confirmed with every generation, so earlier chains stay readable.
        var (joinerClient, joinerId, joinerEmail) = await _world.NewUserAsync(a.Party, false, AllRights);
        var joinerKey = await RegisterKeysAsync(joinerClient, fingerprint: "JOIN 0000 1111 2222");
        var pending = await Json(await adminA.Client.GetAsync("/api/v1/traceability/party-keys"), HttpStatusCode.OK);
        var row = pending.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("userId").GetGuid() == joinerId);
        Assert.False(row.GetProperty("confirmed").GetBoolean());
        Assert.Equal("JOIN 0000 1111 2222", row.GetProperty("fingerprint").GetString());
        Assert.Equal([1], row.GetProperty("missingGenerations").EnumerateArray().Select(x => x.GetInt32()).ToArray());
        Assert.Contains(await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == adminA.Id).Select(n => n.Message.MessageKey).ToListAsync()), k => k == "Notification.TraceabilityKeyToConfirm");
        await Json(await adminA.Client.PostAsJsonAsync("/api/v1/traceability/party-keys/members", new { userKeyId = joinerKey, shares = new[] { new { generation = 1, wrappedKey = FakeBlob("join-1") } } }), HttpStatusCode.OK);
        var mine = await Json(await joinerClient.GetAsync("/api/v1/traceability/keys/me"), HttpStatusCode.OK);
        Assert.True(mine.GetProperty("confirmed").GetBoolean());
        Assert.Equal(1, Assert.Single(mine.GetProperty("shares").EnumerateArray()).GetProperty("generation").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await joinerClient.GetAsync($"/api/v1/traceability/chains/{id}")).StatusCode);

        // The national administrator takes the module right away from the leaver.
        var audit = await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "traceability.member-confirmed" && e.Details!.Contains("JOIN 0000 1111 2222")));
        Assert.Equal(1, audit);
        Assert.Equal(HttpStatusCode.NoContent, (await adminA.Client.DeleteAsync($"/api/v1/users/{leaver.Id}/grants/Traceability.View")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leaver.Client.GetAsync($"/api/v1/traceability/chains/{id}")).StatusCode);

        var status = await Json(await adminA.Client.GetAsync("/api/v1/traceability/party-keys"), HttpStatusCode.OK);
        Assert.True(status.GetProperty("status").GetProperty("rotationRequired").GetBoolean());
        Assert.Contains(leaver.Email, status.GetProperty("departedHolders").EnumerateArray().Select(x => x.GetString()));
        var blocked = await a.Client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/messages", Message(Guid.NewGuid(), "follow-up", 1, 1, FakeBlob("x")));
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Contains("new key generation", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var replyBlocked = await officersB[0].Client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/messages", Message(Guid.NewGuid(), "reply", 1, 1, FakeBlob("x")));
        Assert.Equal(HttpStatusCode.Conflict, replyBlocked.StatusCode);

        // Generation 2 cannot be given to the leaver; without them it is created and rotation is no longer required.
        var withLeaver = new[] { adminA.KeyId, a.KeyId, joinerKey, leaver.KeyId }.Select(k => new { userKeyId = k, wrappedKey = FakeBlob("g2") }).ToArray();
        Assert.Equal(HttpStatusCode.BadRequest, (await adminA.Client.PostAsJsonAsync("/api/v1/traceability/party-keys/generations", new { number = 2, publicKey = FakeKey(), endorsement = FakeEndorsement(), shares = withLeaver })).StatusCode);
        var rotated = await Json(await adminA.Client.PostAsJsonAsync("/api/v1/traceability/party-keys/generations",
            new { number = 2, publicKey = FakeKey(), endorsement = FakeEndorsement(), reason = "member left", shares = withLeaver.Take(3).ToArray() }), HttpStatusCode.OK);
        Assert.Equal(2, rotated.GetProperty("currentGeneration").GetInt32());
        Assert.False(rotated.GetProperty("rotationRequired").GetBoolean());
        Assert.False(await app.WithDbAsync(db => db.PartyKeyShares.AnyAsync(s => s.UserId == leaver.Id && s.Generation == 2)));
        Assert.Equal(HttpStatusCode.Forbidden, (await leaver.Client.GetAsync("/api/v1/traceability/keys/me")).StatusCode);

        // The next key version must use generation 2; after it, messages flow again under key version 2 only.
        Assert.Equal(HttpStatusCode.Conflict, (await a.Client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/key-versions", KeyVersion(2, 1, 1))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await a.Client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/messages", Message(Guid.NewGuid(), "follow-up", 1, 1, FakeBlob("x")))).StatusCode);
        var v2 = await Json(await a.Client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/key-versions", KeyVersion(2, 2, 1)), HttpStatusCode.OK);
        Assert.Equal(2, v2.GetProperty("currentKeyVersion").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await a.Client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/messages", Message(Guid.NewGuid(), "follow-up", 1, 1, FakeBlob("x")))).StatusCode);
        var sent = await Json(await officersB[0].Client.PostAsJsonAsync($"/api/v1/traceability/chains/{id}/messages", Message(Guid.NewGuid(), "reply", 2, 1, FakeBlob("x"))), HttpStatusCode.OK);
        Assert.Equal(2, sent.GetProperty("messages")[1].GetProperty("keyVersion").GetInt32());
        // Each side sees only its own wrapped content keys, with the generation used.
        Assert.Equal([1, 2], sent.GetProperty("keyVersions").EnumerateArray().Select(k => k.GetProperty("otherGeneration").GetInt32()).ToArray());
        // A new chain must also use generation 2.
        var stale = await a.Client.PostAsJsonAsync("/api/v1/traceability/chains", new { id = Guid.NewGuid(), respondingParty = officersB[0].Party, keys = KeyVersion(1, 1, 1), message = Message(Guid.NewGuid(), "request", 1, 1, FakeBlob("x")) });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        await OpenChainAsync(a, officersB[0].Party, requestingGeneration: 2);
        _ = joinerEmail;
    }
}
