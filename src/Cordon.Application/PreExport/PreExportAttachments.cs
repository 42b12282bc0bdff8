using Cordon.Application.Common;
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
public sealed class PreExportAttachments(PreExportNotifications notifications, AttachmentStore store) : IRecordAttachments
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
        return await store.AddAsync(Record(n), fileName, content, AttachmentPolicy.PhotosAndDocuments, ct);
    }

    public async Task<(Attachment Attachment, byte[] Bytes)?> OpenAsync(Guid recordId, Guid attachmentId, CancellationToken ct = default) =>
        await FindAsync(recordId, ct) is { } n ? await store.OpenAsync(Record(n), attachmentId, ct) : null;

    private static AttachedTo Record(PreExportNotification n) =>
        new(CordonModule.PreExport, PreExportNotifications.RecordType, "preexport", n.Id, [n.ExportingCountry, n.ImportingCountry]);
}
