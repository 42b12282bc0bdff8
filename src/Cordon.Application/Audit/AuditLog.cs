using System.Text.Json;
using System.Text.Json.Serialization;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Audit;

/// <summary>
/// The one way anything is written to the audit trail. Call it inside a write transaction; it takes the
/// ledger lock, links the entry to the chain head and adds it to the context (the caller saves and commits).
/// </summary>
public sealed class AuditLog(CordonDbContext db, ICurrentActor actor, TimeProvider clock)
{
    private static readonly JsonSerializerOptions RecordJson = new()
    {
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task<AuditEntry> RecordAsync(
        string action,
        string entityType,
        string entityId,
        object? record = null,
        string? details = null,
        IEnumerable<string>? concernsParties = null,
        CancellationToken ct = default)
    {
        await db.AcquireLedgerLockAsync(ct);
        var head = db.AuditEntries.Local.OrderByDescending(e => e.Sequence).FirstOrDefault()
                   ?? await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
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
        AuditChain.Seal(entry, head);
        db.AuditEntries.Add(entry);
        Common.CordonTelemetry.AuditEntries.Add(1, new KeyValuePair<string, object?>("action", action));
        return entry;
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
