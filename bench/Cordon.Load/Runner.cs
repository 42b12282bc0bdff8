using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Cordon.Load;

/// <summary>Latencies and outcomes of one kind of operation.</summary>
internal sealed class Recorder
{
    private readonly ConcurrentBag<List<double>> _all = [];
    private readonly ThreadLocal<List<double>> _mine;
    private long _ok;
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);

    public Recorder() => _mine = new ThreadLocal<List<double>>(() => { var l = new List<double>(); _all.Add(l); return l; }, false);

    public bool Recording { get; set; }

    public void Ok(double ms)
    {
        if (!Recording) return;
        Interlocked.Increment(ref _ok);
        lock (_mine.Value!) _mine.Value!.Add(ms);
    }

    public void Fail(string why)
    {
        if (!Recording) return;
        _failures.AddOrUpdate(why, 1, (_, n) => n + 1);
    }

    public long OkCount => Interlocked.Read(ref _ok);
    public IReadOnlyDictionary<string, int> Failures => _failures;

    public double[] Sorted()
    {
        var all = new List<double>();
        foreach (var l in _all) lock (l) all.AddRange(l);
        all.Sort();
        return [.. all];
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

internal static class Runner
{
    public static async Task<int> RunAsync(Options o)
    {
        var url = new Uri(o.Require("url"));
        var tokens = JsonSerializer.Deserialize<Dictionary<string, List<string>>>(await File.ReadAllTextAsync(o.Require("tokens")))!;
        var concurrency = o.Int("concurrency", 32);
        var duration = TimeSpan.FromSeconds(o.Int("duration", 20));
        var warmup = TimeSpan.FromSeconds(o.Int("warmup", 3));
        var label = o.Get("label", "");
        var results = o.Get("results", "");
        var exit = 0;
        foreach (var name in o.Require("scenario").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            using var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = concurrency + 8, PooledConnectionLifetime = TimeSpan.FromMinutes(10), AllowAutoRedirect = false,
                UseCookies = false, AutomaticDecompression = DecompressionMethods.None,
            };
            using var http = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
            var scenario = Scenarios.Create(name, http, tokens);
            await scenario.PrepareAsync(CancellationToken.None);
            var summary = await DriveAsync(scenario, concurrency, warmup, duration);
            Print(name, label, concurrency, summary);
            if (results.Length > 0) await File.AppendAllTextAsync(results, Json(name, label, concurrency, summary) + "\n");
            if (summary.Values.Sum(r => r.Failures.Values.Sum()) > 0) exit = 1;
        }
        return exit;
    }

    private sealed record Summary(Dictionary<string, Recorder> Recorders, double Seconds)
    {
        public IEnumerable<Recorder> Values => Recorders.Values;
    }

    private static async Task<Summary> DriveAsync(Scenario scenario, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        var recorders = new ConcurrentDictionary<string, Recorder>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();
        var measuring = false;
        Recorder For(string op) => recorders.GetOrAdd(op, _ => new Recorder { Recording = Volatile.Read(ref measuring) });

        async Task WorkerAsync(int worker)
        {
            var state = scenario.NewWorker(worker);
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                string op;
                string? failure;
                try
                {
                    (op, failure) = await scenario.StepAsync(state, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or InvalidOperationException)
                {
                    (op, failure) = ("error", e.GetType().Name + ": " + (e.Message.Length > 60 ? e.Message[..60] : e.Message));
                }
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var r = For(op);
                if (failure is null) r.Ok(ms); else r.Fail(failure);
            }
        }

        var workers = Enumerable.Range(0, concurrency).Select(i => Task.Run(() => WorkerAsync(i))).ToList();
        await Task.Delay(warmup);
        Volatile.Write(ref measuring, true);
        foreach (var r in recorders.Values) r.Recording = true;
        var t0 = Stopwatch.GetTimestamp();
        await Task.Delay(duration);
        foreach (var r in recorders.Values) r.Recording = false;
        var seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return new Summary(new Dictionary<string, Recorder>(recorders, StringComparer.Ordinal), seconds);
    }

    private static void Print(string name, string label, int concurrency, Summary s)
    {
        Console.WriteLine($"== {name} {label} (concurrency {concurrency}, {s.Seconds:F1} s)");
        Console.WriteLine($"   {"operation",-22} {"ok",8} {"per s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}  failures");
        var total = 0L;
        foreach (var (op, r) in s.Recorders.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var sorted = r.Sorted();
            total += r.OkCount;
            var failures = string.Join(", ", r.Failures.Select(f => $"{f.Key}×{f.Value}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {op,-22} {r.OkCount,8} {r.OkCount / s.Seconds,9:F1} {Recorder.Percentile(sorted, 50),8:F1} {Recorder.Percentile(sorted, 95),8:F1} {Recorder.Percentile(sorted, 99),8:F1} {(sorted.Length > 0 ? sorted[^1] : double.NaN),8:F1}  {failures}"));
        }
        if (s.Recorders.Count > 1) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {"all",-22} {total,8} {total / s.Seconds,9:F1}"));
    }

    private static string Json(string name, string label, int concurrency, Summary s) => JsonSerializer.Serialize(new
    {
        scenario = name, label, concurrency, seconds = Math.Round(s.Seconds, 2),
        operations = s.Recorders.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k =>
        {
            var sorted = k.Value.Sorted();
            return new
            {
                operation = k.Key, ok = k.Value.OkCount, perSecond = Math.Round(k.Value.OkCount / s.Seconds, 1),
                p50 = Math.Round(Recorder.Percentile(sorted, 50), 2), p95 = Math.Round(Recorder.Percentile(sorted, 95), 2),
                p99 = Math.Round(Recorder.Percentile(sorted, 99), 2), failures = k.Value.Failures,
            };
        }),
    });
}
