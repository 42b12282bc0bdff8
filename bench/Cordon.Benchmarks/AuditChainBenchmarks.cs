using BenchmarkDotNet.Attributes;
using Cordon.Domain.Audit;

namespace Cordon.Benchmarks;

/// <summary>
/// The audit chain is on every write path and `cordon audit verify` walks all of it: sealing one entry and
/// verifying a chain of 100,000 must stay cheap.
/// </summary>
[MemoryDiagnoser]
public class AuditChainBenchmarks
{
    private readonly List<AuditEntry> _chain = [];
    private AuditEntry _head = null!;

    [GlobalSetup]
    public void Setup()
    {
        var t = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 100_000; i++)
        {
            var e = new AuditEntry { Timestamp = t.AddSeconds(i), Action = "authorization.issued", EntityType = "ExportAuthorization", EntityId = $"AT-2026-{i:D6}", UserName = "regulator.at@cordon.example", PartyCode = "AT", Details = "issued" };
            AuditChain.Seal(e, _chain.LastOrDefault());
            _chain.Add(e);
        }
        _head = _chain[^1];
    }

    [Benchmark]
    public AuditEntry SealOneEntry()
    {
        var e = new AuditEntry { Timestamp = _head.Timestamp, Action = "permit.issued", EntityType = "Permit", EntityId = "AT-1", UserName = "u", PartyCode = "AT" };
        AuditChain.Seal(e, _head);
        return e;
    }

    [Benchmark]
    public async Task<AuditVerification> Verify100kEntries() =>
        await new AuditVerifier(_ => true).VerifyAsync(Stream(), []);

    private async IAsyncEnumerable<AuditEntry> Stream()
    {
        foreach (var e in _chain) yield return e;
        await Task.CompletedTask;
    }
}
