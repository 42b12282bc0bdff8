using Cordon.Application.Common;
using System.CommandLine;
using System.Text;
using Cordon.Application.Audit;
using Cordon.Application.Reference;
using Cordon.Cli.Infrastructure;

namespace Cordon.Cli.Commands;

/// <summary>`cordon reference ...`: CSV export and import of the reference lists, as the Secretariat's API does.</summary>
public static class ReferenceCommands
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static Command Build(CliContext cli, PlatformOptions options)
    {
        var exportList = new Argument<string>("list") { Description = "countries or substances" };
        exportList.AcceptOnlyFromAmong("countries", "substances");
        var output = new Option<FileInfo?>("--out", "-o") { Description = "The CSV file to write (standard output when omitted).", HelpName = "FILE" };
        var export = new Command("export", "Write a reference list as CSV, in the format that import reads.");
        export.Arguments.Add(exportList);
        export.Options.Add(output);
        export.SetGuardedAction(cli, (parse, ct) => ExportAsync(cli, options, parse.GetRequiredValue(exportList), parse.GetValue(output), parse, ct));

        var importList = new Argument<string>("list") { Description = "countries, substances or salts" };
        importList.AcceptOnlyFromAmong("countries", "substances", "salts");
        var file = new Argument<FileInfo>("file") { Description = "The CSV file to read." };
        var import = new Command("import", "Add or update reference data from a CSV. All or nothing: with any problem, nothing is changed.");
        import.Arguments.Add(importList);
        import.Arguments.Add(file);
        import.SetGuardedAction(cli, (parse, ct) => ImportAsync(cli, options, parse.GetRequiredValue(importList), parse.GetRequiredValue(file), parse, ct));

        var reference = new Command("reference", "Reference lists: countries, controlled substances and their salts.");
        options.AddTo(reference);
        reference.Subcommands.Add(export);
        reference.Subcommands.Add(import);
        return reference;
    }

    private static async Task<int> ExportAsync(CliContext cli, PlatformOptions options, string list, FileInfo? output, ParseResult parse, CancellationToken ct)
    {
        await using var platform = Platform.Open(parse, options, cli);
        await platform.RequireMigratedAsync(ct);
        var reference = platform.Get<ReferenceData>();
        Func<TextWriter, CancellationToken, Task> write = list == "countries" ? reference.ExportCountriesAsync : reference.ExportSubstancesAsync;

        if (output is null)
        {
            await write(cli.Out, ct);
            await cli.Out.FlushAsync(ct);
        }
        else
        {
            // A temporary file renamed into place: an interrupted export never leaves half a CSV behind.
            output.Directory?.Create();
            var temp = output.FullName + ".tmp";
            try
            {
                await using (var writer = new StreamWriter(temp, append: false, Utf8NoBom))
                    await write(writer, ct);
                File.Move(temp, output.FullName, overwrite: true);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
        }
        // Exports are audited, as on the web.
        await platform.Get<AuditLog>().RecordNowAsync("reference.exported", list == "countries" ? "Country" : "Substance", "*", $"{list}.csv", ct: ct);
        if (output is not null) await cli.Error.WriteLineAsync($"Exported {list} to {output.FullName}.");
        return ExitCodes.Ok;
    }

    private static async Task<int> ImportAsync(CliContext cli, PlatformOptions options, string list, FileInfo file, ParseResult parse, CancellationToken ct)
    {
        if (!file.Exists) throw new UserErrorException($"The file {file.FullName} does not exist.");
        await using var platform = Platform.Open(parse, options, cli);
        await platform.RequireMigratedAsync(ct);
        var db = platform.Db;
        var reference = platform.Get<ReferenceData>();
        await using var stream = file.OpenRead();
        var table = await TabularFile.ReadAsync(stream, ct: ct);
        if (!table.Succeeded) throw new UserErrorException($"{file.Name}: {table.Message}");

        await using var tx = await db.BeginWriteAsync(ct);
        var result = list switch
        {
            "countries" => await reference.ImportCountriesAsync(table.Value!, ct),
            "substances" => await reference.ImportSubstancesAsync(table.Value!, ct),
            _ => await reference.ImportSaltsAsync(table.Value!, ct),
        };
        if (!result.Succeeded)
        {
            foreach (var problem in result.Problems)
                await cli.Error.WriteLineAsync($"{file.Name}: line {problem.Line}: {problem.Message}");
            await cli.Error.WriteLineAsync($"error: {result.Problems.Count} problem(s) in {file.Name}; nothing was imported.");
            return ExitCodes.UserError; // the transaction rolls back when disposed uncommitted
        }
        var entityType = list switch { "countries" => "Country", "substances" => "Substance", _ => "SubstanceSalt" };
        await platform.Get<AuditLog>().RecordAsync("reference.imported", entityType, "*", null, $"{result.Added} added, {result.Updated} updated ({file.Name})", ct: ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await cli.Out.WriteLineAsync($"Imported {list} from {file.Name}: {result.Added} added, {result.Updated} updated.");
        return ExitCodes.Ok;
    }
}
