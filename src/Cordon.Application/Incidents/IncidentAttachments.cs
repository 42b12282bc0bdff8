using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Documents;
using Cordon.Domain.Documents;
using Cordon.Domain.Identity;

namespace Cordon.Application.Incidents;

/// <summary>Photos and documents of incidents, kept by the shared <see cref="AttachmentStore"/>; only who may see the incident sees them.</summary>
public sealed class IncidentAttachments(CordonDbContext db, IncidentQueries queries, AttachmentStore store, AuditLog audit) : IRecordAttachments
{
    public async Task<IReadOnlyList<Attachment>?> ListAsync(Guid recordId, CancellationToken ct = default) =>
        await queries.FindAsync(recordId, ct) is null ? null : await store.ListAsync(CordonModule.Incidents, recordId, ct);

    public async Task<Outcome<Attachment>> AddAsync(Guid recordId, string? fileName, Stream content, CancellationToken ct = default)
    {
        var incident = await queries.FindAsync(recordId, ct);
        if (incident is null) return Outcome<Attachment>.NotFound("No such incident.");
        // Read and check the file before taking the write lock: a slow upload must not hold up other writers.
        var staged = await store.StageAsync(CordonModule.Incidents, recordId, fileName, content, AttachmentPolicy.PhotosAndDocuments, ct);
        if (!staged.Succeeded) return staged;
        var attachment = staged.Value!;
        await using var tx = await db.BeginWriteAsync(ct);
        await audit.RecordAsync("incident.attachment-added", "Incident", recordId.ToString(), new { attachment.Id, attachment.FileName, attachment.Sha256, attachment.Size }, attachment.FileName,
            incident.NamedParties.Select(p => p.PartyCode).Append(incident.ReporterPartyCode), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return staged;
    }

    /// <summary>Null when the incident is not visible to the caller or the attachment is not one of its own.</summary>
    public async Task<(Attachment Attachment, byte[] Bytes)?> OpenAsync(Guid recordId, Guid attachmentId, CancellationToken ct = default)
    {
        if (await queries.FindAsync(recordId, ct) is null) return null;
        var opened = await store.OpenAsync(CordonModule.Incidents, recordId, attachmentId, ct);
        if (opened is not { } file) return null;
        await audit.RecordNowAsync("incident.attachment-read", "Incident", recordId.ToString(), file.Attachment.FileName, null, ct);
        return file;
    }
}
