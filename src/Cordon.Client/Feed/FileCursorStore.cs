using System.Globalization;
using System.Text;

namespace Cordon.Client.Feed;

/// <summary>
/// Keeps the cursor in a small text file. Each save writes a temporary file, flushes it to disk and renames
/// it over the old one, so a crash leaves either the old cursor or the new one, never a torn file.
/// </summary>
public sealed class FileCursorStore : ICursorStore
{
    public FileCursorStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    public async Task<long> LoadAsync(CancellationToken ct = default)
    {
        if (!File.Exists(Path)) return 0;
        var text = (await File.ReadAllTextAsync(Path, ct)).Trim();
        if (text.Length == 0) return 0;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor))
            throw new InvalidDataException($"The cursor file {Path} does not hold a feed cursor (a whole number ≥ 0); fix or delete it.");
        return cursor;
    }

    public async Task SaveAsync(long cursor, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        // Same directory as the target: a rename is only atomic within one file system.
        var temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(cursor.ToString(CultureInfo.InvariantCulture) + "\n"), ct);
                // Data on disk before the rename, or a power cut could leave the renamed file empty.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, Path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
