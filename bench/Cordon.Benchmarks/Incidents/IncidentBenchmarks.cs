using BenchmarkDotNet.Attributes;
using Cordon.Application.Audit;
using Cordon.Application.Exchange;
using Cordon.Application.Incidents;
using Cordon.Application.Notifications;
using Cordon.Domain.Incidents;

namespace Cordon.Benchmarks.Incidents;

/// <summary>
/// Incidents at full size on PostgreSQL (see <see cref="IncidentData"/>: 1,000,000 incidents): a full-text search
/// with two facets, a search by container number, a facet-only search, and the dashboard, each as an officer of a
/// Party (so the restricted-visibility filter is part of the query) with a fresh DbContext, as a request does.
/// Run: dotnet run -c Release --project bench/Cordon.Benchmarks -- --filter '*IncidentBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class IncidentBenchmarks
{
    [GlobalSetup]
    public void Setup() => IncidentData.EnsureAsync().GetAwaiter().GetResult();

    private static IncidentQueries Queries(Cordon.Application.Data.CordonDbContext db)
    {
        var actor = new IncidentData.OfficerActor("AT");
        var audit = new AuditLog(db, actor, TimeProvider.System);
        return new IncidentQueries(db, actor, audit, new PartyExchange(db, new Notifier(db, TimeProvider.System), TimeProvider.System),
            new IncidentChannelMemberships(db, audit, actor, TimeProvider.System));
    }

    [Benchmark]
    public async Task<int> FullTextWithTwoFacets()
    {
        await using var db = IncidentData.Context();
        var r = await Queries(db).SearchAsync(new IncidentCriteria(Q: "bitcoin", Channel: IncidentChannel.NewPsychoactiveSubstances, Country: "CO"), 1);
        return r.Total;
    }

    [Benchmark]
    public async Task<int> FullTextCommonWordWithTwoFacets()
    {
        await using var db = IncidentData.Context();
        var r = await Queries(db).SearchAsync(new IncidentCriteria(Q: "port", Channel: IncidentChannel.Precursors, Type: IncidentType.Seizure), 1);
        return r.Total;
    }

    [Benchmark]
    public async Task<int> ContainerNumber()
    {
        await using var db = IncidentData.Context();
        var r = await Queries(db).SearchAsync(new IncidentCriteria(Q: IncidentData.KnownContainer), 1);
        return r.Total;
    }

    [Benchmark]
    public async Task<int> Dashboard()
    {
        await using var db = IncidentData.Context();
        var d = await Queries(db).DashboardAsync();
        return d.Total;
    }
}
