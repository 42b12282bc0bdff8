using Cordon.Domain.Identity;

namespace Cordon.Web.Infrastructure;

/// <summary>Deployment settings under "Cordon" in appsettings or CORDON__* environment variables.</summary>
public sealed class CordonOptions
{
    /// <summary>The organisation that operates this deployment, shown in the header and documents.</summary>
    public string OrganisationName { get; set; } = "Cordon Secretariat";

    public string? DataDirectory { get; set; }

    /// <summary>Load demo Parties and users on an empty database.</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>Modules switched on for this deployment; all by default.</summary>
    public Dictionary<string, bool> Modules { get; set; } = [];

    public TimeSpan AuditCheckpointInterval { get; set; } = TimeSpan.FromHours(1);

    public SmtpOptions Smtp { get; set; } = new();

    public bool IsEnabled(CordonModule module) => !Modules.TryGetValue(module.ToString(), out var on) || on;

    public IEnumerable<CordonModule> EnabledModules => Enum.GetValues<CordonModule>().Where(IsEnabled);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool EnableSsl { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "cordon@localhost";
}
