namespace Cordon.Application.Identity;

/// <summary>Who is acting now: a signed-in user, an API client, or the platform itself.</summary>
public interface ICurrentActor
{
    Guid? UserId { get; }
    string? UserName { get; }
    Guid? AuthorityId { get; }

    /// <summary>The actor's Party; null for the Secretariat and the system.</summary>
    string? PartyCode { get; }
    string? IpAddress { get; }
    bool IsSecretariat { get; }
    bool IsInRole(string role);
}

/// <summary>The platform acting on its own: background jobs, migrations, seeding, the CLI.</summary>
public sealed class SystemActor(string name = "system") : ICurrentActor
{
    public Guid? UserId => null;
    public string? UserName { get; } = name;
    public Guid? AuthorityId => null;
    public string? PartyCode => null;
    public string? IpAddress => null;
    public bool IsSecretariat => true;
    public bool IsInRole(string role) => role == Cordon.Domain.Identity.CordonRoles.SecretariatAdministrator;
}
