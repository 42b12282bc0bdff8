using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cordon.Client;

/// <summary>An RFC 7807 problem as the Cordon API returns it for every error.</summary>
public sealed record ApiProblem
{
    public string? Type { get; init; }
    public string? Title { get; init; }
    public int? Status { get; init; }
    public string? Detail { get; init; }
    public string? Instance { get; init; }

    /// <summary>Validation errors by field name, when the request was invalid.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>The server's id of the request, to quote when reporting a problem.</summary>
    public string? RequestId { get; init; }

    /// <summary>Any other members, e.g. "problems" (line-numbered) of a refused CSV import.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement> Extensions { get; init; } = [];
}
