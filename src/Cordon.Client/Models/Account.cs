namespace Cordon.Client.Models;

/// <summary>GET /api/v1/me: who the caller is.</summary>
public sealed record MeResponse(
    string Id,
    string Name,
    string? Email,
    string? Party,
    string? AuthorityId,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Permissions,
    bool IsApiClient);
