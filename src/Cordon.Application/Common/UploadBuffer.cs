using Cordon.Domain.Documents;

namespace Cordon.Application.Common;

/// <summary>Reads an upload into memory, never more than <see cref="UploadLimits.MaxBytes"/>.</summary>
public static class UploadBuffer
{
    /// <summary>The bytes, or null when the upload is larger than the limit (found out by reading one chunk past it, not the whole upload).</summary>
    public static async Task<byte[]?> ReadAsync(Stream content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > UploadLimits.MaxBytes) return null;
        }
        return buffer.ToArray();
    }
}
