using System.Globalization;
using System.Text.Json;
using Cordon.Application.Audit;
using Cordon.Application.Authorizations;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Application.Notifications;
using Cordon.Domain.Common;
using Cordon.Domain.Identity;
using Cordon.Domain.Monitoring;
using Cordon.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Monitoring;

/// <summary>
/// Statistical submissions (Forms A, C, P and D): saved as drafts (possibly incomplete, every version kept), validated on
/// every save, and submitted when they have no problems. Submitting writes the pre-aggregated figures the cross-checks,
/// utilization and pattern rules read.
/// </summary>
public sealed class SubmissionService(CordonDbContext db, ICurrentActor actor, AuditLog audit, Notifier notifier, MonitoringSettings settings, TimeProvider clock)
{
    public const string RecordType = "StatisticsSubmission";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IQueryable<Submission> Visible()
    {
        var q = db.StatisticsSubmissions.AsQueryable();
        if (actor.PartyCode is { } party) return q.Where(s => s.CountryCode == party);
        return actor.IsSecretariat ? q : q.Where(_ => false);
    }

    public async Task<List<SubmissionSummary>> ListAsync(string? country, int? year, string? form, CancellationToken ct = default)
    {
        var q = Visible().AsNoTracking();
        if (country is { Length: 2 }) q = q.Where(s => s.CountryCode == country.ToUpperInvariant());
        if (year is { } y) q = q.Where(s => s.Year == y);
        if (EnumNames.TryParse<StatisticsForm>(form, true, out var f)) q = q.Where(s => s.Form == f);
        var rows = await q.OrderByDescending(s => s.Year).ThenBy(s => s.CountryCode).ThenBy(s => s.Form).ThenBy(s => s.Quarter).Take(2000).ToListAsync(ct);
        return rows.Select(s => new SubmissionSummary(s.Id, s.Form, s.CountryCode, s.Year, s.Quarter, s.Status, s.VersionNumber, s.ProblemCount, s.UpdatedAt, s.SubmittedAt)).ToList();
    }

    public async Task<SubmissionView?> GetAsync(Guid id, CancellationToken ct = default)
    {
        var s = await Visible().AsNoTracking().Include(x => x.Lines).FirstOrDefaultAsync(x => x.Id == id, ct);
        return s is null ? null : View(s);
    }

    public async Task<SubmissionView?> FindAsync(StatisticsForm form, int year, int quarter, CancellationToken ct = default)
    {
        if (actor.PartyCode is not { } party) return null;
        var s = await db.StatisticsSubmissions.AsNoTracking().Include(x => x.Lines)
            .FirstOrDefaultAsync(x => x.CountryCode == party && x.Form == form && x.Year == year && x.Quarter == quarter, ct);
        return s is null ? null : View(s);
    }

    public async Task<List<VersionView>?> VersionsAsync(Guid id, CancellationToken ct = default)
    {
        if (!await Visible().AnyAsync(s => s.Id == id, ct)) return null;
        var rows = await db.StatisticsVersions.AsNoTracking().Where(v => v.SubmissionId == id).OrderByDescending(v => v.Number).ToListAsync(ct);
        return rows.Select(v => new VersionView(v.Number, v.Status, v.ProblemCount, v.SavedBy, v.SavedAt,
            JsonSerializer.Deserialize<List<LineView>>(v.LinesJson, Json) ?? [])).ToList();
    }

    internal static SubmissionView View(Submission s) => new(s.Id, s.Form, s.CountryCode, s.Year, s.Quarter, s.Status, s.VersionNumber,
        ReportingCalendar.Deadline(s.Form, s.Year, Math.Max(1, s.Quarter)), s.UpdatedAt, s.SubmittedAt, s.SubmittedBy, s.Version,
        s.Lines.OrderBy(l => l.LineNumber).Select(LineOf).ToList(),
        JsonSerializer.Deserialize<List<ProblemView>>(s.ProblemsJson, Json) ?? []);

    private static LineView LineOf(SubmissionLine l) => new(l.LineNumber, l.Section, l.SubstanceCode, l.Unit, l.Direction, l.PartnerCountry, l.Quantity,
        l.OpeningStock, l.Production, l.Manufacture, l.Imports, l.Exports, l.Consumption, l.OtherUses, l.ClosingStock);

    /// <summary>Checks the period given by a Party for itself.</summary>
    internal static Errors CheckPeriod(string? formText, int? year, int? quarter, out StatisticsForm form)
    {
        var errors = new Errors();
        if (!EnumNames.TryParse(formText?.Trim(), true, out form)) errors.Add("form", "The form is A, C, P or D.");
        else if (StatisticsRules.IsQuarterly(form) && quarter is not (>= 1 and <= 4)) errors.Add("quarter", "Form A is quarterly: give a quarter from 1 to 4.");
        else if (!StatisticsRules.IsQuarterly(form) && quarter is not (null or 0)) errors.Add("quarter", "This form is annual: leave the quarter out.");
        if (year is not (>= 2000 and <= 2100)) errors.Add("year", "Give a year between 2000 and 2100.");
        return errors;
    }

    /// <summary>Creates the Party's submission for a period; if it exists already, saves a new version of it (when allowed).</summary>
    public async Task<Outcome<SubmissionView>> SaveAsync(SubmissionInput input, bool replaceExisting, IReadOnlyList<LineProblem>? readProblems = null, CancellationToken ct = default)
    {
        if (actor.PartyCode is not { } party) return Outcome<SubmissionView>.Forbidden("Submissions are made by a Party's authority.");
        var errors = CheckPeriod(input.Form, input.Year, input.Quarter, out var form);
        if (input.Lines is null) errors.Add("lines", "Give the lines (an empty list is allowed for a draft).");
        else if (input.Lines.Count > 20_000) errors.Add("lines", "At most 20,000 lines.");
        if (errors.Count > 0) return Outcome<SubmissionView>.Invalid("The submission is not valid.", errors.Dictionary);
        var year = input.Year!.Value;
        var quarter = StatisticsRules.IsQuarterly(form) ? input.Quarter!.Value : 0;
        var existing = await db.StatisticsSubmissions.Include(s => s.Lines)
            .FirstOrDefaultAsync(s => s.CountryCode == party && s.Form == form && s.Year == year && s.Quarter == quarter, ct);
        if (existing is not null && !replaceExisting)
            return Outcome<SubmissionView>.Conflict($"A submission for this period exists already ({existing.Id}); save a new version of it with PUT.");
        return await WriteAsync(existing, party, form, year, quarter, input.Lines!, null, readProblems, ct);
    }

    /// <summary>Saves a new version of an existing submission (the caller's ETag must match).</summary>
    public async Task<Outcome<SubmissionView>> UpdateAsync(Guid id, List<LineInput>? lines, long? expectedVersion, IReadOnlyList<LineProblem>? readProblems = null, CancellationToken ct = default)
    {
        var s = await Visible().Include(x => x.Lines).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null) return Outcome<SubmissionView>.NotFound("No such submission.");
        if (actor.PartyCode != s.CountryCode) return Outcome<SubmissionView>.Forbidden("Only the Party's authority changes its submission.");
        if (lines is null) return Outcome<SubmissionView>.Invalid("Give the lines.", new Dictionary<string, string[]> { ["lines"] = ["Give the lines."] });
        if (lines.Count > 20_000) return Outcome<SubmissionView>.Invalid("At most 20,000 lines.");
        return await WriteAsync(s, s.CountryCode, s.Form, s.Year, s.Quarter, lines, expectedVersion, readProblems, ct);
    }

    private async Task<Outcome<SubmissionView>> WriteAsync(Submission? s, string party, StatisticsForm form, int year, int quarter, List<LineInput> input,
        long? expectedVersion, IReadOnlyList<LineProblem>? readProblems, CancellationToken ct)
    {
        if (expectedVersion is { } v && s is not null && s.Version != v)
            return Outcome<SubmissionView>.PreconditionFailed("The submission changed since you read it; read it again and reapply your change.");
        var (lines, parseProblems) = Parse(form, input);
        var problems = parseProblems.Concat(readProblems ?? []).Concat(StatisticsRules.Validate(form, lines, await ContextAsync(party, ct)))
            .OrderBy(p => p.Line).ToList();
        var now = clock.GetUtcNow();
        await using var tx = await db.BeginWriteAsync(ct);
        if (s is null)
        {
            s = new Submission { Id = Guid.CreateVersion7(now), Form = form, CountryCode = party, Year = year, Quarter = quarter, CreatedAt = now, Status = SubmissionStatus.Draft };
            db.StatisticsSubmissions.Add(s);
        }
        else
        {
            db.StatisticsLines.RemoveRange(s.Lines);
            s.Lines.Clear();
        }
        foreach (var l in lines) s.Lines.Add(l);
        s.Status = SubmissionStatus.Draft;
        s.VersionNumber++;
        s.ProblemCount = problems.Count;
        s.ProblemsJson = JsonSerializer.Serialize(problems.Select(p => new ProblemView(p.Line, p.Field, p.Code, p.Message, p.Args)), Json);
        s.UpdatedAt = now;
        s.Version++;
        db.StatisticsVersions.Add(new SubmissionVersion
        {
            SubmissionId = s.Id, Number = s.VersionNumber, Status = SubmissionStatus.Draft, ProblemCount = problems.Count, SavedBy = actor.UserName ?? party,
            SavedAt = now, LinesJson = JsonSerializer.Serialize(lines.Select(LineOf), Json),
        });
        await audit.RecordAsync("monitoring.saved", RecordType, s.Id.ToString(), new { s.Id, s.Form, s.CountryCode, s.Year, s.Quarter, s.VersionNumber, Lines = lines.Count, Problems = problems.Count },
            string.Create(CultureInfo.InvariantCulture, $"Form {form} {party} {Period(year, quarter)} v{s.VersionNumber}: {lines.Count} lines, {problems.Count} problems"), [party], ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<SubmissionView>.PreconditionFailed("The submission changed meanwhile; read it again.");
        }
        await tx.CommitAsync(ct);
        return Outcome<SubmissionView>.Ok(View(s));
    }

    public static string Period(int year, int quarter) => quarter == 0 ? year.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{year}-Q{quarter}");

    /// <summary>Submits the current version: refused with every problem while there are any; audited; the figures then count.</summary>
    public async Task<Outcome<SubmissionView>> SubmitAsync(Guid id, CancellationToken ct = default)
    {
        var s = await Visible().Include(x => x.Lines).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null) return Outcome<SubmissionView>.NotFound("No such submission.");
        if (actor.PartyCode != s.CountryCode) return Outcome<SubmissionView>.Forbidden("Only the Party's authority submits its statistics.");
        var problems = StatisticsRules.Validate(s.Form, s.Lines.OrderBy(l => l.LineNumber).ToList(), await ContextAsync(s.CountryCode, ct));
        if (problems.Count > 0 || s.ProblemCount > 0)
        {
            var errors = View(s).Problems.Select(p => (Key: $"line {p.Line.ToString(CultureInfo.InvariantCulture)}", p.Message))
                .Concat(problems.Select(p => (Key: $"line {p.Line.ToString(CultureInfo.InvariantCulture)}", p.Message)))
                .GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Select(x => x.Message).Distinct().ToArray());
            return Outcome<SubmissionView>.Invalid("The submission has problems; correct them and submit again.", errors);
        }
        if (s.Status == SubmissionStatus.Submitted) return Outcome<SubmissionView>.Ok(View(s));
        var now = clock.GetUtcNow();
        await using var tx = await db.BeginWriteAsync(ct);
        s.Status = SubmissionStatus.Submitted;
        s.SubmittedAt = now;
        s.SubmittedBy = actor.UserName ?? s.CountryCode;
        s.Version++;
        var version = await db.StatisticsVersions.FirstAsync(v => v.SubmissionId == s.Id && v.Number == s.VersionNumber, ct);
        version.Status = SubmissionStatus.Submitted;
        version.SubmittedAt = now;
        await db.SaveChangesAsync(ct);
        await WriteFiguresAsync(s, ct);
        await audit.RecordAsync("monitoring.submitted", RecordType, s.Id.ToString(), new { s.Id, s.Form, s.CountryCode, s.Year, s.Quarter, s.VersionNumber, Lines = s.Lines.Count },
            string.Create(CultureInfo.InvariantCulture, $"Form {s.Form} {s.CountryCode} {Period(s.Year, s.Quarter)} submitted (v{s.VersionNumber})"), [s.CountryCode], ct);
        await notifier.NotifyPartiesAsync([], "Monitoring.View", "Notification.MonitoringSubmitted", [s.CountryCode, s.Form.ToString(), Period(s.Year, s.Quarter)],
            $"/Monitoring/Submission/{s.Id}", includeSecretariat: true, email: false, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<SubmissionView>.Ok(View(s));
    }

    /// <summary>Replaces the pre-aggregated figures of this submission (trade per route, yearly balance per substance), in grams.</summary>
    private async Task WriteFiguresAsync(Submission s, CancellationToken ct)
    {
        await db.TradeFigures.Where(t => t.SubmissionId == s.Id).ExecuteDeleteAsync(ct);
        foreach (var g in s.Lines.Where(l => l.Section == LineSection.Trade && l.Direction is not null && l.PartnerCountry is not null)
                     .GroupBy(l => (l.PartnerCountry!, l.SubstanceCode, l.Direction!.Value)))
            db.TradeFigures.Add(new TradeFigure
            {
                SubmissionId = s.Id, Form = s.Form, ReporterCountry = s.CountryCode, PartnerCountry = g.Key.Item1, SubstanceCode = g.Key.SubstanceCode,
                Year = s.Year, Quarter = s.Quarter, Direction = g.Key.Item3, Grams = (double)g.Sum(l => StatisticsRules.Grams(l.Quantity, l.Unit, l.SubstanceCode)),
            });
        var balances = s.Lines.Where(l => l.Section == LineSection.Balance).ToList();
        if (balances.Count > 0)
        {
            await db.YearlyTotals.Where(t => t.CountryCode == s.CountryCode && t.Year == s.Year && t.Form == s.Form).ExecuteDeleteAsync(ct);
            foreach (var l in balances)
            {
                double G(decimal? v) => (double)StatisticsRules.Grams(v ?? 0, l.Unit);
                db.YearlyTotals.Add(new YearlyTotal
                {
                    SubmissionId = s.Id, Form = s.Form, CountryCode = s.CountryCode, SubstanceCode = l.SubstanceCode, Year = s.Year,
                    OpeningStock = G(l.OpeningStock), Production = G(l.Production), Manufacture = G(l.Manufacture), Imports = G(l.Imports), Exports = G(l.Exports),
                    Consumption = G(l.Consumption), OtherUses = G(l.OtherUses), ClosingStock = G(l.ClosingStock),
                });
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task<ValidationContext> ContextAsync(string party, CancellationToken ct)
    {
        var substances = await db.Substances.AsNoTracking().Where(s => s.IsActive).Select(s => new { s.Code, s.Kind }).ToDictionaryAsync(s => s.Code, s => s.Kind, ct);
        var countries = (await db.Countries.AsNoTracking().Select(c => c.Alpha2).ToListAsync(ct)).ToHashSet();
        return new ValidationContext(party, substances, countries, settings.Balance);
    }

    /// <summary>Turns input lines into entity lines; problems of their own for what cannot be read at all.</summary>
    internal static (List<SubmissionLine> Lines, List<LineProblem> Problems) Parse(StatisticsForm form, IReadOnlyList<LineInput> input)
    {
        var lines = new List<SubmissionLine>();
        var problems = new List<LineProblem>();
        var sections = StatisticsRules.SectionsOf(form);
        for (var i = 0; i < input.Count; i++)
        {
            var x = input[i];
            var n = x.LineNumber is > 0 and < 1_000_000 ? x.LineNumber.Value : i + 1;
            LineSection section;
            if (string.IsNullOrWhiteSpace(x.Section)) section = sections[0];
            else if (!EnumNames.TryParse(x.Section.Trim(), true, out section))
            {
                problems.Add(new(n, "section", "Monitoring.Problem.Section", [form.ToString(), Trim(x.Section, 20)]));
                section = sections[0];
            }
            TradeDirection? direction = x.Direction?.Trim().ToUpperInvariant() switch
            {
                "IMPORT" or "I" or "IMPORTS" => TradeDirection.Import,
                "EXPORT" or "E" or "EXPORTS" => TradeDirection.Export,
                _ => null,
            };
            var unit = UnitOfMeasure.Find(x.Unit)?.Code ?? Trim(x.Unit, 16);
            lines.Add(new SubmissionLine
            {
                LineNumber = n, Section = section, SubstanceCode = Trim(x.Substance?.ToUpperInvariant(), 100), Unit = unit, Direction = section == LineSection.Trade ? direction : null,
                PartnerCountry = section == LineSection.Trade ? Trim(x.Partner?.ToUpperInvariant(), 16) : null,
                Quantity = x.Quantity, OpeningStock = x.OpeningStock, Production = x.Production, Manufacture = x.Manufacture, Imports = x.Imports, Exports = x.Exports,
                Consumption = x.Consumption, OtherUses = x.OtherUses, ClosingStock = x.ClosingStock,
            });
        }
        return (lines, problems);
    }

    private static string Trim(string? v, int max)
    {
        var t = v?.Trim() ?? "";
        return t.Length > max ? t[..max] : t;
    }

    /// <summary>Who has and has not reported for a year: every Monitoring Party × every form and period (a Party sees its own row).</summary>
    public async Task<ReportingStatus> ReportingAsync(int year, string language, CancellationToken ct = default)
    {
        var partiesQ = db.PartyModuleMemberships.AsNoTracking().Where(m => m.Module == CordonModule.Monitoring && m.LeftAt == null).Select(m => m.PartyCode);
        if (actor.PartyCode is { } own) partiesQ = partiesQ.Where(p => p == own);
        else if (!actor.IsSecretariat) partiesQ = partiesQ.Where(_ => false);
        var parties = await partiesQ.Distinct().OrderBy(p => p).ToListAsync(ct);
        var subs = await db.StatisticsSubmissions.AsNoTracking().Where(s => s.Year == year && parties.Contains(s.CountryCode))
            .Select(s => new { s.Id, s.CountryCode, s.Form, s.Quarter, s.Status, s.SubmittedAt }).ToListAsync(ct);
        var names = await db.Countries.AsNoTracking().Where(c => parties.Contains(c.Alpha2)).ToListAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var rows = new List<ReportingRow>();
        var submitted = 0;
        var expected = 0;
        foreach (var p in parties)
        {
            var cells = new List<ReportingCell>();
            foreach (var form in Enum.GetValues<StatisticsForm>())
                foreach (var q in ReportingCalendar.Quarters(form))
                {
                    var s = subs.FirstOrDefault(x => x.CountryCode == p && x.Form == form && x.Quarter == q);
                    var deadline = ReportingCalendar.Deadline(form, year, Math.Max(1, q));
                    var state = s?.SubmittedAt is not null ? ReportingState.Submitted
                        : deadline < today ? ReportingState.Overdue
                        : s is null ? ReportingState.NotStarted : ReportingState.Draft;
                    cells.Add(new ReportingCell(form, q, deadline, state, s?.Id, s?.SubmittedAt));
                    expected++;
                    if (state == ReportingState.Submitted) submitted++;
                }
            rows.Add(new ReportingRow(p, names.FirstOrDefault(c => c.Alpha2 == p)?.NameIn(language) ?? p, cells, cells.Count(c => c.State != ReportingState.Submitted)));
        }
        return new ReportingStatus(year, rows, submitted, expected);
    }
}
