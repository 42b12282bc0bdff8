using System.CommandLine;
using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Application.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cordon.Cli.Infrastructure;

/// <summary>
/// The Application services of one platform, in one DI scope, for one command. The CLI acts as
/// SystemActor("cli"), so its audit entries say who did it.
/// </summary>
public sealed class Platform : IAsyncDisposable
{
    private readonly ServiceProvider _root;
    private readonly AsyncServiceScope _scope;

    private Platform(ServiceProvider root, IConfiguration configuration, CordonPaths paths)
    {
        _root = root;
        _scope = root.CreateAsyncScope();
        Configuration = configuration;
        Paths = paths;
    }

    public IConfiguration Configuration { get; }

    public CordonPaths Paths { get; }

    public IServiceProvider Services => _scope.ServiceProvider;

    public CordonDbContext Db => Get<CordonDbContext>();

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Where the audit signing key is; mirrors AuditSigningKey's own default.</summary>
    public string AuditKeyPath => Configuration["Cordon:AuditKeyFile"] is { Length: > 0 } file
        ? Path.GetFullPath(file)
        : Path.Combine(Paths.KeysDirectory, "audit-checkpoint-key.pem");

    /// <param name="create">Create the data folder if missing (db migrate); otherwise a missing one is an error.</param>
    public static Platform Open(ParseResult parse, PlatformOptions options, CliContext cli, bool create = false)
    {
        var configuration = options.BuildConfiguration(parse);
        // No silent default: the web host's default folder is next to its own binaries, not ours, and a
        // wrong folder would quietly give a fresh empty database (and a new signing key).
        if (configuration["Cordon:DataDirectory"] is not { Length: > 0 } dataDirectory)
            throw new UserErrorException("Say which platform: --data-dir DIR or Cordon__DataDirectory (the web host's Cordon:DataDirectory).");
        if (!create && !Directory.Exists(dataDirectory))
            throw new UserErrorException($"The data folder {Path.GetFullPath(dataDirectory)} does not exist: check --data-dir, or run `cordon db migrate` to create a platform there.");
        var paths = new CordonPaths(dataDirectory);
        var verbose = parse.GetValue(cli.Verbose);

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(paths);
        services.AddSingleton(TimeProvider.System);
        services.AddLogging(logging =>
        {
            if (!verbose) return;
            logging.SetMinimumLevel(LogLevel.Information);
            // stderr: stdout is for results that scripts read.
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            logging.AddSimpleConsole(o => o.SingleLine = true);
        });
        services.AddCordonDatabase(configuration, paths);
        services.AddSingleton<ICurrentActor>(new SystemActor("cli"));
        services.AddSingleton(new AuditSigningKey(paths, configuration["Cordon:AuditKeyFile"]));
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditChainService>();
        services.AddScoped<ReferenceData>();
        services.AddScoped<PlatformSetup>();
        // PlatformSetup creates the roles through Identity's RoleManager.
        services.AddIdentityCore<CordonUser>().AddRoles<CordonRole>().AddEntityFrameworkStores<CordonDbContext>();
        return new Platform(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }), configuration, paths);
    }

    /// <summary>"SQLite database /data/cordon.db" or "PostgreSQL database cordon on tcp://db:5432"; never the password.</summary>
    public string DescribeDatabase()
    {
        var connection = Db.Database.GetDbConnection();
        return Db.IsSqlite
            ? $"SQLite database {Path.GetFullPath(connection.DataSource)}"
            : $"PostgreSQL database {connection.Database} on {connection.DataSource}";
    }

    /// <summary>Refuses to work on a database that is missing or behind: `cordon db migrate` comes first.</summary>
    public async Task RequireMigratedAsync(CancellationToken ct)
    {
        var db = Db;
        if (db.IsSqlite)
        {
            var file = db.Database.GetDbConnection().DataSource;
            // Opening a missing SQLite file would create an empty one: check first.
            if (!string.IsNullOrEmpty(file) && file != ":memory:" && !File.Exists(file))
                throw new UserErrorException($"There is no Cordon database at {Path.GetFullPath(file)}: check --data-dir, or run `cordon db migrate` to create one.");
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
        if (pending > 0)
            throw new UserErrorException($"The database schema is {pending} migration(s) behind: run `cordon db migrate` first.");
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _root.DisposeAsync();
    }
}
