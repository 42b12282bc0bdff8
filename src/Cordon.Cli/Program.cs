namespace Cordon.Cli;

/// <summary>
/// The `cordon` entry point. An explicit class rather than top-level statements: ASP.NET Core's generator
/// would make a top-level `Program` public, clashing with the web host's `Program` in the tests.
/// </summary>
internal static class EntryPoint
{
    private static Task<int> Main(string[] args) => CordonCli.RunAsync(args, Console.Out, Console.Error);
}
