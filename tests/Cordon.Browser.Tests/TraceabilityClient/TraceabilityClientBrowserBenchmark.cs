using System.Text.Json;
using Cordon.Domain.Traceability.Recognition;
using Xunit.Abstractions;

namespace Cordon.Browser.Tests.TraceabilityClient;

/// <summary>
/// A measurement, not a timing assertion: prints how long Chromium takes to recognise 100,000 codes against
/// the 200-pattern sample library (target: under 1 s) and to encrypt and decrypt a request of 10,000 UIMs
/// (target: under 200 ms). The figures go to the test output; the test asserts only that the work was done
/// right. Run: dotnet test tests/Cordon.Browser.Tests -c Release --filter "FullyQualifiedName~TraceabilityClientBrowserBenchmark" --logger "console;verbosity=detailed"
/// </summary>
public class TraceabilityClientBrowserBenchmark(BrowserApp browser, ITestOutputHelper output) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Browser_benchmark_prints_recognition_and_encryption_figures()
    {
        var page = await TraceabilityClientInteropTests.ModulesPageAsync(browser);
        var patterns = UimSampleLibrary.Generate(200);
        var library = UimLibraryJson.Serialize(new UimLibrary(DateTimeOffset.UnixEpoch, patterns));
        var codes = UimSampleLibrary.SampleCodes(patterns, 100_000, seed: 21);
        var expectedRecognized = new UimRecognizer(patterns).Group(codes).ByParty.Values.Sum(c => c.Count);

        var json = await page.EvaluateAsync<string>(@"async (input) => {
            const a = JSON.parse(input);
            const runs = [];
            let recognized = 0;
            for (let run = 0; run < 5; run++) {
                const start = performance.now();
                const r = uim.createRecognizer(JSON.parse(a.library));
                const grouping = r.group(a.codes);
                runs.push(performance.now() - start);
                recognized = Object.values(grouping.byParty).reduce((n, list) => n + list.length, 0);
            }
            const single = uim.createRecognizer(JSON.parse(a.library));
            const recognizeStart = performance.now();
            let statuses = 0;
            for (const code of a.codes) if (single.recognize(code).status === 'recognized') statuses++;
            const recognizeOnly = performance.now() - recognizeStart;

            const user = await tc.generateUserKeys('benchmark passphrase');
            const contentKey = await tc.newContentKey();
            const context = tc.messageContext('6f1c2d3e-0000-4000-8000-000000000001', '6f1c2d3e-0000-4000-8000-000000000002', 1);
            const request = { subject: 'Seizure of 10,000 packs', uims: a.codes.slice(0, 10000), wanted: ['a', 'b', 'c', 'e', 'h', 'j'], questions: 'Where and when were these manufactured?' };
            const crypto = [];
            let decrypted = 0, valid = false, size = 0;
            for (let run = 0; run < 5; run++) {
                const start = performance.now();
                const message = await tc.encryptMessage(contentKey, request, user.userKeys, context);
                const middle = performance.now();
                const back = await tc.decryptMessage(contentKey, message.ciphertext, message.signature, user.signingPublicKey, context);
                const end = performance.now();
                crypto.push({ encrypt: middle - start, decrypt: end - middle, total: end - start });
                decrypted = back.object.uims.length; valid = back.signatureValid; size = message.ciphertext.length;
            }
            return JSON.stringify({ runs, recognized, statuses, recognizeOnly, crypto, decrypted, valid, size });
        }", JsonSerializer.Serialize(new { library, codes }));

        var result = JsonDocument.Parse(json).RootElement;
        Assert.Equal(expectedRecognized, result.GetProperty("recognized").GetInt32());
        Assert.Equal(10_000, result.GetProperty("decrypted").GetInt32());
        Assert.True(result.GetProperty("valid").GetBoolean());

        var runs = result.GetProperty("runs").EnumerateArray().Select(x => x.GetDouble()).ToList();
        output.WriteLine($"Chromium: build recognizer + group 100,000 codes (200 patterns): runs {string.Join(", ", runs.Select(r => $"{r:F0} ms"))}; best {runs.Min():F0} ms, median {runs.Order().ElementAt(runs.Count / 2):F0} ms (target < 1000 ms)");
        output.WriteLine($"Chromium: recognize() one by one, 100,000 codes: {result.GetProperty("recognizeOnly").GetDouble():F0} ms");
        foreach (var run in result.GetProperty("crypto").EnumerateArray())
            output.WriteLine($"Chromium: 10,000-UIM request ({result.GetProperty("size").GetInt32():N0} base64 chars): encrypt+sign {run.GetProperty("encrypt").GetDouble():F1} ms, verify+decrypt {run.GetProperty("decrypt").GetDouble():F1} ms, total {run.GetProperty("total").GetDouble():F1} ms (target < 200 ms)");
    }
}
