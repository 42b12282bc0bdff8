using System.CommandLine;
using Cordon.Application.Audit;
using Cordon.Cli.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Cli.Commands;

/// <summary>`cordon audit ...`: the hash-chained audit trail and its signed checkpoints.</summary>
public static class AuditCommands
{
    public static Command Build(CliContext cli, PlatformOptions options)
    {
        var verify = new Command("verify", "Recompute the whole audit chain and check every signed checkpoint. Exit code 2 if it is broken.");
        verify.SetGuardedAction(cli, (parse, ct) => VerifyAsync(cli, options, parse, ct));

        var checkpoint = new Command("checkpoint", "Sign the current head of the audit chain now.");
        checkpoint.SetGuardedAction(cli, (parse, ct) => CheckpointAsync(cli, options, parse, ct));

        var audit = new Command("audit", "The audit trail.");
        options.AddTo(audit);
        audit.Subcommands.Add(verify);
        audit.Subcommands.Add(checkpoint);
        return audit;
    }

    private static async Task<int> VerifyAsync(CliContext cli, PlatformOptions options, ParseResult parse, CancellationToken ct)
    {
        await using var platform = Platform.Open(parse, options, cli);
        await platform.RequireMigratedAsync(ct);
        await RequireSigningKeyAsync(platform, ct);
        var result = await platform.Get<AuditChainService>().VerifyAsync(ct);
        if (result.IsValid)
        {
            await cli.Out.WriteLineAsync($"OK: {result.EntriesChecked} entries, {result.CheckpointsChecked} checkpoints verified");
            return ExitCodes.Ok;
        }
        await cli.Out.WriteLineAsync($"BROKEN at entry {result.FirstBrokenSequence}: {result.Problem}");
        return ExitCodes.VerificationFailed;
    }

    private static async Task<int> CheckpointAsync(CliContext cli, PlatformOptions options, ParseResult parse, CancellationToken ct)
    {
        await using var platform = Platform.Open(parse, options, cli);
        await platform.RequireMigratedAsync(ct);
        await RequireSigningKeyAsync(platform, ct);
        var keyExisted = File.Exists(platform.AuditKeyPath);
        var checkpoint = await platform.Get<AuditChainService>().CheckpointAsync(ct);
        if (checkpoint is null)
        {
            var latest = await platform.Db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(ct);
            await cli.Out.WriteLineAsync(latest is null
                ? "Nothing to sign: the audit trail is empty."
                : $"Nothing to sign: entry {latest.Sequence}, the chain head, is already checkpointed.");
            return ExitCodes.Ok;
        }
        if (!keyExisted) await cli.Out.WriteLineAsync($"Created the audit signing key {platform.AuditKeyPath}.");
        await cli.Out.WriteLineAsync($"Signed checkpoint at entry {checkpoint.Sequence}: hash {checkpoint.Hash}, key {checkpoint.KeyId}.");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Without the key that signed the existing checkpoints, the Application would make a new one: every
    /// checkpoint would then look forged. Refuse instead, it is almost always a wrong --data-dir.
    /// </summary>
    private static async Task RequireSigningKeyAsync(Platform platform, CancellationToken ct)
    {
        if (File.Exists(platform.AuditKeyPath)) return;
        if (await platform.Db.AuditCheckpoints.AnyAsync(ct))
            throw new UserErrorException($"The audit signing key is not at {platform.AuditKeyPath}, but checkpoints exist: point --data-dir or Cordon__AuditKeyFile at the web host's key.");
    }
}
