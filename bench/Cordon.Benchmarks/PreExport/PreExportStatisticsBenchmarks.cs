using BenchmarkDotNet.Attributes;
using Cordon.Application.PreExport;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Benchmarks.PreExport;

/// <summary>
/// The pre-export statistics page at world scale on PostgreSQL (see <see cref="PreExportData"/>: one million notifications,
/// 20 years, 200 Parties): every statistics endpoint — the yearly table, the ten-year trend
/// of the charts, the exports without a notification with invocation coverage — and the whole page (the three together), for
/// the Secretariat and for one Party, read from the counters of ADR 35 (with and without pending deltas). "Before" is the
/// former computation of response times (every answered notification of the year loaded and averaged in memory).
/// Each operation uses a fresh DbContext, as a request does.
/// Run: dotnet run -c Release --project bench/Cordon.Benchmarks -- --filter '*PreExportStatistics*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class PreExportStatisticsBenchmarks
{
    [GlobalSetup]
    public void Setup() => PreExportData.EnsureAsync().GetAwaiter().GetResult();

    private static int Year => PreExportData.LastYear;

    [Benchmark(Baseline = true)]
    public async Task<int> Before_ResponseTimesLoadedInMemory()
    {
        await using var db = PreExportData.Context();
        var answered = await db.PreExportNotifications.AsNoTracking().Where(n => n.Year == Year && n.AnsweredAt != null)
            .Select(n => new { n.ImportingCountry, n.CreatedAt, AnsweredAt = n.AnsweredAt!.Value }).ToListAsync();
        return answered.GroupBy(a => a.ImportingCountry).Select(g => g.Average(a => (a.AnsweredAt - a.CreatedAt).TotalHours)).Count();
    }

    private static PreExportData.SecretariatActor Secretariat => new();
    private static PreExportData.PartyActor Party => new(PreExportData.PartyCode(42));

    private static async Task<T> WithAsync<T>(Cordon.Application.Identity.ICurrentActor actor, Func<PreExportStatistics, Task<T>> f)
    {
        await using var db = PreExportData.Context();
        return await f(new PreExportStatistics(db, actor));
    }

    // GET /api/v1/preexport/statistics (and .csv/.xlsx): the yearly table.
    [Benchmark]
    public Task<int> YearTable_Secretariat() => WithAsync(Secretariat, async s => (await s.ForYearAsync(Year)).Parties.Count);

    [Benchmark]
    public Task<int> YearTable_Party() => WithAsync(Party, async s => (await s.ForYearAsync(Year)).Parties.Count);

    // GET /api/v1/preexport/statistics/trend and the two charts (SVG/PNG drawn from these ten rows).
    [Benchmark]
    public Task<int> TenYearTrend_Secretariat() => WithAsync(Secretariat, async s => (await s.TrendAsync(Year - 9, Year)).Count);

    [Benchmark]
    public Task<int> TenYearTrend_Party() => WithAsync(Party, async s => (await s.TrendAsync(Year - 9, Year)).Count);

    // GET /api/v1/preexport/statistics/unnotified (and unnotified/coverage .csv/.xlsx).
    [Benchmark]
    public Task<int> UnnotifiedExports_Secretariat() => WithAsync(Secretariat, async s => (await s.UnnotifiedExportsAsync(Year)).Exports.Count);

    [Benchmark]
    public Task<int> UnnotifiedExports_Party() => WithAsync(Party, async s => (await s.UnnotifiedExportsAsync(Year)).Exports.Count);

    // /PreExport/Statistics: the three above, as the page model calls them.
    [Benchmark]
    public Task<int> WholePage_Secretariat() => PageAsync(Secretariat);

    [Benchmark]
    public Task<int> WholePage_Party() => PageAsync(Party);

    /// <summary>Adds 2,500 pending deltas (five seconds of filing at 500/s) before each iteration of the benchmark below (not timed).</summary>
    [IterationSetup(Target = nameof(WholePage_Secretariat_2500PendingDeltas))]
    public void AddPendingDeltas()
    {
        using var db = PreExportData.Context();
        // Zero-count deltas: read and added up like real ones, without changing the figures.
        db.PreExportCountDeltas.AddRange(Enumerable.Range(0, 2500).Select(i => new PreExportCountDelta
        {
            Year = Year, ExportingCountry = PreExportData.PartyCode(i % PreExportData.Parties), ImportingCountry = PreExportData.PartyCode((i + 1) % PreExportData.Parties),
            Status = Cordon.Domain.PreExport.PreExportStatus.AwaitingReply, Notifications = 0,
        }));
        db.SaveChanges();
    }

    [IterationCleanup(Target = nameof(WholePage_Secretariat_2500PendingDeltas))]
    public void RemovePendingDeltas()
    {
        using var db = PreExportData.Context();
        db.PreExportCountDeltas.Where(d => d.Notifications == 0).ExecuteDelete();
    }

    /// <summary>The whole page while 2,500 changes wait to be folded: they are read with the counters.</summary>
    [Benchmark]
    public Task<int> WholePage_Secretariat_2500PendingDeltas() => PageAsync(Secretariat);

    private static async Task<int> PageAsync(Cordon.Application.Identity.ICurrentActor actor)
    {
        await using var db = PreExportData.Context();
        var stats = new PreExportStatistics(db, actor);
        var table = await stats.ForYearAsync(Year);
        var unnotified = await stats.UnnotifiedExportsAsync(Year);
        var trend = await stats.TrendAsync(Year - 9, Year);
        return table.Parties.Count + unnotified.Exports.Count + trend.Count;
    }
}
