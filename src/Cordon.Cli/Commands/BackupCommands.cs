using System.CommandLine;
using System.Diagnostics;
using Cordon.Cli.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cordon.Cli.Commands;

/// <summary>
/// `cordon backup --out DIR`: a consistent copy of the database and the keys, laid out as a data folder.
/// SQLite is copied online with VACUUM INTO; PostgreSQL is dumped with pg_dump (custom format).
/// </summary>
public static class BackupCommands
{
    public static Command Build(CliContext cli, PlatformOptions options)
    {
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "An empty or new folder to write the backup to.", HelpName = "DIR", Required = true };
        var backup = new Command("backup", "Back up the database and the keys (audit signing key, data-protection keys). Safe while Cordon runs.");
        options.AddTo(backup);
        backup.Options.Add(output);
        backup.SetGuardedAction(cli, (parse, ct) => BackupAsync(cli, options, parse.GetRequiredValue(output), parse, ct));
        return backup;
    }

    private static async Task<int> BackupAsync(CliContext cli, PlatformOptions options, DirectoryInfo output, ParseResult parse, CancellationToken ct)
    {
        await using var platform = Platform.Open(parse, options, cli);
        await platform.RequireMigratedAsync(ct);
        if (output.Exists && output.EnumerateFileSystemInfos().Any())
            throw new UserErrorException($"{output.FullName} is not empty: choose a new folder so that no backup is overwritten.");
        output.Create();

        string database;
        if (platform.Db.IsSqlite)
        {
            var target = Path.Combine(output.FullName, "cordon.db");
            await platform.Db.Database.ExecuteSqlAsync($"VACUUM INTO {target}", ct);
            database = target;
        }
        else
        {
            database = Path.Combine(output.FullName, "cordon.dump");
            await PgDumpAsync(platform.Db.Database.GetConnectionString()!, database, ct);
        }

        var keys = CopyDirectory(platform.Paths.KeysDirectory, Path.Combine(output.FullName, "keys"));
        if (!platform.AuditKeyPath.StartsWith(platform.Paths.KeysDirectory, StringComparison.Ordinal) && File.Exists(platform.AuditKeyPath))
        {
            File.Copy(platform.AuditKeyPath, Path.Combine(output.FullName, "keys", "audit-checkpoint-key.pem"), overwrite: true);
            keys++;
        }
        await cli.Out.WriteLineAsync($"Backup written to {output.FullName}: database {Path.GetFileName(database)}, {keys} key file(s).");
        await cli.Out.WriteLineAsync(platform.Db.IsSqlite
            ? "Restore: use the folder as Cordon:DataDirectory (or copy its content there), then run `cordon audit verify`."
            : "Restore: createdb, `pg_restore -d DB cordon.dump`, copy keys/ into the data folder, then run `cordon audit verify`.");
        return ExitCodes.Ok;
    }

    private static async Task PgDumpAsync(string connectionString, string file, CancellationToken ct)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("pg_dump") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--format=custom", "--no-owner", "-h", c.Host ?? "127.0.0.1", "-p", c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", c.Username ?? "postgres", "-d", c.Database ?? "cordon", "-f", file })
            start.ArgumentList.Add(arg);
        // The password goes through the environment, never the command line (visible to other users).
        if (c.Password is { Length: > 0 } password) start.Environment["PGPASSWORD"] = password;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new UserErrorException("pg_dump could not be started.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new UserErrorException("pg_dump was not found: install PostgreSQL's client tools (apt-get install postgresql-client).");
        }
        using (process)
        {
            var error = await process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0) throw new UserErrorException($"pg_dump failed: {error.Trim()}");
        }
    }

    private static int CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        if (!Directory.Exists(from)) return 0;
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            count++;
        }
        return count;
    }
}
