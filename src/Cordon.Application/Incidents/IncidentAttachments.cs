using System.Security.Cryptography;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Incidents;

public sealed record AttachmentContent(IncidentAttachment Attachment, string Path);

/// <summary>Photos and documents of incidents, stored under the data directory's uploads folder (incidents/ID).</summary>
public sealed class IncidentAttachments(CordonDbContext db, IncidentQueries queries, AuditLog audit, CordonPaths paths, ICurrentActor actor, TimeProvider clock)
{
    private string Folder => Path.Combine(paths.UploadsDirectory, "incidents");

    public async Task<IReadOnlyList<IncidentAttachment>> ListAsync(Guid incidentId, CancellationToken ct = default) =>
        await db.IncidentAttachments.AsNoTracking().Where(a => a.IncidentId == incidentId).OrderBy(a => a.CreatedAt).ToListAsync(ct);

    public async Task<Outcome<IncidentAttachment>> AddAsync(Guid incidentId, string? fileName, long length, Stream content, CancellationToken ct = default)
    {
        var incident = await queries.FindAsync(incidentId, ct);
        if (incident is null) return Outcome<IncidentAttachment>.NotFound("No such incident.");
        if (length <= 0) return Outcome<IncidentAttachment>.Invalid("Choose a file to attach.");
        if (length > AttachmentRules.MaxBytes) return Outcome<IncidentAttachment>.Invalid("The file is too large (10 MB at most).");
        if (await db.IncidentAttachments.CountAsync(a => a.IncidentId == incidentId, ct) >= AttachmentRules.MaxPerIncident)
            return Outcome<IncidentAttachment>.Invalid("The incident has the most attachments allowed.");

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, id.ToString("N"));
        string? type;
        string hash;
        long written;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            var head = new byte[8];
            var headLength = 0;
            written = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                if (headLength < head.Length)
                {
                    var take = Math.Min(head.Length - headLength, read);
                    Array.Copy(buffer, 0, head, headLength, take);
                    headLength += take;
                }
                written += read;
                if (written > AttachmentRules.MaxBytes) break;
                sha.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            type = AttachmentRules.Sniff(head.AsSpan(0, headLength));
            hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        }
        if (written > AttachmentRules.MaxBytes || type is null)
        {
            File.Delete(path);
            return Outcome<IncidentAttachment>.Invalid(type is null ? "Only photos (JPEG, PNG) and PDF documents can be attached." : "The file is too large (10 MB at most).");
        }
        var attachment = new IncidentAttachment
        {
            Id = id, IncidentId = incidentId, FileName = AttachmentRules.SafeName(fileName), ContentType = type, Size = written, Sha256 = hash,
            UploadedBy = actor.UserId ?? Guid.Empty, PartyCode = actor.PartyCode, CreatedAt = now,
        };
        try
        {
            await using var tx = await db.BeginWriteAsync(ct);
            db.IncidentAttachments.Add(attachment);
            await audit.RecordAsync("incident.attachment-added", "Incident", incidentId.ToString(), new { attachment.Id, attachment.FileName, attachment.Sha256, attachment.Size }, attachment.FileName,
                incident.NamedParties.Select(p => p.PartyCode).Append(incident.ReporterPartyCode), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        return Outcome<IncidentAttachment>.Ok(attachment);
    }

    /// <summary>Null when the incident is not visible to the caller or the attachment is not one of its own.</summary>
    public async Task<AttachmentContent?> OpenAsync(Guid incidentId, Guid attachmentId, CancellationToken ct = default)
    {
        if (await queries.FindAsync(incidentId, ct) is null) return null;
        var attachment = await db.IncidentAttachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.IncidentId == incidentId, ct);
        if (attachment is null) return null;
        var path = Path.Combine(Folder, attachment.Id.ToString("N"));
        if (!File.Exists(path)) return null;
        await audit.RecordNowAsync("incident.attachment-read", "Incident", incidentId.ToString(), attachment.FileName, null, ct);
        return new AttachmentContent(attachment, path);
    }
}
