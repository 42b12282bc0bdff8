namespace Cordon.Domain.Audit;

public sealed record AuditVerification(bool IsValid, long EntriesChecked, int CheckpointsChecked, long? FirstBrokenSequence, string? Problem)
{
    public static AuditVerification Broken(long checkedCount, int checkpoints, long sequence, string problem) =>
        new(false, checkedCount, checkpoints, sequence, problem);
}

/// <summary>
/// Walks the chain in sequence order and reports the first broken link. Streaming: it holds one entry at a
/// time, so it verifies millions of entries in constant memory.
/// </summary>
public sealed class AuditVerifier
{
    private readonly Func<AuditCheckpoint, bool> _signatureIsValid;

    /// <param name="signatureIsValid">Checks a checkpoint's signature against the platform's public key(s).</param>
    public AuditVerifier(Func<AuditCheckpoint, bool> signatureIsValid) => _signatureIsValid = signatureIsValid;

    public async Task<AuditVerification> VerifyAsync(
        IAsyncEnumerable<AuditEntry> entriesInSequenceOrder,
        IReadOnlyCollection<AuditCheckpoint> checkpoints,
        CancellationToken ct = default)
    {
        var bySequence = checkpoints.GroupBy(c => c.Sequence).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var cp in checkpoints)
        {
            if (!_signatureIsValid(cp))
                return AuditVerification.Broken(0, 0, cp.Sequence, $"Checkpoint {cp.Id} at entry {cp.Sequence} has an invalid signature.");
        }

        long expected = 1;
        var previousHash = AuditChain.GenesisHash;
        long count = 0;
        var checkpointsSeen = 0;
        await foreach (var e in entriesInSequenceOrder.WithCancellation(ct))
        {
            if (e.Sequence != expected)
            {
                return e.Sequence > expected
                    ? AuditVerification.Broken(count, checkpointsSeen, expected, $"Entry {expected} is missing (deleted): the next entry present is {e.Sequence}.")
                    : AuditVerification.Broken(count, checkpointsSeen, e.Sequence, $"Entry {e.Sequence} appears out of order or twice.");
            }
            if (!string.Equals(e.PreviousHash, previousHash, StringComparison.Ordinal))
                return AuditVerification.Broken(count, checkpointsSeen, e.Sequence, $"Entry {e.Sequence} does not link to entry {e.Sequence - 1}: an entry was inserted, deleted or changed here.");
            var recomputed = AuditChain.ComputeHash(e);
            if (!string.Equals(recomputed, e.Hash, StringComparison.Ordinal))
                return AuditVerification.Broken(count, checkpointsSeen, e.Sequence, $"Entry {e.Sequence} was altered: its content no longer matches its hash.");
            if (bySequence.TryGetValue(e.Sequence, out var cps))
            {
                foreach (var cp in cps)
                {
                    if (!string.Equals(cp.Hash, e.Hash, StringComparison.Ordinal))
                        return AuditVerification.Broken(count, checkpointsSeen, e.Sequence, $"Entry {e.Sequence} differs from signed checkpoint {cp.Id}: the chain was rewritten.");
                    checkpointsSeen++;
                }
            }
            previousHash = e.Hash;
            expected++;
            count++;
        }
        var missing = checkpoints.Where(c => c.Sequence >= expected).OrderBy(c => c.Sequence).FirstOrDefault();
        if (missing is not null)
            return AuditVerification.Broken(count, checkpointsSeen, missing.Sequence, $"Signed checkpoint {missing.Id} names entry {missing.Sequence}, which no longer exists: the chain was truncated.");
        return new AuditVerification(true, count, checkpointsSeen, null, null);
    }
}
