using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cordon.Domain.Traceability.Crypto;
using Cordon.Domain.Traceability.Recognition;
using Microsoft.Playwright;

namespace Cordon.Browser.Tests.TraceabilityClient;

/// <summary>
/// The browser's crypto.js and uim-recognizer.js against the .NET implementations, in real Chromium on a
/// real origin (Web Crypto needs a secure context: http://127.0.0.1, never about:blank). Each direction:
/// what one side makes, the other opens.
/// </summary>
public class TraceabilityClientInteropTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private static readonly JsonSerializerOptions Web = JsonSerializerOptions.Web;

    /// <summary>A page on the site's origin, with the two modules loaded as window.crypto_ and window.uim.</summary>
    internal static async Task<IPage> ModulesPageAsync(BrowserApp browser)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        Assert.True(await page.EvaluateAsync<bool>("() => window.isSecureContext"));
        await page.EvaluateAsync(@"async () => {
            window.tc = await import('/js/traceability/crypto.js');
            window.uim = await import('/js/traceability/uim-recognizer.js');
        }");
        return page;
    }

    private static async Task<JsonElement> RunAsync(IPage page, string script, object arg)
    {
        var json = await page.EvaluateAsync<string>(script, JsonSerializer.Serialize(arg, Web));
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    [Fact]
    public async Task What_dotnet_encrypts_and_wraps_the_browser_decrypts_and_unwraps()
    {
        var page = await ModulesPageAsync(browser);
        var user = TraceabilityCrypto.GenerateUserKeys("correct horse battery staple — ü");
        using var party = TraceabilityCrypto.GeneratePartyKey();
        var wrappedParty = TraceabilityCrypto.WrapPartyKeyForMember(party.PrivateKey, user.EncryptionPublicKey);
        var contentKey = TraceabilityCrypto.NewContentKey();
        var wrappedContent = TraceabilityCrypto.WrapContentKey(contentKey, party.PublicKey);
        var context = TraceabilityCrypto.MessageContext(Guid.NewGuid(), Guid.NewGuid(), 2);
        var request = new { subject = "Seizure at Graz — Zollamt", uims = Enumerable.Range(0, 500).Select(i => $"LEAT1{i:D8}P01M0226112307").ToArray(), wanted = new[] { "a", "e", "j" } };
        var message = TraceabilityCrypto.EncryptMessage(contentKey, request, user.Keys, context);
        var attachment = Encoding.UTF8.GetBytes("%PDF-1.7 invoice 4711 ✓");
        var encryptedBytes = TraceabilityCrypto.EncryptBytes(contentKey, attachment, context);

        var result = await RunAsync(page, @"async (input) => {
            const a = JSON.parse(input);
            const keys = await tc.unlockUserKeys(a.wrapped, a.passphrase);
            let wrongPassphrase = false;
            try { await tc.unlockUserKeys(a.wrapped, a.passphrase + 'x'); } catch { wrongPassphrase = true; }
            const partyKey = await tc.unwrapPartyKey(a.wrappedParty, keys);
            const contentKey = await tc.unwrapContentKey(a.wrappedContent, partyKey);
            const message = await tc.decryptMessage(contentKey, a.ciphertext, a.signature, a.signingPublicKey, a.context);
            const forged = await tc.decryptMessage(contentKey, a.ciphertext, a.signature, a.otherSigningPublicKey, a.context);
            let wrongContext = false;
            try { await tc.decryptMessage(contentKey, a.ciphertext, a.signature, a.signingPublicKey, a.context + '0'); } catch { wrongContext = true; }
            const bytes = await tc.decryptBytes(contentKey, a.bytes, a.context);
            const endorsed = await tc.verifyPartyKeyEndorsement('AT', 2, a.partyPublicKey, a.endorsement, a.signingPublicKey);
            const endorsedOther = await tc.verifyPartyKeyEndorsement('AT', 3, a.partyPublicKey, a.endorsement, a.signingPublicKey);
            return JSON.stringify({
                endorsed, endorsedOther,
                fingerprint: keys.fingerprint,
                recomputed: await tc.fingerprint(a.encryptionPublicKey, a.signingPublicKey),
                wrongPassphrase,
                partyPublicKey: await tc.publicKeyOf(partyKey),
                object: message.object, signatureValid: message.signatureValid, forgedValid: forged.signatureValid, wrongContext,
                bytes: tc.toBase64(bytes),
            });
        }", new
        {
            wrapped = user.WrappedPrivateKeys,
            passphrase = "correct horse battery staple — ü",
            wrappedParty,
            wrappedContent,
            ciphertext = message.Ciphertext,
            signature = message.Signature,
            signingPublicKey = user.SigningPublicKey,
            encryptionPublicKey = user.EncryptionPublicKey,
            otherSigningPublicKey = TraceabilityCrypto.GenerateUserKeys("other").SigningPublicKey,
            context,
            bytes = encryptedBytes,
            partyPublicKey = party.PublicKey,
            endorsement = TraceabilityCrypto.EndorsePartyKey("AT", 2, party.PublicKey, user.Keys),
        });
        Assert.True(result.GetProperty("endorsed").GetBoolean());
        Assert.False(result.GetProperty("endorsedOther").GetBoolean());

        Assert.Equal(user.Fingerprint, result.GetProperty("fingerprint").GetString());
        Assert.Equal(user.Fingerprint, result.GetProperty("recomputed").GetString());
        Assert.True(result.GetProperty("wrongPassphrase").GetBoolean());
        Assert.Equal(party.PublicKey, result.GetProperty("partyPublicKey").GetString());
        Assert.True(result.GetProperty("signatureValid").GetBoolean());
        Assert.False(result.GetProperty("forgedValid").GetBoolean());
        Assert.True(result.GetProperty("wrongContext").GetBoolean());
        Assert.Equal(request.subject, result.GetProperty("object").GetProperty("subject").GetString());
        Assert.Equal(request.uims, result.GetProperty("object").GetProperty("uims").EnumerateArray().Select(x => x.GetString()).ToArray());
        Assert.Equal(attachment, Convert.FromBase64String(result.GetProperty("bytes").GetString()!));
    }

    [Fact]
    public async Task What_the_browser_encrypts_and_wraps_dotnet_decrypts_and_unwraps()
    {
        var page = await ModulesPageAsync(browser);
        var dotnetMember = TraceabilityCrypto.GenerateUserKeys("member on the CLI");
        var context = TraceabilityCrypto.MessageContext(Guid.NewGuid(), Guid.NewGuid(), 1);

        var result = await RunAsync(page, @"async (input) => {
            const a = JSON.parse(input);
            const user = await tc.generateUserKeys(a.passphrase);
            const party = await tc.generatePartyKey();
            const wrappedParty = await tc.wrapPartyKeyForMember(party.privateKey, user.encryptionPublicKey);
            const wrappedPartyForDotnet = await tc.wrapPartyKeyForMember(party.privateKey, a.dotnetEncryptionPublicKey);
            const contentKey = await tc.newContentKey();
            const wrappedContent = await tc.wrapContentKey(contentKey, party.publicKey);
            const message = await tc.encryptMessage(contentKey, a.request, user.userKeys, a.context);
            const bytes = await tc.encryptBytes(contentKey, new TextEncoder().encode(a.text), a.context);
            return JSON.stringify({
                encryptionPublicKey: user.encryptionPublicKey, signingPublicKey: user.signingPublicKey, fingerprint: user.fingerprint,
                wrappedPrivateKeys: user.wrappedPrivateKeys, partyPublicKey: party.publicKey, wrappedParty, wrappedPartyForDotnet,
                wrappedContent, ciphertext: message.ciphertext, signature: message.signature, bytes,
                contextFromJs: tc.messageContext(a.chainId.toUpperCase(), a.messageId, 1),
                endorsement: await tc.endorsePartyKey('KZ', 1, party.publicKey, user.userKeys),
            });
        }", new
        {
            passphrase = "Straße 7 ünd Schlüssel",
            dotnetEncryptionPublicKey = dotnetMember.EncryptionPublicKey,
            request = new { subject = "Cartons seized in Klaipėda", uims = new[] { "LEAT1A1B2C3D4P01M0226112307", "ABC123456789012" }, questions = "Who was the first customer?" },
            text = "attachment ✓ bytes",
            context,
            chainId = context.Split('|')[0]["chain:".Length..],
            messageId = context.Split('|')[1]["message:".Length..],
        });

        string S(string name) => result.GetProperty(name).GetString()!;
        Assert.Equal(context, S("contextFromJs"));
        Assert.True(TraceabilityCrypto.VerifyPartyKeyEndorsement("KZ", 1, S("partyPublicKey"), S("endorsement"), S("signingPublicKey")));
        Assert.False(TraceabilityCrypto.VerifyPartyKeyEndorsement("KZ", 1, S("partyPublicKey"), S("endorsement"), dotnetMember.SigningPublicKey));
        Assert.Equal(S("fingerprint"), TraceabilityCrypto.Fingerprint(S("encryptionPublicKey"), S("signingPublicKey")));
        using var user = TraceabilityCrypto.UnlockUserKeys(S("wrappedPrivateKeys"), "Straße 7 ünd Schlüssel");
        Assert.Equal(S("fingerprint"), user.Fingerprint);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => TraceabilityCrypto.UnlockUserKeys(S("wrappedPrivateKeys"), "Strasse 7 ünd Schlüssel"));

        using var partyKey = TraceabilityCrypto.UnwrapPartyKey(S("wrappedParty"), user);
        Assert.Equal(S("partyPublicKey"), TraceabilityCrypto.PublicKeyOf(partyKey));
        using var partyKeyOnDotnet = TraceabilityCrypto.UnwrapPartyKey(S("wrappedPartyForDotnet"), dotnetMember.Keys);
        Assert.Equal(S("partyPublicKey"), TraceabilityCrypto.PublicKeyOf(partyKeyOnDotnet));

        var contentKey = TraceabilityCrypto.UnwrapContentKey(S("wrappedContent"), partyKeyOnDotnet);
        var message = TraceabilityCrypto.DecryptMessage(contentKey, S("ciphertext"), S("signature"), S("signingPublicKey"), context);
        Assert.True(message.SignatureValid);
        Assert.Equal("Cartons seized in Klaipėda", message.Content.GetProperty("subject").GetString());
        Assert.Equal("ABC123456789012", message.Content.GetProperty("uims")[1].GetString());
        Assert.False(TraceabilityCrypto.DecryptMessage(contentKey, S("ciphertext"), S("signature"), dotnetMember.SigningPublicKey, context).SignatureValid);
        Assert.Equal("attachment ✓ bytes", Encoding.UTF8.GetString(TraceabilityCrypto.DecryptBytes(contentKey, S("bytes"), context)));

        // And a reply from .NET under the browser's content key goes back the other way.
        var reply = TraceabilityCrypto.EncryptMessage(contentKey, new { valid = true, facility = "Linz" }, dotnetMember.Keys, context);
        var back = await RunAsync(page, @"async (input) => {
            const a = JSON.parse(input);
            const user = await tc.unlockUserKeys(a.wrappedPrivateKeys, a.passphrase);
            const partyKey = await tc.unwrapPartyKey(a.wrappedParty, user);
            const contentKey = await tc.unwrapContentKey(a.wrappedContent, partyKey);
            return JSON.stringify(await tc.decryptMessage(contentKey, a.ciphertext, a.signature, a.signingPublicKey, a.context));
        }", new
        {
            wrappedPrivateKeys = S("wrappedPrivateKeys"),
            passphrase = "Straße 7 ünd Schlüssel",
            wrappedParty = S("wrappedParty"),
            wrappedContent = S("wrappedContent"),
            ciphertext = reply.Ciphertext,
            signature = reply.Signature,
            signingPublicKey = dotnetMember.SigningPublicKey,
            context,
        });
        Assert.True(back.GetProperty("signatureValid").GetBoolean());
        Assert.Equal("Linz", back.GetProperty("object").GetProperty("facility").GetString());
    }

    [Fact]
    public async Task Recognition_in_the_browser_gives_the_same_answers_as_dotnet()
    {
        var page = await ModulesPageAsync(browser);
        var patterns = UimSampleLibrary.Generate().ToList();
        // Two Parties sharing a shape, to have ambiguous codes too.
        patterns.Add(new Cordon.Domain.Traceability.UimPattern(Guid.NewGuid(), "KG", "KG stamp", "", Cordon.Domain.Traceability.UimLevel.Pack,
            [Cordon.Domain.Traceability.UimSegment.Run(Cordon.Domain.Traceability.UimAlphabet.Letters, 3), Cordon.Domain.Traceability.UimSegment.Run(Cordon.Domain.Traceability.UimAlphabet.Digits, 10, 12)],
            null, [], new DateOnly(2020, 1, 1), null));
        // Two variable-length runs: the reachable-positions path in both implementations.
        patterns.Add(new Cordon.Domain.Traceability.UimPattern(Guid.NewGuid(), "QA", "QA two runs", "", Cordon.Domain.Traceability.UimLevel.Pack,
            [Cordon.Domain.Traceability.UimSegment.Fixed("QQ"), Cordon.Domain.Traceability.UimSegment.Run(Cordon.Domain.Traceability.UimAlphabet.Alphanumeric, 2, 9),
             Cordon.Domain.Traceability.UimSegment.Run(Cordon.Domain.Traceability.UimAlphabet.Digits, 3, 6), Cordon.Domain.Traceability.UimSegment.Run(Cordon.Domain.Traceability.UimAlphabet.Letters, 0, 2)],
            null, [], new DateOnly(2020, 1, 1), null));
        var library = UimLibraryJson.Serialize(new UimLibrary(DateTimeOffset.UnixEpoch, patterns));
        var recognizer = new UimRecognizer(UimLibraryJson.Parse(library).Patterns);
        var random = new Random(11);
        var codes = UimSampleLibrary.SampleCodes(patterns, 2000, seed: 5, unrecognizedShare: 0.1).ToList();
        foreach (var code in codes.Take(400).ToList())
        {
            codes.Add(code.ToLowerInvariant());
            codes.Add(string.Join(' ', code.Chunk(4).Select(c => new string(c))));
            codes.Add(code[..^1]);
            var chars = code.ToCharArray();
            chars[random.Next(chars.Length)] = "0AZ-9F "[random.Next(7)];
            codes.Add(new string(chars));
        }
        codes.AddRange(["", "   ", "LEAT1" + new string('K', 200) + "26112307", "ABC1234567890", "QQAB1234567", "QQABCDEFGHI123XY", "QQABCDEFGHIJ123", "QQAB12XYZ", "qq 12345"]);
        var text = "Seizure;UIM;Qty\n1;\"leat1 a1b2c3d4p01m0226112307\";4\n2; ABC123456789012 ;5\n\n3;;6";

        var js = await RunAsync(page, @"(input) => {
            const a = JSON.parse(input);
            const r = uim.createRecognizer(JSON.parse(a.library));
            return JSON.stringify({ results: a.codes.map(c => r.recognize(c)), grouping: r.group(a.codes), parsed: uim.parseCodes(a.text), plain: uim.parseCodes('A,B\tC|D\r\n E ') });
        }", new { library, codes, text });

        var expected = new JsonObject
        {
            ["results"] = new JsonArray([.. codes.Select(c => (JsonNode)ToJson(recognizer.Recognize(c)))]),
            ["grouping"] = ToJson(recognizer.Group(codes)),
            ["parsed"] = new JsonArray([.. UimCodeText.Parse(text).Select(c => (JsonNode)JsonValue.Create(c))]),
            ["plain"] = new JsonArray([.. UimCodeText.Parse("A,B\tC|D\r\n E ").Select(c => (JsonNode)JsonValue.Create(c))]),
        };
        var actual = JsonNode.Parse(js.GetRawText())!;
        Assert.True(JsonNode.DeepEquals(expected, actual), FirstDifference(expected, actual));
        // The comparison covered every outcome.
        var statuses = actual["results"]!.AsArray().Select(r => r!["status"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(["ambiguous", "recognized", "unrecognized"], statuses.Order());
    }

    private static JsonObject ToJson(UimRecognition r) => new()
    {
        ["status"] = r.Status.ToString().ToLowerInvariant(),
        ["parties"] = new JsonArray([.. r.Parties.Select(p => (JsonNode)JsonValue.Create(p))]),
        ["patternIds"] = new JsonArray([.. r.PatternIds.Select(p => (JsonNode)JsonValue.Create(p.ToString("D")))]),
    };

    private static JsonObject ToJson(UimGrouping g)
    {
        var byParty = new JsonObject();
        foreach (var (party, list) in g.ByParty) byParty[party] = new JsonArray([.. list.Select(c => (JsonNode)JsonValue.Create(c))]);
        return new JsonObject
        {
            ["byParty"] = byParty,
            ["unrecognized"] = new JsonArray([.. g.Unrecognized.Select(c => (JsonNode)JsonValue.Create(c))]),
            ["ambiguous"] = new JsonArray([.. g.Ambiguous.Select(a => (JsonNode)new JsonObject
            {
                ["code"] = a.Code,
                ["parties"] = new JsonArray([.. a.Parties.Select(p => (JsonNode)JsonValue.Create(p))]),
            })]),
        };
    }

    private static string FirstDifference(JsonNode expected, JsonNode actual)
    {
        var e = expected["results"]!.AsArray();
        var a = actual["results"]!.AsArray();
        for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
            if (!JsonNode.DeepEquals(e[i], a[i])) return $"result {i}: .NET {e[i]!.ToJsonString()} browser {a[i]!.ToJsonString()}";
        foreach (var key in new[] { "grouping", "parsed", "plain" })
            if (!JsonNode.DeepEquals(expected[key], actual[key])) return $"{key}: .NET {expected[key]!.ToJsonString()} browser {actual[key]!.ToJsonString()}";
        return "lengths differ";
    }
}
