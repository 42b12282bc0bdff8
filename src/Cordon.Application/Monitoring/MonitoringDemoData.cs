using Cordon.Application.Audit;
using Cordon.Application.Authorizations;
using Cordon.Application.Data;
using Cordon.Application.Exchange;
using Cordon.Application.Identity;
using Cordon.Application.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Monitoring;

/// <summary>
/// Demo statistics of the four demo Parties for the seven years before this one: yearly balances (Form C), quarterly
/// trade (Form A), a Form P, S-DDD values and populations, estimates, and the patterns the module should find:
/// a mirror discrepancy (India/Colombia morphine), under-utilization (Colombia, India), an outlier (Austrian codeine
/// exports), a new route (Kazakhstan → Tajikistan) and exports above an estimate (morphine to Kazakhstan).
/// </summary>
public sealed class MonitoringDemoData(CordonDbContext db, MonitoringSettings settings, TimeProvider clock)
{
    /// <summary>
    /// S-DDD values in grams per day: plausible values of the order INCB uses in its technical reports (for example morphine
    /// 100 mg, fentanyl 0.6 mg, diazepam 10 mg). Demo values only; the Secretariat maintains the real table.
    /// </summary>
    public static readonly (string Substance, double Grams)[] DddDefaults =
    [
        ("N-MORPHINE", 0.1), ("N-CODEINE", 0.2), ("N-FENTANYL", 0.0006), ("N-OXYCODONE", 0.075), ("N-METHADONE", 0.025), ("N-PETHIDINE", 0.4),
        ("P-DIAZEPAM", 0.01), ("P-PHENOBARBITAL", 0.1), ("P-ALPRAZOLAM", 0.001),
    ];

    /// <summary>Populations (millions) rounded from the UN World Population Prospects 2024 for 2023; earlier years scaled back by the growth rate.</summary>
    private static readonly (string Country, double Millions, double Growth)[] Populations =
        [("AT", 9.13, 0.006), ("IN", 1428.6, 0.009), ("CO", 52.1, 0.007), ("KZ", 19.9, 0.012)];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (!await db.Parties.AnyAsync(ct) || await db.StatisticsSubmissions.AnyAsync(ct)) return;
        var now = clock.GetUtcNow();
        var last = now.Year - 1;
        var first = last - 6;
        var secretariat = Services(null);
        foreach (var (s, g) in DddDefaults)
            await secretariat.Utilization.SetDddAsync(new DddInput(s, g, "Demo value of the order of INCB's S-DDD (verify before use)"), ct);
        foreach (var (c, m, growth) in Populations)
            for (var y = first; y <= now.Year; y++)
                await secretariat.Utilization.SetPopulationAsync(new PopulationInput(c, y, (long)(m * 1_000_000 * Math.Pow(1 + growth, y - 2023)),
                    "UN World Population Prospects 2024 (rounded; demo)"), ct);

        // Yearly consumption in kg (morphine, codeine); estimates a little above, Colombia's morphine estimate far above.
        var consumption = new Dictionary<string, (double Morphine, double Codeine)>
        {
            ["AT"] = (950, 320), ["IN"] = (300, 30_000), ["CO"] = (30, 2_000), ["KZ"] = (10, 350),
        };
        for (var y = first; y <= last; y++)
        {
            var wobble = 1 + (y % 3 - 1) * 0.04;
            foreach (var (c, (m, k)) in consumption)
            {
                await secretariat.Estimates.SubmitAsync(new EstimateInput(c, "N-MORPHINE", y, (decimal)(c == "CO" ? 150_000 : m * 1000 * 1.3)), ct);
                await secretariat.Estimates.SubmitAsync(new EstimateInput(c, "N-CODEINE", y, (decimal)(k * 1000 * 1.2)), ct);
                var party = Services(c);
                var lines = new List<LineInput> { Balance("N-MORPHINE", m * wobble, c == "IN" ? m * 1.1 : 0), Balance("N-CODEINE", k * wobble, c == "IN" ? k * 1.05 : 0) };
                await SubmitAsync(party.Submissions, "C", y, null, lines, ct);
            }

            // Form A, first quarter: Austria's codeine exports to Germany and Kazakhstan's to Germany, steady until last year.
            var atCodeine = y == last ? 900 : 100 + (y % 4) * 6;
            await SubmitAsync(Services("AT").Submissions, "A", y, 1, [Trade("N-CODEINE", "Export", "DE", atCodeine), Trade("N-MORPHINE", "Import", "IN", 40)], ct);
            await SubmitAsync(Services("IN").Submissions, "A", y, 1, [Trade("N-MORPHINE", "Export", "AT", 40), Trade("N-CODEINE", "Export", "KZ", 60)], ct);
            var kz = new List<LineInput> { Trade("N-CODEINE", "Import", "IN", 60), Trade("N-CODEINE", "Export", "DE", 20 + (y % 2)) };
            if (y == last) kz.Add(Trade("N-CODEINE", "Export", "TJ", 45));
            await SubmitAsync(Services("KZ").Submissions, "A", y, 1, kz, ct);
        }

        // Last year, second quarter: India's morphine to Colombia (India reports 20 kg, Colombia 15 kg) and to Kazakhstan (above its estimate).
        await SubmitAsync(Services("IN").Submissions, "A", last, 2, [Trade("N-MORPHINE", "Export", "CO", 20), Trade("N-MORPHINE", "Export", "KZ", 200)], ct);
        await SubmitAsync(Services("CO").Submissions, "A", last, 2, [Trade("N-MORPHINE", "Import", "IN", 15)], ct);
        await SubmitAsync(Services("KZ").Submissions, "A", last, 2, [Trade("N-MORPHINE", "Import", "IN", 200)], ct);

        // Psychotropics (Form P) of last year for Austria, and a draft Form P of Colombia with a stock-balance error.
        await SubmitAsync(Services("AT").Submissions, "P", last, null,
        [
            new LineInput("Balance", "P-DIAZEPAM", "kg", OpeningStock: 120, Imports: 400, Consumption: 380, Exports: 20, ClosingStock: 120),
            new LineInput("Trade", "P-DIAZEPAM", "kg", "Import", "CH", 400), new LineInput("Trade", "P-DIAZEPAM", "kg", "Export", "CO", 20),
        ], ct);
        await Services("CO").Submissions.SaveAsync(new SubmissionInput("P", last, null,
        [
            new LineInput("Balance", "P-DIAZEPAM", "kg", OpeningStock: 30, Imports: 20, Consumption: 25, ClosingStock: 40),
            new LineInput("Trade", "P-DIAZEPAM", "kg", "Import", "AT", 20),
        ]), replaceExisting: true, ct: ct);

        // The Secretariat queries India and Colombia about the morphine figures.
        var checks = new CrossChecks(db, settings);
        var report = await checks.RunAsync(last, null, "CO", "N-MORPHINE", ct);
        if (report.Discrepancies.FirstOrDefault(d => d.Exporter == "IN") is { } d)
            await secretariat.Threads.OpenQueryAsync(new OpenThreadInput(d.Key, last, "Please check your figures for morphine between India and Colombia and tell us which is right."), ct);
    }

    private static LineInput Balance(string substance, double consumptionKg, double manufactureKg)
    {
        // Stocks of about half a year; imports make up what manufacture does not cover.
        var opening = Math.Round(consumptionKg * 0.5, 3);
        var imports = Math.Round(Math.Max(0, consumptionKg - manufactureKg) + 1, 3);
        var consumption = Math.Round(consumptionKg, 3);
        var exports = Math.Round(Math.Max(0, manufactureKg - consumptionKg), 3);
        var closing = Math.Round(opening + manufactureKg + imports - exports - consumption, 3);
        return new LineInput("Balance", substance, "kg", OpeningStock: (decimal)opening, Manufacture: (decimal)Math.Round(manufactureKg, 3), Imports: (decimal)imports,
            Exports: (decimal)exports, Consumption: (decimal)consumption, OtherUses: 0, ClosingStock: (decimal)closing);
    }

    private static LineInput Trade(string substance, string direction, string partner, double kg) =>
        new("Trade", substance, "kg", direction, partner, (decimal)kg);

    private static async Task SubmitAsync(SubmissionService service, string form, int year, int? quarter, List<LineInput> lines, CancellationToken ct)
    {
        var saved = await service.SaveAsync(new SubmissionInput(form, year, quarter, lines), replaceExisting: true, ct: ct);
        if (saved.Succeeded && saved.Value!.Problems.Count == 0) await service.SubmitAsync(saved.Value.Id, ct);
    }

    private (SubmissionService Submissions, UtilizationService Utilization, EstimateRegister Estimates, MonitoringThreads Threads) Services(string? party)
    {
        var actor = new DemoActor(party);
        var audit = new AuditLog(db, actor, clock);
        var notifier = new Notifier(db, clock);
        var checks = new CrossChecks(db, settings);
        return (new SubmissionService(db, actor, audit, notifier, settings, clock), new UtilizationService(db, actor, audit, settings),
            new EstimateRegister(db, actor, audit, notifier, clock),
            new MonitoringThreads(db, actor, audit, new PartyExchange(db, notifier, clock), notifier, checks, new TradePatternService(db, settings), clock));
    }

    private sealed class DemoActor(string? party) : ICurrentActor
    {
        public Guid? UserId => null;
        public string? UserName => party is null ? "demo (Secretariat)" : $"demo ({party})";
        public Guid? AuthorityId => null;
        public string? PartyCode => party;
        public string? IpAddress => null;
        public bool IsSecretariat => party is null;
        public bool IsInRole(string role) => false;
    }
}
