using Cordon.Application.Common;
using Cordon.Application.Documents;
using Cordon.Domain.Documents;
using Cordon.Domain.Identity;
using Cordon.Domain.Incidents;

namespace Cordon.Application.Incidents;

/// <summary>Photos and documents of incidents, kept by the shared <see cref="AttachmentStore"/>; only who may see the incident sees them.</summary>
public sealed class IncidentAttachments(IncidentQueries queries, AttachmentStore store) : IRecordAttachments
{
    public async Task<IReadOnlyList<Attachment>?> ListAsync(Guid recordId, CancellationToken ct = default) =>
        await queries.FindAsync(recordId, ct) is null ? null : await store.ListAsync(CordonModule.Incidents, recordId, ct);

    public async Task<Outcome<Attachment>> AddAsync(Guid recordId, string? fileName, Stream content, CancellationToken ct = default)
    {
        var incident = await queries.FindAsync(recordId, ct);
        if (incident is null) return Outcome<Attachment>.NotFound("No such incident.");
        return await store.AddAsync(Record(incident), fileName, content, AttachmentPolicy.PhotosAndDocuments, ct);
    }

    /// <summary>Null when the incident is not visible to the caller or the attachment is not one of its own.</summary>
    public async Task<(Attachment Attachment, byte[] Bytes)?> OpenAsync(Guid recordId, Guid attachmentId, CancellationToken ct = default) =>
        await queries.FindAsync(recordId, ct) is { } incident ? await store.OpenAsync(Record(incident), attachmentId, ct) : null;

    private static AttachedTo Record(Incident incident) =>
        new(CordonModule.Incidents, "Incident", "incident", incident.Id, incident.NamedParties.Select(p => p.PartyCode).Append(incident.ReporterPartyCode));
}
