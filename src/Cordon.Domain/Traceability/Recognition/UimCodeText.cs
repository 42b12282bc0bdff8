namespace Cordon.Domain.Traceability.Recognition;

/// <summary>
/// Splits pasted text, a text file or a CSV into codes, as parseCodes in uim-recognizer.js does: one code per
/// line or per field (separated by comma, semicolon, tab or |), quotes and surrounding white space removed,
/// empty fields skipped. Spaces inside a field stay (normalisation ignores them: "LEAT1 ABCD ..." is one
/// code). When the first line names a column uim/uims/code/codes, only that column is read.
/// </summary>
public static class UimCodeText
{
    private static readonly char[] FieldSeparators = [',', ';', '\t', '|'];
    private static readonly HashSet<string> HeaderNames = new(["UIM", "UIMS", "CODE", "CODES", "UNIQUE IDENTIFIER"], StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
        var rows = lines.Select(Fields).Where(f => f.Any(x => Clean(x).Length > 0)).ToList();
        return FromRows(rows);
    }

    /// <summary>The same rule over rows already split into cells (a worksheet).</summary>
    public static IReadOnlyList<string> FromRows(IReadOnlyList<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var codes = new List<string>();
        if (rows.Count == 0) return codes;
        var column = Array.FindIndex(rows[0], f => HeaderNames.Contains(Clean(f)));
        foreach (var row in column >= 0 ? rows.Skip(1) : rows)
        {
            if (column >= 0)
            {
                if (column < row.Length && Clean(row[column]) is { Length: > 0 } code) codes.Add(code);
                continue;
            }
            foreach (var field in row)
                if (Clean(field) is { Length: > 0 } code) codes.Add(code);
        }
        return codes;
    }

    private static string[] Fields(string line) => line.Split(FieldSeparators);

    private static readonly char[] Space = UimNormalizer.WhiteSpace.ToCharArray();

    private static string Clean(string field) => field.Trim(Space).Trim('"', '\'').Trim(Space);
}
