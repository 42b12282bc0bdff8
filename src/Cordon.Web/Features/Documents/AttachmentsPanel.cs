using Cordon.Domain.Documents;

namespace Cordon.Web.Features.Documents;

/// <summary>
/// What the shared _Attachments partial shows: the record's files, each downloaded through the page's
/// "Attachment" handler, and the upload form posting to its "Attach" handler when the user may attach.
/// </summary>
public sealed record AttachmentsPanel(Guid RecordId, string PagePath, IReadOnlyList<Attachment> Items, bool CanAttach);
