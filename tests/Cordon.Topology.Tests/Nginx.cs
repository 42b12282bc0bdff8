using System.Diagnostics;

namespace Cordon.Topology.Tests;

/// <summary>nginx in front of the nodes, with the repository's own deploy/nginx/cordon-locations.conf.</summary>
public sealed class Nginx : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    private Nginx(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public static async Task<Nginx> StartAsync(IEnumerable<CordonNode> nodes)
    {
        var binary = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx not found (apt-get install nginx).");
        var directory = Path.Combine(Path.GetTempPath(), "cordon-system", "nginx-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(directory, "tmp"));
        // As root nginx's workers drop to nobody, which must be able to write the temporary folders.
        if (Processes.IsRoot) await Processes.RunAsync("chmod", ["-R", "777", directory]);
        var port = Processes.FreePort();
        var servers = string.Concat(nodes.Select(n => $"        server 127.0.0.1:{n.Port} max_fails=1 fail_timeout=2s;\n"));
        var locations = Path.Combine(Processes.RepositoryRoot, "deploy", "nginx", "cordon-locations.conf");
        var tmp = Path.Combine(directory, "tmp");
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{tmp}}/body;
                proxy_temp_path {{tmp}}/proxy;
                fastcgi_temp_path {{tmp}}/fastcgi;
                uwsgi_temp_path {{tmp}}/uwsgi;
                scgi_temp_path {{tmp}}/scgi;
                upstream cordon {
            {{servers}}
                    keepalive 32;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    include {{locations}};
                }
            }
            """);
        var start = Processes.Prepare(binary, ["-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-e", Path.Combine(directory, "error.log")]);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start nginx.");
        var nginx = new Nginx(process, directory, port);
        using var http = new HttpClient { BaseAddress = nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Processes.WaitUntilAsync(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException("nginx exited: " + await process.StandardError.ReadToEndAsync());
            return (await http.GetAsync("/health/live")).IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(30), "nginx");
        return nginx;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // left for the OS to clean
        }
    }
}
