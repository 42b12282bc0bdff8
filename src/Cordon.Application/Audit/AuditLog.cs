using System.Text.Json;
using System.Text.Json.Serialization;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Audit;

/// <summary>
/// The one way anything is written to the audit trail. Call it inside a write transaction; the entry is
/// sealed onto the chain (sequence, link, hash) and inserted when the transaction commits through
/// <see cref="WriteScope.CommitAsync"/>, under the ledger lock held only for that final step (ADR 0018).
/// </summary>
public sealed class AuditLog(CordonDbContext db, ICurrentActor actor, TimeProvider clock)
{
    private static readonly JsonSerializerOptions RecordJson = new()
    {
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
    };

    public Task<AuditEntry> RecordAsync(
        string action,
        string entityType,
        string entityId,
        object? record = null,
        string? details = null,
        IEnumerable<string>? concernsParties = null,
        CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var parties = (concernsParties ?? []).Append(actor.PartyCode).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var entry = new AuditEntry
        {
            Timestamp = clock.GetUtcNow(),
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            UserId = actor.UserId,
            UserName = actor.UserName,
            AuthorityId = actor.AuthorityId,
            PartyCode = actor.PartyCode,
            ConcernsParties = parties.Count == 0 ? null : ";" + string.Join(';', parties) + ";",
            IpAddress = actor.IpAddress,
            Details = details is { Length: > 4000 } ? details[..4000] : details,
            RecordHash = record is null ? "" : HashOf(record),
        };
        // Sequence, PreviousHash and Hash are filled in at commit; the timestamp is the moment of the action.
        entry.Timestamp = AuditChain.NormalizeTimestamp(entry.Timestamp);
        try
        {
            db.EnqueueAudit(entry);
        }
        catch (InvalidOperationException e)
        {
            return Task.FromException<AuditEntry>(e);
        }
        Common.CordonTelemetry.AuditEntries.Add(1, new KeyValuePair<string, object?>("action", action));
        return Task.FromResult(entry);
    }

    /// <summary>Audits an action in its own write transaction (log-ins, reads, exports).</summary>
    public async Task<AuditEntry> RecordNowAsync(string action, string entityType, string entityId, string? details = null, IEnumerable<string>? concernsParties = null, CancellationToken ct = default)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var entry = await RecordAsync(action, entityType, entityId, null, details, concernsParties, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return entry;
    }

    public static string HashOf(object record) => AuditChain.Sha256Hex(JsonSerializer.SerializeToUtf8Bytes(record, record.GetType(), RecordJson));
}
