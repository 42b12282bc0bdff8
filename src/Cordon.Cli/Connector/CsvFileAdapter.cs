using Cordon.Application.Common;
using Cordon.Client.Traceability;

namespace Cordon.Cli.Connector;

/// <summary>
/// A CSV export of the national system: one line per UIM, columns <c>uim</c>, optional <c>valid</c> (yes/no),
/// <c>a</c> … <c>j</c> (the reply template, Article 8 §4.1) and optional <c>text</c>. Read with CsvTable; nothing leaves the machine.
/// </summary>
public sealed class CsvFileAdapter(string path) : ITraceSystemAdapter
{
    public string Name => "csv";

    public NationalQuery Plan(IReadOnlyList<string> uims, IReadOnlyList<string> wanted) =>
        new(Name, Path.GetFullPath(path), [.. uims.Select(u => $"LOOKUP uim={u}")], uims, wanted);

    public async Task<IReadOnlyList<UimAnswer>> QueryAsync(NationalQuery approved, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(approved);
        if (!string.Equals(approved.Target, Path.GetFullPath(path), StringComparison.Ordinal)) throw new InvalidDataException($"The approved query names {approved.Target}, not the configured file.");
        using var reader = new StreamReader(approved.Target);
        var (headers, lines) = await CsvTable.ReadAsync(reader, ct);
        if (CsvTable.Missing(headers, "uim").Any()) throw new InvalidDataException($"{approved.Target} has no 'uim' column.");
        var rows = new Dictionary<string, CsvLine>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines) rows.TryAdd(line["uim"].Replace(" ", "", StringComparison.Ordinal), line);
        return approved.Uims.Select(u =>
        {
            if (!rows.TryGetValue(u, out var row)) return new UimAnswer(u, false, new Dictionary<string, string>(), "Not in the national system's records.");
            var valid = row.Optional("valid")?.ToLowerInvariant() is not ("no" or "false" or "0" or "invalid");
            var fields = ReplyTemplate.Letters.ToDictionary(l => l, l => row[l]);
            return new UimAnswer(u, valid, ReplyTemplate.Keep(fields, approved.Wanted), row["text"]);
        }).ToList();
    }
}
