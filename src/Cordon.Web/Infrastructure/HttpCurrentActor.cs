using System.Security.Claims;
using Cordon.Application.Identity;
using Cordon.Domain.Identity;

namespace Cordon.Web.Infrastructure;

/// <summary>The actor of the current request; the system outside a request (background jobs, start-up).</summary>
public sealed class HttpCurrentActor(IHttpContextAccessor accessor) : ICurrentActor
{
    private ClaimsPrincipal? User => accessor.HttpContext?.User is { Identity.IsAuthenticated: true } u ? u : null;

    /// <summary>No request at all: the platform itself is acting (jobs, start-up).</summary>
    private bool IsSystem => accessor.HttpContext is null;

    public Guid? UserId => Guid.TryParse(User?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
    public string? UserName => IsSystem ? "system" : User?.Identity?.Name ?? "anonymous";
    public Guid? AuthorityId => Guid.TryParse(User?.FindFirstValue(CordonClaims.Authority), out var id) ? id : null;
    public string? PartyCode => User?.FindFirstValue(CordonClaims.Party);
    public string? IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
    public bool IsSecretariat => IsSystem || (User?.IsSecretariat() ?? false);
    public bool IsInRole(string role) => IsSystem ? role == CordonRoles.SecretariatAdministrator : User?.IsInRole(role) ?? false;
}

public static class ClaimsPrincipalExtensions
{
    public static string? PartyCode(this ClaimsPrincipal user) => user.FindFirstValue(CordonClaims.Party);

    public static Guid? UserId(this ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static bool IsSecretariat(this ClaimsPrincipal user) =>
        user.IsInRole(CordonRoles.SecretariatAdministrator) || user.IsInRole(CordonRoles.SecretariatAnalyst);

    public static bool Has(this ClaimsPrincipal user, ModulePermission permission) =>
        user.HasClaim(CordonClaims.Permission, permission.ToString());

    /// <summary>True when the user may administer users of the Party (its national administrator, or the Secretariat administrator).</summary>
    public static bool AdministersParty(this ClaimsPrincipal user, string? partyCode) =>
        user.IsInRole(CordonRoles.SecretariatAdministrator)
        || (user.IsInRole(CordonRoles.NationalAdministrator) && partyCode is not null && user.PartyCode() == partyCode);
}
