using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Application.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where Cordon keeps its files: the SQLite database, signing keys, uploads.</summary>
public sealed class CordonPaths
{
    public CordonPaths(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(KeysDirectory);
        Directory.CreateDirectory(UploadsDirectory);
    }

    public string DataDirectory { get; }
    public string KeysDirectory => Path.Combine(DataDirectory, "keys");
    public string UploadsDirectory => Path.Combine(DataDirectory, "uploads");

    public static CordonPaths FromConfiguration(IConfiguration configuration) =>
        new(configuration["Cordon:DataDirectory"] is { Length: > 0 } d ? d : Path.Combine(AppContext.BaseDirectory, "data"));
}

/// <summary>Chooses the provider from "Database:Provider" and points EF at that provider's migrations.</summary>
public static class CordonDatabase
{
    public static DatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        return Cordon.Domain.Common.EnumNames.TryParse<DatabaseProvider>(value, ignoreCase: true, out var p)
            ? p
            : throw new InvalidOperationException($"Database:Provider must be 'Sqlite' or 'Postgres', not '{value}'.");
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        options.AddInterceptors(LedgerCommitGuard.Instance, DetectChangesOnce.Instance, DeferredLocks.Instance, Reference.ReferenceChangeInterceptor.Instance, PreExport.PreExportCounts.Interceptor.Instance);
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(connectionString, o => o.MigrationsAssembly("Cordon.Sqlite"));
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(WithPostgresDefaults(connectionString), o => o.MigrationsAssembly("Cordon.Postgres"));
                break;
        }
    }

    /// <summary>
    /// Connection settings that Cordon's write path relies on for speed, applied only where the operator did not set
    /// them (ADR 0042): statements used often are prepared once per connection (PostgreSQL then skips parsing and
    /// planning them), and a pooled connection is not reset with DISCARD ALL each time a request takes it, which would
    /// also drop those prepared statements. Cordon keeps no session state (no SET, no session-level locks) to reset.
    /// </summary>
    public static string WithPostgresDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("MAXAUTOPREPARE")) builder.MaxAutoPrepare = 100;
        if (!given.Contains("NORESETONCLOSE")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    public static string ConnectionString(IConfiguration configuration, DatabaseProvider provider, CordonPaths paths) => provider switch
    {
        DatabaseProvider.Postgres => configuration.GetConnectionString("Postgres")
            ?? configuration["Database:ConnectionString"]
            ?? throw new InvalidOperationException("Database:Provider is Postgres but no connection string is set (ConnectionStrings:Postgres)."),
        _ => configuration.GetConnectionString("Sqlite")
            ?? $"Data Source={Path.Combine(paths.DataDirectory, "cordon.db")};Cache=Shared;Pooling=True",
    };

    public static IServiceCollection AddCordonDatabase(this IServiceCollection services, IConfiguration configuration, CordonPaths paths)
    {
        var provider = ProviderFrom(configuration);
        var connection = ConnectionString(configuration, provider, paths);
        // Pooled: a request rents a context instead of building one (with its options, provider services and
        // connection-string parsing) every time; the context clears its own per-request state when returned (ADR 0043).
        services.AddDbContextPool<CordonDbContext>(o => Configure(o, provider, connection));
        // The directory is cached only where its change signals are heard (ADR 0050): on PostgreSQL, unless switched off
        // (e.g. behind a pooler in transaction mode, where LISTEN does not work).
        if (provider == DatabaseProvider.Postgres && configuration.GetValue("Cordon:DirectoryCache", true))
            services.AddHostedService(sp => new DirectoryChangeListener(WithPostgresDefaults(connection),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DirectoryChangeListener>>()));
        return services;
    }

    /// <summary>Applies pending migrations; on SQLite also turns on WAL so readers never block the writer.</summary>
    public static async Task MigrateAsync(CordonDbContext db, CancellationToken ct = default)
    {
        if (db.IsSqlite)
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        await db.Database.MigrateAsync(ct);
    }
}
