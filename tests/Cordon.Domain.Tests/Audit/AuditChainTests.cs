using System.Security.Cryptography;
using Cordon.Domain.Audit;

namespace Cordon.Domain.Tests.Audit;

public class AuditChainTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    internal static List<AuditEntry> Chain(int count)
    {
        var list = new List<AuditEntry>();
        for (var i = 0; i < count; i++)
        {
            var e = new AuditEntry
            {
                Timestamp = T0.AddSeconds(i).AddTicks(1234567), Action = "user.created", EntityType = "User", EntityId = $"u{i}",
                UserName = "admin.at@cordon.example", PartyCode = "AT", Details = $"entry {i}",
            };
            AuditChain.Seal(e, list.LastOrDefault());
            list.Add(e);
        }
        return list;
    }

    private static Task<AuditVerification> Verify(IEnumerable<AuditEntry> entries, IReadOnlyCollection<AuditCheckpoint>? checkpoints = null, Func<AuditCheckpoint, bool>? valid = null) =>
        new AuditVerifier(valid ?? (_ => true)).VerifyAsync(entries.ToAsyncEnumerable(), checkpoints ?? []);

    [Fact]
    public async Task An_untouched_chain_verifies()
    {
        var result = await Verify(Chain(50));
        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(50, result.EntriesChecked);
    }

    [Fact]
    public void Sealing_links_each_entry_to_the_previous_hash_and_numbers_without_gaps()
    {
        var chain = Chain(3);
        Assert.Equal(AuditChain.GenesisHash, chain[0].PreviousHash);
        Assert.Equal(chain[0].Hash, chain[1].PreviousHash);
        Assert.Equal([1L, 2L, 3L], chain.Select(e => e.Sequence));
    }

    [Fact]
    public void Timestamps_are_truncated_to_microseconds_so_they_survive_the_database()
    {
        var e = Chain(1)[0];
        Assert.Equal(0, e.Timestamp.Ticks % 10);
        Assert.Equal(TimeSpan.Zero, e.Timestamp.Offset);
    }

    [Fact]
    public async Task A_changed_entry_is_reported_at_its_sequence()
    {
        var chain = Chain(10);
        chain[4].Details = "rewritten";
        var result = await Verify(chain);
        Assert.False(result.IsValid);
        Assert.Equal(5, result.FirstBrokenSequence);
        Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_entry_is_reported_as_missing()
    {
        var chain = Chain(10);
        chain.RemoveAt(6);
        var result = await Verify(chain);
        Assert.False(result.IsValid);
        Assert.Equal(7, result.FirstBrokenSequence);
        Assert.Contains("missing", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inserted_entry_breaks_the_link_to_the_next_one()
    {
        var chain = Chain(10);
        // An attacker inserts a well-formed entry after #3 and renumbers the rest.
        var forged = new AuditEntry { Timestamp = T0, Action = "grant.granted", EntityType = "User", EntityId = "x" };
        AuditChain.Seal(forged, chain[2]);
        chain.Insert(3, forged);
        for (var i = 4; i < chain.Count; i++) chain[i].Sequence = i + 1;
        var result = await Verify(chain);
        Assert.False(result.IsValid);
        Assert.Equal(5, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task A_whole_rewritten_chain_is_caught_by_a_signed_checkpoint()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signer = new CheckpointSigner(key);
        var chain = Chain(10);
        var checkpoint = signer.Sign(8, chain[7].Hash, T0);
        var spki = signer.ExportPublicKey();

        // Rewrite entry 2 and recompute every hash after it: the chain itself is consistent again...
        chain[1].Details = "rewritten";
        for (var i = 1; i < chain.Count; i++) AuditChain.Seal(chain[i], chain[i - 1]);
        Assert.True((await Verify(chain)).IsValid);

        // ...but no longer matches what the platform signed.
        var result = await Verify(chain, [checkpoint], cp => CheckpointSigner.IsValid(cp, spki));
        Assert.False(result.IsValid);
        Assert.Equal(8, result.FirstBrokenSequence);
        Assert.Contains("checkpoint", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncating_the_chain_after_a_checkpoint_is_caught()
    {
        using var signer = new CheckpointSigner(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var chain = Chain(10);
        var checkpoint = signer.Sign(10, chain[9].Hash, T0);
        var result = await Verify(chain.Take(7), [checkpoint]);
        Assert.False(result.IsValid);
        Assert.Contains("truncated", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_signature_verifies_only_with_its_key_and_unchanged()
    {
        using var signer = new CheckpointSigner(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        using var other = new CheckpointSigner(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var cp = signer.Sign(5, new string('a', 64), T0);
        Assert.True(CheckpointSigner.IsValid(cp, signer.ExportPublicKey()));
        Assert.False(CheckpointSigner.IsValid(cp, other.ExportPublicKey()));
        var tampered = new AuditCheckpoint { Id = cp.Id, Sequence = 6, Hash = cp.Hash, CreatedAt = cp.CreatedAt, Signature = cp.Signature, KeyId = cp.KeyId };
        Assert.False(CheckpointSigner.IsValid(tampered, signer.ExportPublicKey()));
    }

    [Fact]
    public void Null_and_empty_fields_hash_differently()
    {
        var a = Chain(1)[0];
        var b = Chain(1)[0];
        b.IpAddress = "";
        Assert.NotEqual(AuditChain.ComputeHash(a), AuditChain.ComputeHash(b));
    }
}

internal static class AsyncEnumerableExtensions
{
    public static async IAsyncEnumerable<T> ToAsyncEnumerable<T>(this IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
