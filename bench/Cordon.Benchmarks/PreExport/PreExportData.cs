using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Application.PreExport;
using Cordon.Domain.Monitoring;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Cordon.Benchmarks.PreExport;

/// <summary>
/// Generates the pre-export benchmark database on PostgreSQL once (kept between runs): one million notifications over
/// 20 years among 200 Parties (50,000 a year; 70 % cleared, 5 % objected to, 5 % more information, 10 % unanswered by
/// the deadline, 10 % awaiting; 1 % marked), one line each of 20 precursors, a third of the Parties invoking art.
/// 12(10)(a) for Tables I and II, and Form D licit-trade exports (every Party exports each precursor to one partner a
/// year, 80,000 figures; one route in twenty goes to a partner no notification names). Loaded with binary COPY.
/// Connection: CORDON_BENCH_POSTGRES (default: the local cordon server). The load takes several minutes, longer than
/// BenchmarkDotNet's in-process limit: run <c>-- --prepare-preexport</c> once first.
/// </summary>
public static class PreExportData
{
    public const int Parties = 200, Years = 20, Substances = 20, PerYear = 50_000, FirstYear = 2006;
    public static int LastYear => FirstYear + Years - 1;

    public static string Connection =>
        // No command timeout: on a loaded machine the bulk load and ANALYZE take longer than Npgsql's default 30 s.
        (Environment.GetEnvironmentVariable("CORDON_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=cordon;Password=cordon") + ";Database=cordon_bench_preexport;Command Timeout=0";

    public static string PartyCode(int i) => string.Concat((char)('A' + i / 26), (char)('A' + i % 26));
    public static string SubstanceCode(int s) => $"PRE-BENCH-{s:00}";

    /// <summary>The trade partner of a Party for a substance: the importer its notifications name (most of the time).</summary>
    public static int Partner(int p, int s) => (p + 1 + s * 7) % Parties;

    public static CordonDbContext Context() =>
        new(new DbContextOptionsBuilder<CordonDbContext>().UseNpgsql(Connection, o => o.MigrationsAssembly("Cordon.Postgres"))
            .AddInterceptors(PreExportCounts.Interceptor.Instance).Options);

    public static async Task EnsureAsync()
    {
        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
            // Complete only when every table was loaded (an interrupted load is redone from the start).
            if (await db.PreExportNotifications.CountAsync() >= PerYear * Years && await db.PreExportLines.CountAsync() >= PerYear * Years
                && await db.TradeFigures.CountAsync(t => t.Form == StatisticsForm.D) >= Parties * Substances * Years) return;
        }
        await using var conn = new NpgsqlConnection(Connection);
        await conn.OpenAsync();
        foreach (var table in new[] { "PreExportLines", "PreExportNotifications", "PreExportInvocations", "StatisticsTradeFigures" })
            await new NpgsqlCommand($"TRUNCATE \"{table}\" CASCADE", conn).ExecuteNonQueryAsync();
        await new NpgsqlCommand("DELETE FROM \"Substances\" WHERE \"Code\" LIKE 'PRE-BENCH-%'; DELETE FROM \"Countries\" WHERE \"NameEn\" LIKE 'Bench %'", conn).ExecuteNonQueryAsync();

        var random = new Random(7);
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
                await w.WriteRowAsync(default, SubstanceCode(s), "Precursor", s % 2 == 0 ? "I" : "II", "bench precursor " + s, "", true, 0L);
            await w.CompleteAsync();
        }
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"PreExportInvocations\" (\"Id\",\"CountryCode\",\"TableI\",\"TableII\",\"NamedSubstances\",\"Since\",\"RecordedAt\",\"Version\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var p = 0; p < Parties; p += 3)
                await w.WriteRowAsync(default, Guid.NewGuid(), PartyCode(p), true, true, "", new DateOnly(FirstYear, 1, 1), new DateTimeOffset(FirstYear, 1, 1, 0, 0, 0, TimeSpan.Zero), 1L);
            await w.CompleteAsync();
        }

        var ids = new List<(Guid Id, int Substance, int Year)>(PerYear * Years);
        await using (var w = await conn.BeginBinaryImportAsync("""
            COPY "PreExportNotifications" ("Id","Reference","ExportingCountry","ImportingCountry","TransitCountries","ExporterName","ExporterAddress","ImporterName","ImporterAddress",
              "Confidential","PointOfEntry","DispatchDate","Voluntary","Mandatory","MultiShipment","CreatedAt","Year","ReplyDeadline","Status","AnsweredAt","ResponseSeconds","Mark","Version")
            FROM STDIN (FORMAT BINARY)
            """))
        {
            var sequence = new int[Parties];
            for (var y = FirstYear; y <= LastYear; y++)
            {
                Array.Clear(sequence);
                for (var i = 0; i < PerYear; i++)
                {
                    var p = random.Next(Parties);
                    var s = random.Next(Substances);
                    var to = random.NextDouble() < 0.9 ? Partner(p, s) : (p + 1 + random.Next(Parties - 1)) % Parties;
                    var created = new DateTimeOffset(y, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(525_000));
                    var roll = random.NextDouble();
                    var status = roll switch { < 0.70 => "NoObjection", < 0.75 => "Objection", < 0.80 => "MoreInformationRequested", < 0.90 => "NoReplyByDeadline", _ => "AwaitingReply" };
                    long? seconds = status is "NoObjection" or "Objection" or "MoreInformationRequested" ? 3600L + random.Next(15 * 86_400) : null;
                    var id = Guid.CreateVersion7(created);
                    ids.Add((id, s, y));
                    await w.StartRowAsync();
                    await w.WriteAsync(id, NpgsqlDbType.Uuid);
                    await w.WriteAsync($"{PartyCode(p)}-{y}-{++sequence[p]:000000}");
                    await w.WriteAsync(PartyCode(p));
                    await w.WriteAsync(PartyCode(to));
                    await w.WriteAsync("");
                    await w.WriteAsync("Exporter " + p);
                    await w.WriteAsync("Export road " + p);
                    await w.WriteAsync("Importer " + to);
                    await w.WriteAsync("Import street " + to);
                    await w.WriteAsync(false);
                    await w.WriteAsync("Port");
                    await w.WriteAsync(DateOnly.FromDateTime(created.UtcDateTime.AddDays(10)), NpgsqlDbType.Date);
                    await w.WriteAsync(false);
                    await w.WriteAsync(to % 3 == 0);
                    await w.WriteAsync(false);
                    await w.WriteAsync(created, NpgsqlDbType.TimestampTz);
                    await w.WriteAsync(y);
                    await w.WriteAsync(created.AddDays(15), NpgsqlDbType.TimestampTz);
                    await w.WriteAsync(status);
                    if (seconds is { } sec)
                    {
                        await w.WriteAsync(created.AddSeconds(sec), NpgsqlDbType.TimestampTz);
                        await w.WriteAsync(sec, NpgsqlDbType.Bigint);
                    }
                    else
                    {
                        await w.WriteNullAsync();
                        await w.WriteNullAsync();
                    }
                    await w.WriteAsync(random.NextDouble() < 0.01 ? "Suspicious" : "None");
                    await w.WriteAsync(1L, NpgsqlDbType.Bigint);
                }
            }
            await w.CompleteAsync();
        }
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"PreExportLines\" (\"NotificationId\",\"SubstanceCode\",\"Quantity\",\"Unit\",\"Grams\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (id, s, _) in ids)
            {
                var kg = 10 + random.Next(5000);
                await w.WriteRowAsync(default, id, SubstanceCode(s), (decimal)kg, "kg", kg * 1000L);
            }
            await w.CompleteAsync();
        }
        var submission = Guid.Empty;
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"StatisticsTradeFigures\" (\"SubmissionId\",\"Form\",\"ReporterCountry\",\"PartnerCountry\",\"SubstanceCode\",\"Year\",\"Quarter\",\"Direction\",\"Grams\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var y = FirstYear; y <= LastYear; y++)
                for (var p = 0; p < Parties; p++)
                    for (var s = 0; s < Substances; s++)
                    {
                        // One route in twenty goes to a partner the notifications (almost) never name.
                        var to = random.NextDouble() < 0.05 ? (Partner(p, s) + 100) % Parties : Partner(p, s);
                        if (to == p) to = (to + 1) % Parties;
                        await w.WriteRowAsync(default, submission, "D", PartyCode(p), PartyCode(to), SubstanceCode(s), y, 0, (int)TradeDirection.Export, 1000.0 + random.Next(5_000_000));
                    }
            await w.CompleteAsync();
        }
        // Rows loaded by COPY, not through the context: count them as the migration does (ADR 35).
        await using (var db = Context()) await PreExportCounts.RebuildAsync(db);
        await new NpgsqlCommand("ANALYZE", conn).ExecuteNonQueryAsync();
    }

    /// <summary>The Secretariat, which sees every Party's statistics.</summary>
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

    /// <summary>A Party's officer, who sees its own row and its own trends.</summary>
    public sealed class PartyActor(string party) : ICurrentActor
    {
        public Guid? UserId => null;
        public string? UserName => "bench";
        public Guid? AuthorityId => null;
        public string? PartyCode => party;
        public string? IpAddress => null;
        public bool IsSecretariat => false;
        public bool IsInRole(string role) => false;
    }
}
