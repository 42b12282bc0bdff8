using Cordon.Domain.Identity;

namespace Cordon.Domain.Documents;

/// <summary>
/// A file attached to a record of any module (an incident's photo, a pre-export notification's invoice).
/// The bytes live in <see cref="AttachmentContent"/>, in the database, so every node and every backup has them.
/// </summary>
public sealed class Attachment
{
    public Guid Id { get; init; }
    public CordonModule Module { get; init; }
    public Guid RecordId { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public long Size { get; init; }
    public required string Sha256 { get; init; }
    public Guid UploadedBy { get; init; }
    public string? PartyCode { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The bytes of an attachment, kept apart so that listing attachments never loads them.</summary>
public sealed class AttachmentContent
{
    public Guid Id { get; init; }
    public required byte[] Bytes { get; init; }
}

/// <summary>What a module accepts: how many files per record, and which kinds (recognised by content, not by name).</summary>
public sealed record AttachmentPolicy(int MaxPerRecord, IReadOnlySet<string> ContentTypes)
{
    public const long MaxBytes = UploadLimits.MaxBytes;

    /// <summary>Photos and scanned or PDF documents, 20 per record.</summary>
    public static AttachmentPolicy PhotosAndDocuments { get; } =
        new(20, new HashSet<string>(StringComparer.Ordinal) { FileSignatures.Jpeg, FileSignatures.Png, FileSignatures.Pdf, FileSignatures.Tiff });
}

/// <summary>What any upload may weigh, whatever it is: attachments, CSV and Excel imports, statistics workbooks.</summary>
public static class UploadLimits
{
    /// <summary>One size limit everywhere (nginx's client_max_body_size in deploy/ leaves room for it). The messages that refuse a larger file say "10 MB".</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

}

/// <summary>Recognises a file's kind from its first bytes, and makes uploaded names safe to show and send back.</summary>
public static class FileSignatures
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Pdf = "application/pdf";
    public const string Tiff = "image/tiff";

    /// <summary>How many leading bytes <see cref="Sniff"/> needs.</summary>
    public const int HeadLength = 8;

    /// <summary>The content type the file's signature shows, or null when it is none of the known kinds.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return Jpeg;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return Png;
        if (head.StartsWith("%PDF-"u8)) return Pdf;
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8)) return Tiff;
        return null;
    }

    /// <summary>A file name safe to show and to send back in Content-Disposition: no path, no control characters, at most 200 characters.</summary>
    public static string SafeName(string? name)
    {
        var n = Path.GetFileName((name ?? "").Replace('\\', '/'));
        n = new string(n.Where(c => !char.IsControl(c) && c != '"').ToArray()).Trim();
        if (n.Length == 0) n = "attachment";
        return n.Length > 200 ? n[^200..] : n;
    }
}
