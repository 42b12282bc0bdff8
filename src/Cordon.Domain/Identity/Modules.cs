using Cordon.Domain.Common;

namespace Cordon.Domain.Identity;

/// <summary>The modules of Cordon. Each can be switched on or off per deployment and joined per Party.</summary>
public enum CordonModule
{
    Authorizations,
    PreExport,
    Incidents,
    Permits,
    Traceability,
    Monitoring,
}

/// <summary>What a user may do in one module. Rights are cumulative: Approve implies nothing by itself.</summary>
public enum ModuleRight
{
    View,
    Submit,
    Approve,
}

/// <summary>Names of the platform-wide roles (stored as ASP.NET Core Identity roles).</summary>
public static class CordonRoles
{
    public const string SecretariatAdministrator = "SecretariatAdministrator";
    public const string SecretariatAnalyst = "SecretariatAnalyst";
    public const string NationalAdministrator = "NationalAdministrator";

    public static readonly IReadOnlyList<string> All = [SecretariatAdministrator, SecretariatAnalyst, NationalAdministrator];
}

/// <summary>A module right as one string, used as claim value, policy name and API token scope: "Permits.Submit".</summary>
public readonly record struct ModulePermission(CordonModule Module, ModuleRight Right)
{
    public override string ToString() => $"{Module}.{Right}";

    public static bool TryParse(string? value, out ModulePermission permission)
    {
        permission = default;
        if (string.IsNullOrWhiteSpace(value)) return false;
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0) return false;
        if (!EnumNames.TryParse<CordonModule>(value[..dot], false, out var module) || !EnumNames.TryParse<ModuleRight>(value[(dot + 1)..], false, out var right)) return false;
        permission = new ModulePermission(module, right);
        return true;
    }

    public static IEnumerable<ModulePermission> All() =>
        from m in Enum.GetValues<CordonModule>()
        from r in Enum.GetValues<ModuleRight>()
        select new ModulePermission(m, r);
}
