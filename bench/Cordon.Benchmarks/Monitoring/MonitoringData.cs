using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Monitoring;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Cordon.Benchmarks.Monitoring;

/// <summary>
/// Generates the Monitoring benchmark database on PostgreSQL once (kept between runs): 200 Parties × 20 years ×
/// 300 substances of yearly statistics (1.2 million yearly totals), the same number of estimates, two trade routes
/// per Party, substance and year (2.4 million trade figures; about 5 % of mirror pairs disagree), populations and
/// S-DDD values. Loaded with binary COPY. Connection: CORDON_BENCH_POSTGRES (default: the local cordon server).
/// </summary>
public static class MonitoringData
{
    public const int Parties = 200, Years = 20, Substances = 300, FirstYear = 2006;
    public static int LastYear => FirstYear + Years - 1;

    public static string Connection =>
        (Environment.GetEnvironmentVariable("CORDON_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=cordon;Password=cordon") + ";Database=cordon_bench_monitoring";

    public static string PartyCode(int i) => string.Concat((char)('A' + i / 26), (char)('A' + i % 26));
    public static string SubstanceCode(int s) => $"N-BENCH-{s:000}";

    public static CordonDbContext Context() =>
        new(new DbContextOptionsBuilder<CordonDbContext>().UseNpgsql(Connection, o => o.MigrationsAssembly("Cordon.Postgres")).Options);

    public static async Task EnsureAsync()
    {
        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
            if (await db.YearlyTotals.CountAsync() >= Parties * Years * Substances) return;
        }
        await using var conn = new NpgsqlConnection(Connection);
        await conn.OpenAsync();
        foreach (var table in new[] { "StatisticsYearlyTotals", "StatisticsTradeFigures", "AuthEstimates", "MonitoringPopulation", "MonitoringDddValues", "StatisticsSubmissions" })
            await new NpgsqlCommand($"TRUNCATE \"{table}\" CASCADE", conn).ExecuteNonQueryAsync();
        await new NpgsqlCommand("DELETE FROM \"SubstanceSalts\"; DELETE FROM \"Substances\" WHERE \"Code\" LIKE 'N-BENCH-%'; DELETE FROM \"Countries\" WHERE \"NameEn\" LIKE 'Bench %'", conn).ExecuteNonQueryAsync();

        var random = new Random(42);
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"Countries\" (\"Alpha2\",\"Alpha3\",\"Numeric\",\"NameEn\",\"NameFr\",\"NameRu\",\"NameEs\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var p = 0; p < Parties; p++)
            {
                var c = PartyCode(p);
                await w.WriteRowAsync(default, c, c + "X", p.ToString("000", System.Globalization.CultureInfo.InvariantCulture), "Bench " + c, "Bench " + c, "Bench " + c, "Bench " + c);
            }
            await w.CompleteAsync();
        }
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"Substances\" (\"Code\",\"Kind\",\"Schedules\",\"Name\",\"Synonyms\",\"IsActive\",\"Version\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var s = 0; s < Substances; s++)
                await w.WriteRowAsync(default, SubstanceCode(s), "NarcoticDrug", "I", "bench substance " + s, "", true, 0L);
            await w.CompleteAsync();
        }
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"MonitoringDddValues\" (\"SubstanceCode\",\"Grams\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var s = 0; s < Substances; s++) await w.WriteRowAsync(default, SubstanceCode(s), 0.01 + s % 50 * 0.01);
            await w.CompleteAsync();
        }
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"MonitoringPopulation\" (\"CountryCode\",\"Year\",\"Population\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var p = 0; p < Parties; p++)
                for (var y = FirstYear; y <= LastYear; y++) await w.WriteRowAsync(default, PartyCode(p), y, 1_000_000L + p * 250_000L + (y - FirstYear) * 10_000L);
            await w.CompleteAsync();
        }
        var submission = Guid.Empty;
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"StatisticsYearlyTotals\" (\"SubmissionId\",\"Form\",\"CountryCode\",\"SubstanceCode\",\"Year\",\"OpeningStock\",\"Production\",\"Manufacture\",\"Imports\",\"Exports\",\"Consumption\",\"OtherUses\",\"ClosingStock\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var p = 0; p < Parties; p++)
                for (var y = FirstYear; y <= LastYear; y++)
                    for (var s = 0; s < Substances; s++)
                    {
                        var consumption = 1000.0 + random.Next(100_000);
                        await w.WriteRowAsync(default, submission, "C", PartyCode(p), SubstanceCode(s), y, consumption / 2, 0.0, 0.0, consumption, 0.0, consumption, 0.0, consumption / 2);
                    }
            await w.CompleteAsync();
        }
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"AuthEstimates\" (\"Id\",\"Kind\",\"CountryCode\",\"SubstanceCode\",\"Year\",\"Grams\",\"Supplementary\",\"Sequence\",\"Status\",\"ProposedBy\",\"ProposedAt\") FROM STDIN (FORMAT BINARY)"))
        {
            var at = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc);
            for (var p = 0; p < Parties; p++)
                for (var y = FirstYear; y <= LastYear; y++)
                    for (var s = 0; s < Substances; s++)
                    {
                        await w.StartRowAsync();
                        await w.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                        await w.WriteAsync("Estimate");
                        await w.WriteAsync(PartyCode(p));
                        await w.WriteAsync(SubstanceCode(s));
                        await w.WriteAsync(y);
                        await w.WriteAsync(60_000m + random.Next(100_000), NpgsqlDbType.Numeric);
                        await w.WriteAsync(false);
                        await w.WriteAsync(1);
                        await w.WriteAsync("Confirmed");
                        await w.WriteAsync("Secretariat");
                        await w.WriteAsync(at, NpgsqlDbType.TimestampTz);
                    }
            await w.CompleteAsync();
        }
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"StatisticsTradeFigures\" (\"SubmissionId\",\"Form\",\"ReporterCountry\",\"PartnerCountry\",\"SubstanceCode\",\"Year\",\"Quarter\",\"Direction\",\"Grams\") FROM STDIN (FORMAT BINARY)"))
        {
            // Party p exports substance s to (p + 1 + s) mod 200, which reports the import from p.
            for (var y = FirstYear; y <= LastYear; y++)
                for (var p = 0; p < Parties; p++)
                    for (var s = 0; s < Substances; s++)
                    {
                        var to = (p + 1 + s) % Parties;
                        var grams = 500.0 + random.Next(50_000);
                        var reported = random.NextDouble() < 0.05 ? grams * 0.8 : grams;
                        await w.WriteRowAsync(default, submission, "A", PartyCode(p), PartyCode(to), SubstanceCode(s), y, 0, (int)TradeDirection.Export, grams);
                        await w.WriteRowAsync(default, submission, "A", PartyCode(to), PartyCode(p), SubstanceCode(s), y, 0, (int)TradeDirection.Import, reported);
                    }
            await w.CompleteAsync();
        }
        await new NpgsqlCommand("ANALYZE", conn).ExecuteNonQueryAsync();
    }

    /// <summary>The Secretariat, which may read every Party's profile.</summary>
    public sealed class SecretariatActor : ICurrentActor
    {
        public Guid? UserId => null;
        public string? UserName => "bench";
        public Guid? AuthorityId => null;
        public string? PartyCode => null;
        public string? IpAddress => null;
        public bool IsSecretariat => true;
        public bool IsInRole(string role) => false;
    }
}
