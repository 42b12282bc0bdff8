using System.Security.Cryptography;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Documents;
using Cordon.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Documents;

/// <summary>
/// The record a file is attached to, as the audit trail names it: entries "{AuditPrefix}.attachment-added" and
/// "{AuditPrefix}.attachment-read" on (<paramref name="EntityType"/>, record id), concerning the given Parties.
/// </summary>
public sealed record AttachedTo(CordonModule Module, string EntityType, string AuditPrefix, Guid RecordId, IEnumerable<string> ConcernsParties);

/// <summary>
/// Files attached to the records of every module. The module checks who may see the record; this checks the
/// file (size, count, kind by content) and keeps it in the database with its audit entry in one write
/// transaction, so every node serves it and every backup holds it.
/// </summary>
public sealed class AttachmentStore(CordonDbContext db, AuditLog audit, ICurrentActor actor, TimeProvider clock)
{
    /// <summary>Checks the upload and, if it is accepted, stores it and audits it. Nothing is written when it is refused.</summary>
    public async Task<Outcome<Attachment>> AddAsync(AttachedTo record, string? fileName, Stream content, AttachmentPolicy policy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        // Read and check the file before taking the write lock: a slow upload must not hold up other writers.
        var staged = await StageAsync(record.Module, record.RecordId, fileName, content, policy, ct);
        if (!staged.Succeeded) return staged;
        var attachment = staged.Value!;
        await using var tx = await db.BeginWriteAsync(ct);
        await audit.RecordAsync($"{record.AuditPrefix}.attachment-added", record.EntityType, record.RecordId.ToString(),
            new { attachment.Id, attachment.FileName, attachment.Sha256, attachment.Size }, attachment.FileName, record.ConcernsParties, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return staged;
    }

    private async Task<Outcome<Attachment>> StageAsync(CordonModule module, Guid recordId, string? fileName, Stream content, AttachmentPolicy policy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(policy);
        if (await db.Attachments.CountAsync(a => a.Module == module && a.RecordId == recordId, ct) >= policy.MaxPerRecord)
            return Outcome<Attachment>.Invalid("The record has the most attachments allowed.");

        if (await UploadBuffer.ReadAsync(content, ct) is not { } bytes) return Outcome<Attachment>.TooLarge("The file is too large (10 MB at most).");
        if (bytes.Length == 0) return Outcome<Attachment>.Invalid("Choose a file to attach.");
        var type = FileSignatures.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, FileSignatures.HeadLength)));
        if (type is null || !policy.ContentTypes.Contains(type)) return Outcome<Attachment>.Unsupported("Only photos (JPEG, PNG, TIFF) and PDF documents can be attached.");

        var now = clock.GetUtcNow();
        var attachment = new Attachment
        {
            Id = Guid.CreateVersion7(now), Module = module, RecordId = recordId, FileName = FileSignatures.SafeName(fileName), ContentType = type,
            Size = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), UploadedBy = actor.UserId ?? Guid.Empty,
            PartyCode = actor.PartyCode, CreatedAt = now,
        };
        db.Attachments.Add(attachment);
        db.AttachmentContents.Add(new AttachmentContent { Id = attachment.Id, Bytes = bytes });
        return Outcome<Attachment>.Ok(attachment);
    }

    public async Task<IReadOnlyList<Attachment>> ListAsync(CordonModule module, Guid recordId, CancellationToken ct = default) =>
        await db.Attachments.AsNoTracking().Where(a => a.Module == module && a.RecordId == recordId).OrderBy(a => a.CreatedAt).ToListAsync(ct);

    /// <summary>The attachment and its bytes (the reading audited), or null when it is not one of this record's.</summary>
    public async Task<(Attachment Attachment, byte[] Bytes)?> OpenAsync(AttachedTo record, Guid attachmentId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var attachment = await db.Attachments.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == attachmentId && a.Module == record.Module && a.RecordId == record.RecordId, ct);
        if (attachment is null) return null;
        var bytes = await db.AttachmentContents.AsNoTracking().Where(c => c.Id == attachmentId).Select(c => c.Bytes).SingleAsync(ct);
        await audit.RecordNowAsync($"{record.AuditPrefix}.attachment-read", record.EntityType, record.RecordId.ToString(), attachment.FileName, null, ct);
        return (attachment, bytes);
    }
}

/// <summary>A module's attachments to its records, with the module's own rule of who may see a record.</summary>
public interface IRecordAttachments
{
    /// <summary>Null when the record does not exist or is not visible to the caller.</summary>
    Task<IReadOnlyList<Attachment>?> ListAsync(Guid recordId, CancellationToken ct = default);

    Task<Outcome<Attachment>> AddAsync(Guid recordId, string? fileName, Stream content, CancellationToken ct = default);

    /// <summary>Null when the record is not visible to the caller or the attachment is not one of its own.</summary>
    Task<(Attachment Attachment, byte[] Bytes)?> OpenAsync(Guid recordId, Guid attachmentId, CancellationToken ct = default);
}
