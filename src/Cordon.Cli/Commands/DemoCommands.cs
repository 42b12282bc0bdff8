using System.CommandLine;
using Cordon.Application.Demo;
using Cordon.Cli.Infrastructure;
using OtpNet;

namespace Cordon.Cli.Commands;

/// <summary>`cordon demo ...`: helpers for the demo deployment (demo data only, never real accounts).</summary>
public static class DemoCommands
{
    public static Command Build(CliContext cli)
    {
        var email = new Argument<string>("email") { Description = "A demo user's e-mail, e.g. admin.at@cordon.example." };
        var totp = new Command("totp", "Print the current 6-digit sign-in code of a demo user.");
        totp.Arguments.Add(email);
        totp.SetGuardedAction(cli, (parse, ct) => TotpAsync(cli, parse.GetRequiredValue(email), TimeProvider.System));

        var demo = new Command("demo", "The demo deployment's users.");
        demo.Subcommands.Add(totp);
        return demo;
    }

    private static async Task<int> TotpAsync(CliContext cli, string email, TimeProvider clock)
    {
        // Any address would give a code; refusing unknown ones catches typos that would otherwise look like a bad code.
        var login = DemoData.Logins().FirstOrDefault(l => string.Equals(l.Email, email.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new UserErrorException($"'{email}' is not a demo user; they are: {string.Join(", ", DemoData.Logins().Select(l => l.Email))}.");
        var now = clock.GetUtcNow().UtcDateTime;
        var generator = new Totp(Base32Encoding.ToBytes(DemoData.TotpSecretFor(login.Email)));
        await cli.Out.WriteLineAsync(generator.ComputeTotp(now));
        await cli.Error.WriteLineAsync($"(valid for {generator.RemainingSeconds(now)} more seconds)");
        return ExitCodes.Ok;
    }
}
