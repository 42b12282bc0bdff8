using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cordon.Topology.Tests;

/// <summary>Starting and running the programs the system tests drive.</summary>
internal static class Processes
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>The repository root (where Cordon.slnx is), found from the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The build configuration these tests were built in; the Cordon node binaries are taken from the same.</summary>
    public static string Configuration => AppContext.BaseDirectory.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";

    public static string WebAssembly => Path.Combine(RepositoryRoot, "src", "Cordon.Web", "bin", Configuration, "net10.0", "Cordon.Web.dll");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command to its end; throws with its output if it fails. As root, <paramref name="asPostgres"/> runs it as the postgres user.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, bool asPostgres = false, TimeSpan? timeout = null)
    {
        var start = Prepare(file, args, asPostgres);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        var text = await output + await error;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{text}");
        return text;
    }

    public static ProcessStartInfo Prepare(string file, IEnumerable<string> args, bool asPostgres = false)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres && IsRoot)
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", file }) start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = file;
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cordon.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (Cordon.slnx) above " + AppContext.BaseDirectory);
    }

    /// <summary>Polls until <paramref name="ready"/> holds or the time is up.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout, string what)
    {
        var until = TimeProvider.System.GetUtcNow() + timeout;
        while (TimeProvider.System.GetUtcNow() < until)
        {
            try
            {
                if (await ready()) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException or Npgsql.NpgsqlException)
            {
                // not up yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Timed out waiting for {what}.");
    }
}
