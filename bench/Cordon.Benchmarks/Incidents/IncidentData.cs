using System.Globalization;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Application.Reference;
using Cordon.Domain.Incidents;
using Cordon.Domain.Reference;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Cordon.Benchmarks.Incidents;

/// <summary>
/// Generates the Incidents benchmark database on PostgreSQL once (kept between runs): 1,000,000 incidents over
/// 2010–2026 in both channels (60 % precursors), six types, one to three substances of the reference lists (or a
/// new one), origin/transit/destination/reporting countries among 120 Parties, companies, container and
/// airway-bill numbers, summaries written in English, French, Russian and Spanish, 3 % restricted to named
/// Parties. Loaded with binary COPY; the search text is built by <see cref="IncidentSearchText.Build"/> as a
/// report would. Build it first (long): <c>dotnet run -c Release --project bench/Cordon.Benchmarks -- --seed-incidents</c>.
/// Connection: CORDON_BENCH_POSTGRES (default: the local cordon server).
/// </summary>
public static class IncidentData
{
    public const int Incidents = 1_000_000, PartyCount = 120;

    public static string Connection =>
        (Environment.GetEnvironmentVariable("CORDON_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=cordon;Password=cordon") + ";Database=cordon_bench_incidents;Command Timeout=600";

    public static CordonDbContext Context() =>
        new(new DbContextOptionsBuilder<CordonDbContext>().UseNpgsql(Connection, o => o.MigrationsAssembly("Cordon.Postgres")).Options);

    /// <summary>A container number the benchmark searches for (incident 500,000 carries it).</summary>
    public static string KnownContainer => ContainerNumber(500_000);

    public static string ContainerNumber(int i) => "MSKU" + (1_000_000 + i * 7 % 9_000_000).ToString(CultureInfo.InvariantCulture);

    private static readonly string[][] Summaries =
    [
        ["Drums of {0} declared as cleaning solvent were seized at the port", "Parcel with {0} stopped in transit, false invoice", "Attempt to divert {0} through a shell company", "Clandestine laboratory dismantled with {0} and glassware", "Online shop offering {0} for bitcoin"],
        ["Fûts de {0} déclarés comme solvant saisis au port", "Colis contenant {0} arrêté en transit, fausse facture", "Tentative de détournement de {0} par une société écran", "Laboratoire clandestin démantelé avec {0}", "Boutique en ligne proposant {0} contre bitcoin"],
        ["Бочки с {0}, задекларированные как растворитель, изъяты в порту", "Посылка с {0} остановлена при транзите", "Попытка утечки {0} через подставную компанию", "Ликвидирована подпольная лаборатория с {0}", "Интернет-магазин предлагал {0} за биткоины"],
        ["Bidones de {0} declarados como disolvente incautados en el puerto", "Paquete con {0} detenido en tránsito, factura falsa", "Intento de desvío de {0} mediante una empresa fantasma", "Laboratorio clandestino desmantelado con {0}", "Tienda en línea que ofrecía {0} por bitcoin"],
    ];

    private static readonly string[] Languages = ["en", "fr", "ru", "es"];
    private static readonly string[] CompanyWords = ["Demo", "Global", "Oriental", "Andes", "Baltic", "Sunrise", "Delta", "Nordic", "Pacific", "Atlas"];
    private static readonly string[] CompanyKinds = ["Trading LLC", "Chemicals Ltd", "Logistics SA", "Pharma GmbH", "Import Export"];

    public static async Task EnsureAsync()
    {
        await using (var admin = new NpgsqlConnection(Connection.Replace("Database=cordon_bench_incidents", "Database=postgres", StringComparison.Ordinal)))
        {
            await admin.OpenAsync();
            var exists = await new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = 'cordon_bench_incidents'", admin).ExecuteScalarAsync();
            if (exists is null) await new NpgsqlCommand("CREATE DATABASE cordon_bench_incidents", admin).ExecuteNonQueryAsync();
        }
        List<ControlledSubstance> substances;
        List<Country> countries;
        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
            if (await db.Incidents.CountAsync() >= Incidents) return;
            await new ReferenceData(db).SeedShippedAsync();
            substances = await db.Substances.AsNoTracking().OrderBy(s => s.Code).ToListAsync();
            countries = await db.Countries.AsNoTracking().OrderBy(c => c.Alpha2).ToListAsync();
        }
        await using var conn = new NpgsqlConnection(Connection);
        await conn.OpenAsync();
        await new NpgsqlCommand("TRUNCATE \"Incidents\" CASCADE", conn).ExecuteNonQueryAsync();
        // The full-text index is built once after the load: far cheaper than a million GIN insertions.
        await new NpgsqlCommand("DROP INDEX IF EXISTS \"IX_Incidents_SearchVector_FacetKeys\"", conn).ExecuteNonQueryAsync();

        var random = new Random(42);
        var parties = countries.Select(c => c.Alpha2).Where(c => c != "XK").Take(PartyCount).ToList();
        var byCode = countries.ToDictionary(c => c.Alpha2);
        var now = DateTimeOffset.Parse("2026-11-01T00:00:00Z", CultureInfo.InvariantCulture);
        if ((await new NpgsqlCommand("SELECT count(*) FROM \"Parties\"", conn).ExecuteScalarAsync()) is 0L)
        {
            await using var w = await conn.BeginBinaryImportAsync("COPY \"Parties\" (\"Code\",\"VerifiedAt\",\"CreatedAt\") FROM STDIN (FORMAT BINARY)");
            foreach (var p in parties) await w.WriteRowAsync(default, p, now, now);
            await w.CompleteAsync();
        }
        var precursors = substances.Where(s => s.Kind.ToString().Contains("Precursor", StringComparison.Ordinal)).ToList();
        var nps = substances.Except(precursors).ToList();
        if (precursors.Count == 0) precursors = substances;
        if (nps.Count == 0) nps = substances;

        // Rows of the child tables are buffered per batch and copied after the incidents of the batch.
        const int batch = 50_000;
        var subs = new List<(Guid, string?, string, decimal, string)>();
        var ctrs = new List<(Guid, string, string)>();
        var named = new List<(Guid, string)>();
        for (var start = 0; start < Incidents; start += batch)
        {
            await using (var w = await conn.BeginBinaryImportAsync("COPY \"Incidents\" (\"Id\",\"Channel\",\"Type\",\"OccurredOn\",\"Year\",\"Place\",\"Summary\",\"ModusOperandi\",\"Concealment\",\"Transport\",\"Companies\",\"Persons\",\"ContainerNumbers\",\"AirwayBills\",\"Actionable\",\"Language\",\"Restricted\",\"ReporterPartyCode\",\"ReporterUserId\",\"CreatedAt\",\"Version\",\"SearchText\",\"FacetKeys\") FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = start; i < Math.Min(Incidents, start + batch); i++)
                {
                    var channel = random.NextDouble() < 0.6 ? IncidentChannel.Precursors : IncidentChannel.NewPsychoactiveSubstances;
                    var type = (IncidentType)(random.Next(100) switch { < 45 => 0, < 65 => 1, < 75 => 2, < 83 => 3, < 95 => 4, _ => 5 });
                    var occurred = new DateOnly(2010, 1, 1).AddDays(random.Next(6100));
                    var lang = random.Next(4);
                    var pool = channel == IncidentChannel.Precursors ? precursors : nps;
                    var picked = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => pool[(int)Math.Min(pool.Count - 1, Math.Abs(random.NextDouble() * random.NextDouble()) * pool.Count)]).DistinctBy(s => s.Code).ToList();
                    var reporter = parties[(int)(random.NextDouble() * random.NextDouble() * parties.Count)];
                    var origin = parties[random.Next(parties.Count)];
                    var destination = parties[random.Next(parties.Count)];
                    var transit = random.Next(3) == 0 ? countries[random.Next(countries.Count)].Alpha2 : null;
                    var id = Guid.CreateVersion7(now.AddMinutes(-(Incidents - i)));
                    var incident = new Incident
                    {
                        Id = id, Channel = channel, Type = type, OccurredOn = occurred, Year = occurred.Year,
                        Summary = string.Format(CultureInfo.InvariantCulture, Summaries[lang][(int)type % 5], picked[0].Name) + " " + i.ToString(CultureInfo.InvariantCulture),
                        Place = byCode[reporter].NameEn, Language = Languages[lang], ReporterPartyCode = reporter,
                        Companies = Incident.JoinList([$"{CompanyWords[random.Next(10)]} {CompanyWords[random.Next(10)]} {CompanyKinds[random.Next(5)]}"]),
                        ContainerNumbers = random.Next(2) == 0 ? ContainerNumber(i) : "",
                        AirwayBills = random.Next(5) == 0 ? $"{random.Next(100, 999)}-{random.Next(10_000_000, 99_999_999)}" : "",
                        Transport = (TransportMode)random.Next(8), Actionable = random.Next(4) == 0, Restricted = random.Next(100) < 3,
                        CreatedAt = new DateTimeOffset(occurred.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(random.Next(10)), Version = 1,
                    };
                    incident.Substances.AddRange(picked.Select(s => new IncidentSubstance { SubstanceCode = s.Code, Name = s.Name, Quantity = random.Next(1, 5000), Unit = "kg" }));
                    if (random.Next(20) == 0) incident.Substances.Add(new IncidentSubstance { Name = "new cathinone " + random.Next(500).ToString(CultureInfo.InvariantCulture), Unit = "g", Quantity = 1 });
                    var involved = new List<(string Code, CountryRole Role)> { (origin, CountryRole.Origin), (destination, CountryRole.Destination), (reporter, CountryRole.Reporting) };
                    if (transit is not null) involved.Add((transit, CountryRole.Transit));
                    involved = involved.Distinct().ToList();
                    incident.SearchText = IncidentSearchText.Build(incident,
                        picked.SelectMany(s => s.SynonymList.Append(s.Name).Append(s.Cas ?? "")),
                        involved.Select(c => c.Code).Distinct().SelectMany(c => byCode.TryGetValue(c, out var k) ? new[] { k.Alpha2, k.NameEn, k.NameFr, k.NameRu, k.NameEs } : [c]));
                    incident.Countries.AddRange(involved.Select(c => new IncidentCountry { CountryCode = c.Code, Role = c.Role }));
                    incident.FacetKeys = IncidentFacets.Of(incident);
                    await w.StartRowAsync();
                    await w.WriteAsync(id, NpgsqlDbType.Uuid);
                    await w.WriteAsync(channel.ToString());
                    await w.WriteAsync(type.ToString());
                    await w.WriteAsync(occurred, NpgsqlDbType.Date);
                    await w.WriteAsync(occurred.Year);
                    await w.WriteAsync(incident.Place);
                    await w.WriteAsync(incident.Summary);
                    await w.WriteNullAsync();
                    await w.WriteNullAsync();
                    await w.WriteAsync(incident.Transport.ToString());
                    await w.WriteAsync(incident.Companies);
                    await w.WriteAsync("");
                    await w.WriteAsync(incident.ContainerNumbers);
                    await w.WriteAsync(incident.AirwayBills);
                    await w.WriteAsync(incident.Actionable);
                    await w.WriteAsync(incident.Language);
                    await w.WriteAsync(incident.Restricted);
                    await w.WriteAsync(reporter);
                    await w.WriteAsync(Guid.Empty, NpgsqlDbType.Uuid);
                    await w.WriteAsync(incident.CreatedAt, NpgsqlDbType.TimestampTz);
                    await w.WriteAsync(1L);
                    await w.WriteAsync(incident.SearchText);
                    await w.WriteAsync(incident.FacetKeys.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                    foreach (var s in incident.Substances) subs.Add((id, s.SubstanceCode, s.Name, s.Quantity ?? 0, s.Unit ?? "kg"));
                    foreach (var c in involved) ctrs.Add((id, c.Code, c.Role.ToString()));
                    foreach (var p in new[] { origin, destination }.Where(p => p != reporter).Distinct()) named.Add((id, p));
                }
                await w.CompleteAsync();
            }
            await using (var w = await conn.BeginBinaryImportAsync("COPY \"IncidentSubstances\" (\"IncidentId\",\"SubstanceCode\",\"Name\",\"Quantity\",\"Unit\") FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var (id, code, name, qty, unit) in subs)
                {
                    await w.StartRowAsync();
                    await w.WriteAsync(id, NpgsqlDbType.Uuid);
                    if (code is null) await w.WriteNullAsync(); else await w.WriteAsync(code);
                    await w.WriteAsync(name);
                    await w.WriteAsync(qty, NpgsqlDbType.Numeric);
                    await w.WriteAsync(unit);
                }
                await w.CompleteAsync();
            }
            await using (var w = await conn.BeginBinaryImportAsync("COPY \"IncidentCountries\" (\"IncidentId\",\"CountryCode\",\"Role\") FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var (id, code, role) in ctrs) await w.WriteRowAsync(default, id, code, role);
                await w.CompleteAsync();
            }
            await using (var w = await conn.BeginBinaryImportAsync("COPY \"IncidentParties\" (\"IncidentId\",\"PartyCode\") FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var (id, code) in named) await w.WriteRowAsync(default, id, code);
                await w.CompleteAsync();
            }
            subs.Clear();
            ctrs.Clear();
            named.Clear();
        }
        await new NpgsqlCommand("SET maintenance_work_mem = '512MB'; CREATE INDEX \"IX_Incidents_SearchVector_FacetKeys\" ON \"Incidents\" USING GIN (\"SearchVector\", \"FacetKeys\")", conn).ExecuteNonQueryAsync();
        await AfterLoadAsync(conn);
        await new NpgsqlCommand("VACUUM ANALYZE", conn).ExecuteNonQueryAsync();
    }

    /// <summary>Work that the write path does per incident and a bulk load must do once: the dashboard counters (ADR 29).</summary>
    private static async Task AfterLoadAsync(NpgsqlConnection conn) =>
        await new NpgsqlCommand(Cordon.Application.Incidents.IncidentStatisticsWriter.RebuildSql, conn).ExecuteNonQueryAsync();

    /// <summary>An officer of a Party (not the Secretariat), so the visibility filter is part of every query.</summary>
    public sealed class OfficerActor(string party) : ICurrentActor
    {
        public Guid? UserId => Guid.Empty;
        public string? UserName => "bench";
        public Guid? AuthorityId => null;
        public string? PartyCode => party;
        public string? IpAddress => null;
        public bool IsSecretariat => false;
        public bool IsInRole(string role) => false;
    }
}
