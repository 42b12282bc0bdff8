using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cordon.Domain.Traceability.Crypto;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Cordon.Web.Tests.Traceability.TraceabilityWorld;

namespace Cordon.Web.Tests.Traceability;

/// <summary>
/// A whole exchange with the real end-to-end crypto (the .NET side, byte-compatible with the browser's), then a scan of
/// every table of the database: no UIM, question, reply or attachment content may appear in plain text.
/// </summary>
public class EndToEndTests(CordonApp app) : IClassFixture<CordonApp>
{
    private readonly TraceabilityWorld _world = new(app);

    private sealed record Person(HttpClient Client, Guid Id, string Party, Guid KeyId, UserKeys Keys);

    private async Task<Person> PersonAsync(string party, bool admin)
    {
        var (client, id, _) = await _world.NewUserAsync(party, admin, AllRights);
        var generated = TraceabilityCrypto.GenerateUserKeys("correct horse battery staple " + id);
        var keyId = await RegisterKeysAsync(client, generated.EncryptionPublicKey, generated.SigningPublicKey, generated.Fingerprint, generated.WrappedPrivateKeys);
        // The passphrase-wrapped blob the server holds unlocks on the user's side to the same keys.
        var mine = await Json(await client.GetAsync("/api/v1/traceability/keys/me"), HttpStatusCode.OK);
        using var unlocked = TraceabilityCrypto.UnlockUserKeys(mine.GetProperty("wrappedPrivateKeys").GetString()!, "correct horse battery staple " + id);
        Assert.Equal(generated.Fingerprint, unlocked.Fingerprint);
        return new Person(client, id, party, keyId, generated.Keys);
    }

    /// <summary>The national administrator creates generation 1, sealed to each member after comparing fingerprints.</summary>
    private static async Task<PartyKey> FirstGenerationAsync(Person admin, params Person[] members)
    {
        var party = TraceabilityCrypto.GeneratePartyKey();
        var admins = await Json(await admin.Client.GetAsync("/api/v1/traceability/party-keys"), HttpStatusCode.OK);
        var shares = new List<object>();
        foreach (var m in members.Prepend(admin))
        {
            var listed = admins.GetProperty("members").EnumerateArray().Single(x => x.GetProperty("userId").GetGuid() == m.Id);
            // The fingerprint is computed from the public keys the administrator is about to seal to, and compared.
            Assert.Equal(m.Keys.Fingerprint, TraceabilityCrypto.Fingerprint(listed.GetProperty("encryptionPublicKey").GetString()!, listed.GetProperty("signingPublicKey").GetString()!));
            shares.Add(new { userKeyId = m.KeyId, wrappedKey = TraceabilityCrypto.WrapPartyKeyForMember(party.PrivateKey, listed.GetProperty("encryptionPublicKey").GetString()!) });
        }
        await Json(await admin.Client.PostAsJsonAsync("/api/v1/traceability/party-keys/generations", new { number = 1, publicKey = party.PublicKey, shares, endorsement = TraceabilityCrypto.EndorsePartyKey(admin.Party, 1, party.PublicKey, admin.Keys) }), HttpStatusCode.OK);
        return party;
    }

    /// <summary>Decrypts every message of a chain as <paramref name="reader"/> sees it, from what the server returns.</summary>
    private static async Task<List<(string Kind, JsonElement Content, bool SignatureValid)>> ReadChainAsync(Person reader, Guid chainId, string passphrase)
    {
        var mine = await Json(await reader.Client.GetAsync("/api/v1/traceability/keys/me"), HttpStatusCode.OK);
        using var keys = TraceabilityCrypto.UnlockUserKeys(mine.GetProperty("wrappedPrivateKeys").GetString()!, passphrase);
        var shares = mine.GetProperty("shares").EnumerateArray().ToDictionary(s => s.GetProperty("generation").GetInt32(), s => s.GetProperty("wrappedPrivateKey").GetString()!);
        var chain = await Json(await reader.Client.GetAsync($"/api/v1/traceability/chains/{chainId}"), HttpStatusCode.OK);
        var contentKeys = new Dictionary<int, byte[]>();
        foreach (var v in chain.GetProperty("keyVersions").EnumerateArray())
        {
            using var partyKey = TraceabilityCrypto.UnwrapPartyKey(shares[v.GetProperty("generation").GetInt32()], keys);
            contentKeys[v.GetProperty("number").GetInt32()] = TraceabilityCrypto.UnwrapContentKey(v.GetProperty("wrappedKey").GetString()!, partyKey);
        }
        var result = new List<(string, JsonElement, bool)>();
        foreach (var m in chain.GetProperty("messages").EnumerateArray())
        {
            var version = m.GetProperty("keyVersion").GetInt32();
            var context = TraceabilityCrypto.MessageContext(chainId, m.GetProperty("id").GetGuid(), version);
            var d = TraceabilityCrypto.DecryptMessage(contentKeys[version], m.GetProperty("ciphertext").GetString()!, m.GetProperty("signature").GetString()!,
                m.GetProperty("senderSigningPublicKey").GetString()!, context);
            result.Add((m.GetProperty("kind").GetString()!, JsonDocument.Parse(d.Json).RootElement.Clone(), d.SignatureValid));
        }
        return result;
    }

    [Fact]
    public async Task A_full_exchange_decrypts_for_both_Parties_and_a_later_member_and_leaves_no_plaintext_in_the_database()
    {
        var partyA = await _world.NewPartyAsync();
        var partyB = await _world.NewPartyAsync();
        var adminA = await PersonAsync(partyA, admin: true);
        var officerA = await PersonAsync(partyA, admin: false);
        var adminB = await PersonAsync(partyB, admin: true);
        var officerB = await PersonAsync(partyB, admin: false);
        using var keyA = await FirstGenerationAsync(adminA, officerA);
        using var keyB = await FirstGenerationAsync(adminB, officerB);

        string[] uims = ["LEAT1SECRETUIM0001X26112301", "LEAT1SECRETUIM0002X26112302", "LEAT1SECRETUIM0003X26112303"];
        const string question = "Which warehouse shipped these cartons to Rotterdam?";
        const string replyText = "Manufactured on line 7 in Hainburg, first customer Tabakvertrieb Ostmark GmbH";
        const string followUpText = "Please send the invoice of the first customer";
        var attachmentText = "INVOICE 2026-55123 Tabakvertrieb Ostmark";

        // Request: a fresh content key wrapped to both Parties' generation 1.
        var chainId = Guid.NewGuid();
        var requestId = Guid.NewGuid();
        var contentKey = TraceabilityCrypto.NewContentKey();
        var request = TraceabilityCrypto.EncryptMessage(contentKey, new { type = "request", subject = "Seizure at Rotterdam", uims, questions = question, wanted = new[] { "a", "e", "h" } },
            officerA.Keys, TraceabilityCrypto.MessageContext(chainId, requestId, 1));
        await Json(await officerA.Client.PostAsJsonAsync("/api/v1/traceability/chains", new
        {
            id = chainId, respondingParty = partyB,
            keys = new { number = 1, requestingGeneration = 1, requestingWrappedKey = TraceabilityCrypto.WrapContentKey(contentKey, keyA.PublicKey), respondingGeneration = 1, respondingWrappedKey = TraceabilityCrypto.WrapContentKey(contentKey, keyB.PublicKey) },
            message = new { id = requestId, kind = "request", keyVersion = 1, request.Ciphertext, request.Signature, uimCount = uims.Length },
        }), HttpStatusCode.Created);

        // Reply per UIM with the template, and an encrypted attachment.
        var received = await ReadChainAsync(officerB, chainId, "correct horse battery staple " + officerB.Id);
        var asked = Assert.Single(received);
        Assert.True(asked.SignatureValid);
        Assert.Equal(uims, asked.Content.GetProperty("uims").EnumerateArray().Select(u => u.GetString()!).ToArray());
        Assert.Equal(question, asked.Content.GetProperty("questions").GetString());
        var replyId = Guid.NewGuid();
        var attachmentId = Guid.NewGuid();
        var reply = TraceabilityCrypto.EncryptMessage(contentKey, new
        {
            type = "reply",
            answers = uims.Select((u, i) => new { uim = u, valid = i < 2, template = new { a = "2026-11-23, Hainburg", b = replyText }, text = "" }).ToArray(),
            attachments = new[] { new { id = attachmentId, name = "invoice.txt", type = "text/plain" } },
        }, officerB.Keys, TraceabilityCrypto.MessageContext(chainId, replyId, 1));
        var attachment = TraceabilityCrypto.EncryptBytes(contentKey, Encoding.UTF8.GetBytes(attachmentText), $"chain:{chainId}|attachment:{attachmentId}|key:1");
        await Json(await officerB.Client.PostAsJsonAsync($"/api/v1/traceability/chains/{chainId}/messages", new
        {
            id = replyId, kind = "reply", keyVersion = 1, reply.Ciphertext, reply.Signature, uimCount = uims.Length, attachments = new[] { new { id = attachmentId, ciphertext = attachment } },
        }), HttpStatusCode.OK);

        var followId = Guid.NewGuid();
        var follow = TraceabilityCrypto.EncryptMessage(contentKey, new { type = "follow-up", text = followUpText }, officerA.Keys, TraceabilityCrypto.MessageContext(chainId, followId, 1));
        await Json(await officerA.Client.PostAsJsonAsync($"/api/v1/traceability/chains/{chainId}/messages", new { id = followId, kind = "follow-up", keyVersion = 1, follow.Ciphertext, follow.Signature, uimCount = 0 }), HttpStatusCode.OK);

        // The requesting Party reads the reply and the attachment.
        var history = await ReadChainAsync(officerA, chainId, "correct horse battery staple " + officerA.Id);
        Assert.Equal(["Request", "Reply", "FollowUp"], history.Select(h => h.Kind).ToArray());
        Assert.All(history, h => Assert.True(h.SignatureValid));
        Assert.Equal(replyText, history[1].Content.GetProperty("answers")[0].GetProperty("template").GetProperty("b").GetString());
        var stored = await officerA.Client.GetStringAsync($"/api/v1/traceability/attachments/{attachmentId}");
        Assert.Equal(attachmentText, Encoding.UTF8.GetString(TraceabilityCrypto.DecryptBytes(contentKey, stored, $"chain:{chainId}|attachment:{attachmentId}|key:1")));

        // A member of B who joins later is given generation 1 by the administrator and reads the whole history.
        var joiner = await PersonAsync(partyB, admin: false);
        var pending = await Json(await adminB.Client.GetAsync("/api/v1/traceability/party-keys"), HttpStatusCode.OK);
        var row = pending.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("userId").GetGuid() == joiner.Id);
        Assert.Equal(joiner.Keys.Fingerprint, TraceabilityCrypto.Fingerprint(row.GetProperty("encryptionPublicKey").GetString()!, row.GetProperty("signingPublicKey").GetString()!));
        var adminMine = await Json(await adminB.Client.GetAsync("/api/v1/traceability/keys/me"), HttpStatusCode.OK);
        using (var gen1 = TraceabilityCrypto.UnwrapPartyKey(adminMine.GetProperty("shares")[0].GetProperty("wrappedPrivateKey").GetString()!, adminB.Keys))
        {
            Assert.Equal(keyB.PublicKey, TraceabilityCrypto.PublicKeyOf(gen1));
            await Json(await adminB.Client.PostAsJsonAsync("/api/v1/traceability/party-keys/members", new
            {
                userKeyId = joiner.KeyId, shares = new[] { new { generation = 1, wrappedKey = TraceabilityCrypto.WrapPartyKeyForMember(gen1, row.GetProperty("encryptionPublicKey").GetString()!) } },
            }), HttpStatusCode.OK);
        }
        var joinerView = await ReadChainAsync(joiner, chainId, "correct horse battery staple " + joiner.Id);
        Assert.Equal(3, joinerView.Count);
        Assert.Equal(followUpText, joinerView[2].Content.GetProperty("text").GetString());

        // Every table, every column: none of what the Parties wrote is stored readable.
        string[] secrets = [.. uims, question, replyText, followUpText, attachmentText, "Seizure at Rotterdam", "Hainburg", "invoice.txt"];
        var found = await app.WithDbAsync(async db => await ScanAsync(db, secrets));
        Assert.True(found.Count == 0, "Plaintext found: " + string.Join("; ", found));
        // And the scan does find what it looks for: the (public) chain id is stored.
        Assert.NotEmpty(await app.WithDbAsync(async db => await ScanAsync(db, [chainId.ToString()])));
    }

    /// <summary>Reads every row of every table through the raw connection and reports where any needle occurs (text, or bytes as UTF-8).</summary>
    internal static async Task<List<string>> ScanAsync(Cordon.Application.Data.CordonDbContext db, string[] needles)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var tables = new List<string>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = db.IsSqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        Assert.Contains("TraceabilityMessages", tables);
        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (await reader.IsDBNullAsync(i)) continue;
                    var value = reader.GetValue(i) switch { byte[] b => Encoding.UTF8.GetString(b), var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "" };
                    foreach (var n in needles)
                        if (value.Contains(n, StringComparison.OrdinalIgnoreCase)) found.Add($"{table}.{reader.GetName(i)} holds \"{n}\"");
                }
            }
        }
        return found;
    }
}
