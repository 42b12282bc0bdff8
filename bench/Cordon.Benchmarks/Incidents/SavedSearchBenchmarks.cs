using System.Globalization;
using BenchmarkDotNet.Attributes;
using Cordon.Application.Incidents;
using Cordon.Domain.Incidents;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cordon.Benchmarks.Incidents;

/// <summary>
/// Which of 100,000 saved searches a new incident matches, on PostgreSQL (in the <see cref="IncidentData"/> database):
/// the former way (read every search, test each in memory) against the keyed query of
/// <see cref="ReportIncident.MatchSavedSearchesAsync"/> (read only the candidates, test those).
/// The searches: 40 % a substance (half with words too), 20 % a country, 30 % words only (substance names,
/// company words, container numbers, place names), 10 % only a channel or type.
/// Run: dotnet run -c Release --project bench/Cordon.Benchmarks -- --filter '*SavedSearchBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class SavedSearchBenchmarks
{
    public const int Searches = 100_000;
    private Incident _incident = null!;

    [GlobalSetup]
    public void Setup()
    {
        IncidentData.EnsureAsync().GetAwaiter().GetResult();
        _incident = SetupAsync().GetAwaiter().GetResult();
    }

    private static async Task<Incident> SetupAsync()
    {
        await using var db = IncidentData.Context();
        var substances = await db.Substances.AsNoTracking().OrderBy(s => s.Code).ToListAsync();
        var countries = await db.Countries.AsNoTracking().OrderBy(c => c.Alpha2).Select(c => c.Alpha2).ToListAsync();
        // A typical incident of the load, with its children and search text, as ReportIncident has it before alerting.
        var incident = await db.Incidents.AsNoTracking().Include(i => i.Substances).Include(i => i.Countries).Include(i => i.NamedParties).AsSplitQuery()
            .Where(i => i.ContainerNumbers != "" && !i.Restricted).OrderBy(i => i.Id).Skip(123_456).FirstAsync();
        if (await db.IncidentSavedSearches.CountAsync() >= Searches) return incident;

        var random = new Random(7);
        string[] words = ["drums", "solvent", "port", "parcel", "transit", "bitcoin", "laboratory", "shell", "invoice", "global", "delta", "atlas", "pacific", "andes", "fûts", "colis", "посылка", "bidones"];
        await using var conn = new NpgsqlConnection(IncidentData.Connection);
        await conn.OpenAsync();
        await new NpgsqlCommand("TRUNCATE \"IncidentSavedSearches\"", conn).ExecuteNonQueryAsync();
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"IncidentSavedSearches\" (\"UserId\",\"PartyCode\",\"Name\",\"Query\",\"MatchKey\",\"CreatedAt\") FROM STDIN (FORMAT BINARY)"))
        {
        var at = DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture);
        for (var n = 0; n < Searches; n++)
        {
            var roll = random.Next(100);
            string? Word() => random.Next(3) switch
            {
                0 => words[random.Next(words.Length)],
                1 => substances[random.Next(substances.Count)].Name.Split(' ')[0],
                _ => IncidentData.ContainerNumber(random.Next(IncidentData.Incidents)),
            };
            var criteria = roll switch
            {
                < 20 => new IncidentCriteria(Substance: substances[random.Next(substances.Count)].Code),
                < 40 => new IncidentCriteria(Q: Word(), Substance: substances[random.Next(substances.Count)].Code),
                < 60 => new IncidentCriteria(Country: countries[random.Next(countries.Count)], Type: (IncidentType)random.Next(6)),
                < 90 => new IncidentCriteria(Q: Word() + (random.Next(2) == 0 ? " " + Word() : "")),
                _ => new IncidentCriteria(Channel: (IncidentChannel)random.Next(2), Type: (IncidentType)random.Next(6)),
            };
            await w.StartRowAsync();
            await w.WriteAsync(Guid.NewGuid(), NpgsqlTypes.NpgsqlDbType.Uuid);
            await w.WriteAsync(countries[random.Next(countries.Count)]);
            await w.WriteAsync("search " + n.ToString(CultureInfo.InvariantCulture));
            await w.WriteAsync(criteria.ToQueryString());
            await w.WriteAsync(SavedSearchKeys.For(criteria));
            await w.WriteAsync(at, NpgsqlTypes.NpgsqlDbType.TimestampTz);
        }
        await w.CompleteAsync();
        }
        await new NpgsqlCommand("ANALYZE \"IncidentSavedSearches\"", conn).ExecuteNonQueryAsync();
        return incident;
    }

    /// <summary>The former way: every saved search read and tested in memory.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> EverySearchInMemory()
    {
        await using var db = IncidentData.Context();
        var saved = await db.IncidentSavedSearches.AsNoTracking().Where(s => s.UserId != _incident.ReporterUserId).ToListAsync();
        var count = 0;
        foreach (var s in saved)
        {
            var criteria = IncidentCriteria.Parse(s.Query, out _);
            if (!criteria.IsEmpty && criteria.Matches(_incident)) count++;
        }
        return count;
    }

    [Benchmark]
    public async Task<int> CandidatesByKey()
    {
        await using var db = IncidentData.Context();
        return (await ReportIncident.MatchSavedSearchesAsync(db, _incident, _incident.NamedParties.Select(p => p.PartyCode).ToList(), CancellationToken.None)).Count;
    }
}
