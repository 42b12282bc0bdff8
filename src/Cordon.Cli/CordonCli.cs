using System.CommandLine;
using Cordon.Cli.Commands;
using Cordon.Cli.Infrastructure;

namespace Cordon.Cli;

/// <summary>The `cordon` command line: operations on a platform's database and a typed client of its API.</summary>
public static class CordonCli
{
    public static RootCommand BuildRootCommand(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var platform = new PlatformOptions();
        var root = new RootCommand("Cordon operations: database, audit chain, reference data, demo logins and the API.");
        root.Options.Add(cli.Verbose);
        root.Subcommands.Add(DbCommands.Build(cli, platform));
        root.Subcommands.Add(AuditCommands.Build(cli, platform));
        root.Subcommands.Add(ReferenceCommands.Build(cli, platform));
        root.Subcommands.Add(BackupCommands.Build(cli, platform));
        root.Subcommands.Add(DemoCommands.Build(cli));
        root.Subcommands.Add(ApiCommands.Build(cli));
        root.Subcommands.Add(VerifyCommands.Build(cli));
        root.Subcommands.Add(TraceabilityCommands.Build(cli));
        root.Subcommands.Add(ConnectorCommands.Build(cli));
        return root;
    }

    /// <summary>Runs one command line; the writers make it testable in-process.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        var cli = new CliContext(output, error);
        var root = BuildRootCommand(cli);
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, ct);
    }
}
