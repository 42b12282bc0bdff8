using System.CommandLine;
using Cordon.Application.Data;
using Microsoft.Extensions.Configuration;

namespace Cordon.Cli.Infrastructure;

/// <summary>
/// The options that say which platform to work on. They read the same keys as the web host:
/// the --config file first, then environment variables (Database__Provider, ConnectionStrings__Postgres,
/// Cordon__DataDirectory, Cordon__AuditKeyFile), then these options, each overriding the one before.
/// </summary>
public sealed class PlatformOptions
{
    public Option<FileInfo?> Config { get; } = new("--config")
    {
        Description = "A JSON settings file with the web host's keys (Database, ConnectionStrings, Cordon).",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<string?> Provider { get; } = new("--provider")
    {
        Description = "The database: Sqlite or Postgres (Database:Provider).",
        Recursive = true,
    };

    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = "The connection string for the chosen provider (ConnectionStrings:Postgres or :Sqlite).",
        Recursive = true,
    };

    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "The platform's data folder: SQLite database and signing keys (Cordon:DataDirectory).",
        HelpName = "DIR",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Provider);
        command.Options.Add(Connection);
        command.Options.Add(DataDir);
    }

    public IConfigurationRoot BuildConfiguration(ParseResult parse)
    {
        var builder = new ConfigurationBuilder();
        if (parse.GetValue(Config) is { } file)
        {
            if (!file.Exists) throw new UserErrorException($"The settings file {file.FullName} does not exist.");
            builder.AddJsonFile(file.FullName, optional: false, reloadOnChange: false);
        }
        builder.AddEnvironmentVariables();
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(Provider) is { Length: > 0 } provider) overrides["Database:Provider"] = provider;
        if (parse.GetValue(DataDir) is { Length: > 0 } dataDir) overrides["Cordon:DataDirectory"] = Path.GetFullPath(dataDir);
        builder.AddInMemoryCollection(overrides);
        var configuration = Build(builder, parse);

        // The connection string's key depends on the provider, known only once every source is read.
        if (parse.GetValue(Connection) is { Length: > 0 } connection)
        {
            var key = CordonDatabase.ProviderFrom(configuration) == DatabaseProvider.Postgres ? "ConnectionStrings:Postgres" : "ConnectionStrings:Sqlite";
            builder.AddInMemoryCollection(new Dictionary<string, string?> { [key] = connection });
            configuration = Build(builder, parse);
        }
        return configuration;
    }

    private IConfigurationRoot Build(ConfigurationBuilder builder, ParseResult parse)
    {
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException ex)
        {
            throw new UserErrorException($"The settings file {parse.GetValue(Config)?.FullName} is not valid JSON: {ex.GetBaseException().Message}", ex);
        }
    }
}
