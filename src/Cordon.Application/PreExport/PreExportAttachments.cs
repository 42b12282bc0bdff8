using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Documents;
using Cordon.Domain.Documents;
using Cordon.Domain.Identity;
using Cordon.Domain.PreExport;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.PreExport;

/// <summary>
/// Documents attached to a notification (invoice, contract, import permit, end-user declaration). The exporting
/// and importing Parties attach and read them, and the Secretariat reads them; transit Parties do not see them,
/// because they are commercial documents (article 12, paragraph 11).
/// </summary>
public sealed class PreExportAttachments(CordonDbContext db, PreExportNotifications notifications, AttachmentStore store, AuditLog audit) : IRecordAttachments
{
    private async Task<PreExportNotification?> FindAsync(Guid recordId, CancellationToken ct)
    {
        var n = await notifications.Visible().AsNoTracking().FirstOrDefaultAsync(x => x.Id == recordId, ct);
        return n is null || notifications.RoleOf(n) == PreExportRole.Transit ? null : n;
    }

    public async Task<IReadOnlyList<Attachment>?> ListAsync(Guid recordId, CancellationToken ct = default) =>
        await FindAsync(recordId, ct) is null ? null : await store.ListAsync(CordonModule.PreExport, recordId, ct);

    public async Task<Outcome<Attachment>> AddAsync(Guid recordId, string? fileName, Stream content, CancellationToken ct = default)
    {
        var n = await FindAsync(recordId, ct);
        if (n is null) return Outcome<Attachment>.NotFound("No such notification.");
        if (notifications.RoleOf(n) == PreExportRole.Secretariat) return Outcome<Attachment>.Forbidden("Only the exporting and importing Parties attach documents.");
        // Read and check the file before taking the write lock: a slow upload must not hold up other writers.
        var staged = await store.StageAsync(CordonModule.PreExport, recordId, fileName, content, AttachmentPolicy.PhotosAndDocuments, ct);
        if (!staged.Succeeded) return staged;
        var attachment = staged.Value!;
        await using var tx = await db.BeginWriteAsync(ct);
        await audit.RecordAsync("preexport.attachment-added", PreExportNotifications.RecordType, recordId.ToString(),
            new { attachment.Id, attachment.FileName, attachment.Sha256, attachment.Size }, attachment.FileName, [n.ExportingCountry, n.ImportingCountry], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return staged;
    }

    public async Task<(Attachment Attachment, byte[] Bytes)?> OpenAsync(Guid recordId, Guid attachmentId, CancellationToken ct = default)
    {
        if (await FindAsync(recordId, ct) is null) return null;
        var opened = await store.OpenAsync(CordonModule.PreExport, recordId, attachmentId, ct);
        if (opened is not { } file) return null;
        await audit.RecordNowAsync("preexport.attachment-read", PreExportNotifications.RecordType, recordId.ToString(), file.Attachment.FileName, null, ct);
        return file;
    }
}
