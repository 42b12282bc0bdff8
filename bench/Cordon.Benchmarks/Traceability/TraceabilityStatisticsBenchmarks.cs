using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Cordon.Application.Traceability;

namespace Cordon.Benchmarks.Traceability;

/// <summary>
/// The eight Traceability statistics over 1,000,000 stored messages on PostgreSQL (see <see cref="TraceabilityData"/>),
/// through the real <see cref="TraceabilityStatistics"/> service, each with a fresh DbContext as a request does.
/// Scope <c>All</c>: the whole five years, every Party. Scope <c>Filtered</c>: the year 2024 and three Parties.
/// Target (issue 3): each under 200 ms.
/// Run: dotnet run -c Release --project bench/Cordon.Benchmarks -- --filter '*TraceabilityStatistics*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class TraceabilityStatisticsBenchmarks
{
    private StatisticsFilter _filter = null!;

    [Params("All", "Filtered")]
    public string Scope { get; set; } = "All";

    [GlobalSetup]
    public void Setup()
    {
        TraceabilityData.EnsureAsync().GetAwaiter().GetResult();
        _filter = Scope == "All"
            ? new StatisticsFilter(TraceabilityData.Start, TraceabilityData.End, [])
            : new StatisticsFilter(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
                [TraceabilityData.PartyCode(3), TraceabilityData.PartyCode(17), TraceabilityData.PartyCode(40)]);
    }

    [Benchmark(Description = "1 PartiesRegistered")]
    public async Task<int> PartiesRegistered()
    {
        await using var db = TraceabilityData.Context();
        return (await new TraceabilityStatistics(db).PartiesRegisteredAsync(_filter)).Count;
    }

    [Benchmark(Description = "2 UsersPerParty")]
    public async Task<int> UsersPerParty()
    {
        await using var db = TraceabilityData.Context();
        return (await new TraceabilityStatistics(db).UsersPerPartyAsync(_filter)).Count;
    }

    [Benchmark(Description = "3 ActiveParties")]
    public async Task<int> ActiveParties()
    {
        await using var db = TraceabilityData.Context();
        return (await new TraceabilityStatistics(db).ActivePartiesAsync(_filter)).Count;
    }

    [Benchmark(Description = "4 MessagesPerParty")]
    public async Task<int> MessagesPerParty()
    {
        await using var db = TraceabilityData.Context();
        return (await new TraceabilityStatistics(db).MessagesPerPartyAsync(_filter)).Count;
    }

    [Benchmark(Description = "5 BetweenParties")]
    public async Task<int> BetweenParties()
    {
        await using var db = TraceabilityData.Context();
        return (await new TraceabilityStatistics(db).BetweenPartiesAsync(_filter)).Count;
    }

    [Benchmark(Description = "6 UimsTotal")]
    public async Task<long> UimsTotal()
    {
        await using var db = TraceabilityData.Context();
        return await new TraceabilityStatistics(db).UimsTotalAsync(_filter);
    }

    [Benchmark(Description = "7 ReplyTimes")]
    public async Task<int> ReplyTimes()
    {
        await using var db = TraceabilityData.Context();
        return (await new TraceabilityStatistics(db).ReplyTimesAsync(_filter)).Count;
    }

    [Benchmark(Description = "8 Unread")]
    public async Task<int> Unread()
    {
        await using var db = TraceabilityData.Context();
        return (await new TraceabilityStatistics(db).UnreadAsync(_filter)).Count;
    }

    [Benchmark(Description = "Whole report (1-8)")]
    public async Task<int> WholeReport()
    {
        await using var db = TraceabilityData.Context();
        return (await new TraceabilityStatistics(db).ReportAsync(_filter)).MessagesTotal;
    }
}

/// <summary>Adds the median, p95 and maximum of the iteration means to the default columns.</summary>
public sealed class PercentileConfig : ManualConfig
{
    public PercentileConfig() => AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.Max);
}
