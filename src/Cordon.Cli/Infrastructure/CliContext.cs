using System.CommandLine;

namespace Cordon.Cli.Infrastructure;

/// <summary>Where a command writes, and the options every command shares.</summary>
public sealed class CliContext(TextWriter output, TextWriter error)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show the platform's log and full error details.",
        Recursive = true,
    };
}

/// <summary>Exit codes, the contract with scripts and schedulers.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int UserError = 1;
    public const int VerificationFailed = 2;
}

/// <summary>Something the user can fix (a missing file, a wrong option); reported as one line, exit code 1.</summary>
public sealed class UserErrorException : Exception
{
    public UserErrorException()
    {
    }

    public UserErrorException(string message)
        : base(message)
    {
    }

    public UserErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
