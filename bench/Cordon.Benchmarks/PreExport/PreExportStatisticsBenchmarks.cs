using BenchmarkDotNet.Attributes;
using Cordon.Application.PreExport;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Benchmarks.PreExport;

/// <summary>
/// The pre-export statistics page at world scale on PostgreSQL (see <see cref="PreExportData"/>: one million notifications,
/// 20 years, 200 Parties): the yearly table, the ten-year trend of the charts, the exports without a notification with
/// invocation coverage, and the whole page (the three together), for the Secretariat and for one Party. "Before" is the
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

    [Benchmark]
    public async Task<int> YearTable_Secretariat()
    {
        await using var db = PreExportData.Context();
        return (await new PreExportStatistics(db, new PreExportData.SecretariatActor()).ForYearAsync(Year)).Parties.Count;
    }

    [Benchmark]
    public async Task<int> TenYearTrend_Secretariat()
    {
        await using var db = PreExportData.Context();
        return (await new PreExportStatistics(db, new PreExportData.SecretariatActor()).TrendAsync(Year - 9, Year)).Count;
    }

    [Benchmark]
    public async Task<int> UnnotifiedExports_Secretariat()
    {
        await using var db = PreExportData.Context();
        return (await new PreExportStatistics(db, new PreExportData.SecretariatActor()).UnnotifiedExportsAsync(Year)).Exports.Count;
    }

    [Benchmark]
    public async Task<int> WholePage_Secretariat() => await PageAsync(new PreExportData.SecretariatActor());

    [Benchmark]
    public async Task<int> WholePage_Party() => await PageAsync(new PreExportData.PartyActor(PreExportData.PartyCode(42)));

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
