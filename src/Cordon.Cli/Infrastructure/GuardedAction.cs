using System.CommandLine;
using Cordon.Client;

namespace Cordon.Cli.Infrastructure;

public static class GuardedAction
{
    /// <summary>
    /// Sets the command's action so that no stack trace ever reaches the user: every failure becomes one
    /// line on stderr and exit code 1 (the full exception with --verbose).
    /// </summary>
    public static void SetGuardedAction(this Command command, CliContext cli, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await action(parse, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await cli.Error.WriteLineAsync("Cancelled.");
                return ExitCodes.UserError;
            }
            catch (Exception ex)
            {
                await cli.Error.WriteLineAsync("error: " + Describe(ex));
                if (parse.GetValue(cli.Verbose)) await cli.Error.WriteLineAsync(ex.ToString());
                return ExitCodes.UserError;
            }
        });
    }

    private static string Describe(Exception ex) => OneLine(ex switch
    {
        UserErrorException or InvalidDataException => ex.Message,
        CordonApiException api => $"the API answered {api.Message}" + (api.RequestId is { } id ? $" [request {id}]" : ""),
        HttpRequestException http => $"the API could not be reached: {http.Message}",
        TaskCanceledException { InnerException: TimeoutException } => "the API did not answer in time.",
        // Configuration mistakes surface from the Application as InvalidOperationException with a clear text.
        InvalidOperationException => ex.Message,
        _ => $"{ex.Message} ({ex.GetType().Name})",
    });

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
