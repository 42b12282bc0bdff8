using System.Diagnostics;
using System.Text;

namespace Cordon.Topology.Tests;

/// <summary>One Cordon node: `dotnet Cordon.Web.dll` as its own process, configured like a production node.</summary>
public sealed class CordonNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public string Name { get; }
    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    private CordonNode(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        _process = process;
    }

    public static async Task<CordonNode> StartAsync(string name, IReadOnlyDictionary<string, string> settings)
    {
        if (!File.Exists(Processes.WebAssembly)) throw new InvalidOperationException($"Build Cordon first: {Processes.WebAssembly} is missing.");
        var port = Processes.FreePort();
        var start = Processes.Prepare("dotnet", [Processes.WebAssembly, "--urls", $"http://127.0.0.1:{port}"]);
        start.WorkingDirectory = Path.GetDirectoryName(Processes.WebAssembly)!;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Cordon__RunScheduledJobs"] = "true";
        start.Environment["Cordon__RateLimits__LoginPerMinute"] = "1000";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start a Cordon node.");
        var node = new CordonNode(name, port, process);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await node.WaitReadyAsync();
        return node;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    /// <summary>What the node printed, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    public async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Processes.WaitUntilAsync(async () =>
            {
                if (_process.HasExited) throw new InvalidOperationException($"Node {Name} exited with {_process.ExitCode}:\n{Log}");
                return (await http.GetAsync("/health/ready")).IsSuccessStatusCode;
            }, TimeSpan.FromSeconds(300), $"node {Name} to be ready");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n{Log}", ex);
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: no shutdown hooks, no flushing — as a crashed machine.</summary>
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
