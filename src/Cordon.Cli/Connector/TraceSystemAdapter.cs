using Cordon.Client.Traceability;

namespace Cordon.Cli.Connector;

/// <summary>
/// Exactly what the connector will ask the national track-and-trace system: the approver reads this (decrypted on the
/// Party's side) before anything leaves, and the connector executes the approved copy, not a fresh plan.
/// </summary>
public sealed record NationalQuery(string System, string Target, IReadOnlyList<string> Requests, IReadOnlyList<string> Uims, IReadOnlyList<string> Wanted);

/// <summary>A national track-and-trace system behind the connector (ADR 26). Adapters are chosen by `cordon connector run --adapter`.</summary>
public interface ITraceSystemAdapter
{
    string Name { get; }

    /// <summary>The query for these UIMs: shown to the approver, then executed as approved.</summary>
    NationalQuery Plan(IReadOnlyList<string> uims, IReadOnlyList<string> wanted);

    /// <summary>Runs an approved query and answers per UIM with the standard reply template (Article 8 §4.1, letters a to j).</summary>
    Task<IReadOnlyList<UimAnswer>> QueryAsync(NationalQuery approved, CancellationToken ct);
}

public static class ReplyTemplate
{
    public static readonly string[] Letters = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];

    /// <summary>Only the items the request ticked (all when it ticked none), and no empty ones.</summary>
    public static IReadOnlyDictionary<string, string> Keep(IDictionary<string, string> fields, IReadOnlyList<string> wanted) =>
        fields.Where(f => f.Value.Length > 0 && (wanted.Count == 0 || wanted.Contains(f.Key, StringComparer.OrdinalIgnoreCase)))
            .OrderBy(f => f.Key, StringComparer.Ordinal).ToDictionary(f => f.Key, f => f.Value);
}
