using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Cordon.Application.Documents;
using Cordon.Domain.Documents;

namespace Cordon.Benchmarks.Permits;

/// <summary>
/// Server time of verifying a permit's signature and status on PostgreSQL (issue 7: under 5 ms at p99, at least 2,000
/// verifications per second), over the 4,000 signed permits of <see cref="PermitVerificationData"/>, cycling through them.
/// Each call uses a fresh DbContext and signer, as a request does.
/// <list type="bullet">
/// <item><c>VerifyById</c>: <see cref="DocumentSigner.VerifyAsync"/>, what /Verify/{id} (the QR code page) does: document
/// and key state in one query, signature check (memoized by <see cref="VerifiedSignatures"/>), permit status.</item>
/// <item><c>VerifyReceived</c>: what POST /api/v1/permits/verify does: <see cref="VerifiedSignatures.IsIntact"/> and
/// <see cref="DocumentSigner.IsGenuineAsync"/> of a received signed document.</item>
/// <item><c>EcdsaVerifyUncached</c>: the bare ECDSA P-256 check (<see cref="DocumentSignature.Verify"/>), what a call costs
/// on top when its signature is not memoized yet (first check of a document on a node).</item>
/// </list>
/// Signature <c>Warm</c>/<c>Cold</c>: see <see cref="Signature"/> (<c>EcdsaVerifyUncached</c> ignores it).
/// Each benchmark invocation runs <see cref="Calls"/> verifications; the time of every single call is also recorded and
/// its p50/p95/p99/max printed at the end (BenchmarkDotNet's own percentiles are over iteration means).
/// Run: dotnet run -c Release --project bench/Cordon.Benchmarks -- --filter '*PermitVerification*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Traceability.PercentileConfig))]
public class PermitVerificationBenchmarks
{
    public const int Calls = 400;

    private static readonly System.Collections.IDictionary Memo = (System.Collections.IDictionary)typeof(VerifiedSignatures)
        .GetField("Outcomes", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!;

    /// <summary><c>Warm</c>: every signature already memoized (a node re-verifying documents); <c>Cold</c>: the memo is emptied before each call (first check of a document on a node, full ECDSA).</summary>
    [Params("Warm", "Cold")]
    public string Signature { get; set; } = "Warm";

    private List<Guid> _ids = [];
    private readonly List<SignedDocument> _documents = [];
    private int _next;
    private string _name = "";
    private readonly List<long> _ticks = new(1 << 20);

    [GlobalSetup]
    public void Setup()
    {
        _ids = PermitVerificationData.EnsureAsync().GetAwaiter().GetResult();
        _documents.Clear();
        using var db = PermitVerificationData.Context();
        var signer = PermitVerificationData.Signer(db);
        foreach (var id in _ids) _documents.Add(signer.DocumentAsync(id).GetAwaiter().GetResult()!);
        if (_documents.Count == 0) throw new InvalidOperationException("No signed permits.");
        Memo.Clear();
        if (Signature == "Warm")
            foreach (var doc in _documents) VerifiedSignatures.IsIntact(doc);
    }

    private void BeforeCall()
    {
        if (Signature == "Cold") Memo.Clear();
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task<int> VerifyById()
    {
        _name = nameof(VerifyById);
        var genuine = 0;
        for (var i = 0; i < Calls; i++)
        {
            var id = _ids[_next++ % _ids.Count];
            BeforeCall();
            var start = Stopwatch.GetTimestamp();
            await using (var db = PermitVerificationData.Context())
            {
                var result = await PermitVerificationData.Signer(db).VerifyAsync(id);
                if (result is { Genuine: true }) genuine++;
            }
            _ticks.Add(Stopwatch.GetTimestamp() - start);
        }
        return genuine;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task<int> VerifyReceived()
    {
        _name = nameof(VerifyReceived);
        var genuine = 0;
        for (var i = 0; i < Calls; i++)
        {
            var doc = _documents[_next++ % _documents.Count];
            BeforeCall();
            var start = Stopwatch.GetTimestamp();
            await using (var db = PermitVerificationData.Context())
            {
                if (VerifiedSignatures.IsIntact(doc) && await PermitVerificationData.Signer(db).IsGenuineAsync(doc)) genuine++;
            }
            _ticks.Add(Stopwatch.GetTimestamp() - start);
        }
        return genuine;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int EcdsaVerifyUncached()
    {
        _name = nameof(EcdsaVerifyUncached);
        var valid = 0;
        for (var i = 0; i < Calls; i++)
        {
            var doc = _documents[_next++ % _documents.Count];
            var spki = Base64Url.Decode(doc.PublicKey)!;
            var start = Stopwatch.GetTimestamp();
            if (DocumentSignature.Verify(spki, doc.Payload, doc.Signature)) valid++;
            _ticks.Add(Stopwatch.GetTimestamp() - start);
        }
        return valid;
    }

    /// <summary>Prints the per-call latency distribution of this benchmark (every call, warm-up included, after the first 1,000).</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        var sample = _ticks.Skip(Math.Min(1000, _ticks.Count / 2)).Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        if (sample.Length == 0) return;
        double P(double q) => sample[Math.Min(sample.Length - 1, (int)Math.Ceiling(q * sample.Length) - 1)];
        var mean = sample.Average();
        var line = string.Create(CultureInfo.InvariantCulture,
            $"PER-CALL LATENCY {_name} [{Signature}]: calls={sample.Length} mean={mean:0.000} ms p50={P(0.50):0.000} p95={P(0.95):0.000} p99={P(0.99):0.000} max={sample[^1]:0.000} ms; single-thread rate={1000 / mean:0} /s");
        Console.WriteLine(line);
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "cordon_bench_permit_latency.txt"), line + Environment.NewLine);
        _ticks.Clear();
    }
}
