using System.CommandLine;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Cli.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Cli.Commands;

/// <summary>`cordon db ...`: the platform's database.</summary>
public static class DbCommands
{
    public static Command Build(CliContext cli, PlatformOptions options)
    {
        var migrate = new Command("migrate", "Apply pending migrations, create the roles and load the shipped reference lists into an empty database. Safe to run again.");
        migrate.SetGuardedAction(cli, (parse, ct) => MigrateAsync(cli, options, parse, ct));

        var db = new Command("db", "The platform's database.");
        options.AddTo(db);
        db.Subcommands.Add(migrate);
        return db;
    }

    private static async Task<int> MigrateAsync(CliContext cli, PlatformOptions options, ParseResult parse, CancellationToken ct)
    {
        await using var platform = Platform.Open(parse, options, cli, create: true);
        var db = platform.Db;
        await cli.Out.WriteLineAsync($"Database: {platform.DescribeDatabase()}");

        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        // Before the first migration there are no tables to count.
        var fresh = applied.Count == 0;
        var before = fresh ? new Counts(0, 0, 0) : await CountAsync(db, ct);
        var rolesBefore = fresh ? [] : await db.Roles.Select(r => r.Name!).ToListAsync(ct);

        await platform.Get<PlatformSetup>().EnsureAsync(ct);

        var after = await CountAsync(db, ct);
        var rolesAfter = await db.Roles.Select(r => r.Name!).ToListAsync(ct);
        var created = rolesAfter.Except(rolesBefore, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        await cli.Out.WriteLineAsync(pending.Count == 0
            ? $"Schema: up to date ({applied.Count} migration(s) applied before)."
            : $"Schema: applied {pending.Count} migration(s): {string.Join(", ", pending)}.");
        await cli.Out.WriteLineAsync(created.Count == 0
            ? $"Roles: all {rolesAfter.Count} present."
            : $"Roles: created {string.Join(", ", created)}.");
        await cli.Out.WriteLineAsync(Line("Countries", before.Countries, after.Countries));
        await cli.Out.WriteLineAsync(Line("Substances", before.Substances, after.Substances));
        await cli.Out.WriteLineAsync(Line("Salts", before.Salts, after.Salts));
        return ExitCodes.Ok;
    }

    private static string Line(string what, int before, int after) => before == after
        ? $"{what}: {after} present, left unchanged."
        : $"{what}: loaded {after - before} from the shipped list.";

    private sealed record Counts(int Countries, int Substances, int Salts);

    private static async Task<Counts> CountAsync(CordonDbContext db, CancellationToken ct) =>
        new(await db.Countries.CountAsync(ct), await db.Substances.CountAsync(ct), await db.SubstanceSalts.CountAsync(ct));
}
