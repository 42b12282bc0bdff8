using CsvHelper;

namespace Cordon.Application.Common;

/// <summary>One data line of a CSV file, with its line number in the file for error messages.</summary>
public sealed class CsvLine(long line, IReadOnlyList<string> headers, string[] fields)
{
    public long Line { get; } = line;

    /// <summary>The field under the header, trimmed; "" when the line is short.</summary>
    public string this[string column]
    {
        get
        {
            for (var i = 0; i < headers.Count; i++)
                if (string.Equals(headers[i], column, StringComparison.OrdinalIgnoreCase))
                    return i < fields.Length ? fields[i] : "";
            return "";
        }
    }

    public string? Optional(string column) => this[column] is { Length: > 0 } v ? v : null;
}

/// <summary>Reading and writing CSV through CsvHelper, with the header checks every import needs.</summary>
public static class CsvTable
{
    public static async Task<(IReadOnlyList<string> Headers, List<CsvLine> Lines)> ReadAsync(TextReader text, CancellationToken ct = default)
    {
        await using var reader = CsvReader.Create(text, new CsvReaderOptions { HasHeader = true, TrimWhitespace = true, TrackLineNumbers = true, SkipEmptyLines = true }, true);
        var lines = new List<CsvLine>();
        IReadOnlyList<string> headers = [];
        while (await reader.ReadAsync(ct))
        {
            headers = reader.Headers ?? [];
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++) fields[i] = reader.GetString(i);
            lines.Add(new CsvLine(reader.LineNumber, headers, fields));
        }
        // A file with a header row and no data still names its columns.
        if (headers.Count == 0) headers = reader.Headers ?? [];
        return (headers, lines);
    }

    public static IEnumerable<string> Missing(IReadOnlyList<string> headers, params string[] required) =>
        required.Where(r => !headers.Contains(r, StringComparer.OrdinalIgnoreCase));

    public static async Task WriteAsync(TextWriter text, IReadOnlyList<string> headers, IAsyncEnumerable<string[]> rows, CancellationToken ct = default)
    {
        await using var writer = CsvWriter.Create(text, new CsvWriterOptions(), true);
        await writer.WriteRecordAsync([.. headers], ct);
        await foreach (var row in rows.WithCancellation(ct))
            await writer.WriteRecordAsync(row, ct);
        await writer.FlushAsync(ct);
    }
}
