using BenchmarkDotNet.Attributes;
using Cordon.Application.Audit;
using Cordon.Application.Monitoring;

namespace Cordon.Benchmarks.Monitoring;

/// <summary>
/// Monitoring at full size on PostgreSQL (see <see cref="MonitoringData"/>): a country profile (20 years × 300
/// substances with estimates and S-DDD), the global utilization table of one year (200 Parties) and the mirror
/// cross-check of one year (120,000 routes). Each operation uses a fresh DbContext, as a request does.
/// Run: dotnet run -c Release --project bench/Cordon.Benchmarks -- --filter '*Monitoring*' --job short
/// </summary>
[MemoryDiagnoser]
public class MonitoringBenchmarks
{
    private static readonly MonitoringSettings Settings = new();

    [GlobalSetup]
    public void Setup() => MonitoringData.EnsureAsync().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<int> CountryProfile()
    {
        await using var db = MonitoringData.Context();
        var actor = new MonitoringData.SecretariatActor();
        var profile = await new UtilizationService(db, actor, new AuditLog(db, actor, TimeProvider.System), Settings).ProfileAsync("BK", "en");
        return profile!.Substances.Count;
    }

    [Benchmark]
    public async Task<int> GlobalUtilizationTable()
    {
        await using var db = MonitoringData.Context();
        var actor = new MonitoringData.SecretariatActor();
        var table = await new UtilizationService(db, actor, new AuditLog(db, actor, TimeProvider.System), Settings).GlobalAsync(MonitoringData.LastYear);
        return table.Rows.Count;
    }

    [Benchmark]
    public async Task<int> MirrorCrossCheckOfOneYear()
    {
        await using var db = MonitoringData.Context();
        var report = await new CrossChecks(db, Settings).RunAsync(MonitoringData.LastYear, null);
        return report.Discrepancies.Count;
    }
}
