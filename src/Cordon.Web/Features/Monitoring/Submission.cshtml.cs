using System.Globalization;
using Cordon.Application.Common;
using Cordon.Application.Monitoring;
using Cordon.Domain.Common;
using Cordon.Domain.Monitoring;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Cordon.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Monitoring;

/// <summary>One form of one period: the lines as a web form, Excel download and upload, problems on their lines, versions, submit.</summary>
[Authorize(Policy = MonitoringPolicies.View)]
public sealed class SubmissionModel(SubmissionService submissions, IAuthorizationService authorization, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>A line of the web form: text as typed, read with the invariant culture whatever the page's language.</summary>
    public sealed class LineRow
    {
        public string? Section { get; set; }
        public string? Substance { get; set; }
        public string? Unit { get; set; }
        public string? Direction { get; set; }
        public string? Partner { get; set; }
        public string? Quantity { get; set; }
        public string? OpeningStock { get; set; }
        public string? Production { get; set; }
        public string? Manufacture { get; set; }
        public string? Imports { get; set; }
        public string? Exports { get; set; }
        public string? Consumption { get; set; }
        public string? OtherUses { get; set; }
        public string? ClosingStock { get; set; }

        public string? this[string column] => column switch
        {
            "section" => Section, "substance" => Substance, "unit" => Unit, "direction" => Direction, "partner" => Partner, "quantity" => Quantity,
            "openingStock" => OpeningStock, "production" => Production, "manufacture" => Manufacture, "imports" => Imports, "exports" => Exports,
            "consumption" => Consumption, "otherUses" => OtherUses, "closingStock" => ClosingStock, _ => null,
        };

        public static LineRow Of(LineView v)
        {
            static string? N(decimal? d) => d?.ToString("0.######", CultureInfo.InvariantCulture);
            return new LineRow
            {
                Section = v.Section.ToString(), Substance = v.Substance, Unit = v.Unit, Direction = v.Direction?.ToString(), Partner = v.Partner, Quantity = N(v.Quantity),
                OpeningStock = N(v.OpeningStock), Production = N(v.Production), Manufacture = N(v.Manufacture), Imports = N(v.Imports), Exports = N(v.Exports),
                Consumption = N(v.Consumption), OtherUses = N(v.OtherUses), ClosingStock = N(v.ClosingStock),
            };
        }

        public bool IsBlank => new[] { Substance, Quantity, OpeningStock, ClosingStock, Partner }.All(string.IsNullOrWhiteSpace);
    }

    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Form { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public int? Quarter { get; set; }
    [BindProperty] public List<LineRow> Lines { get; set; } = [];
    [BindProperty] public long? Version { get; set; }
    [BindProperty] public IFormFile? Workbook { get; set; }
    [BindProperty] public bool SubmitIfClean { get; set; } = true;

    public SubmissionView? Current { get; private set; }
    public StatisticsForm FormKind { get; private set; }
    public IReadOnlyList<VersionView> Versions { get; private set; } = [];
    public bool MaySubmit { get; private set; }
    public IReadOnlyList<ProblemView> Problems => Current?.Problems ?? [];
    public IReadOnlyList<string> Columns => StatisticsExcel.Columns(FormKind);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => await SaveAsync(false, ct);

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) => await SaveAsync(true, ct);

    public async Task<IActionResult> OnPostUploadAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, MonitoringPolicies.Submit)).Succeeded) return Forbid();
        if (!await LoadAsync(ct)) return NotFound();
        var table = await TabularHttp.ReadAsync(Workbook, "Lines", ct);
        if (!table.Succeeded)
        {
            ModelState.AddOutcome(table, l);
            return Page();
        }
        var outcome = await MonitoringEndpoints.UploadAsync(submissions, FormKind, Current?.Year ?? Year, Current?.Quarter ?? Quarter, SubmitIfClean, table.Value!, ct);
        return await AfterAsync(outcome, ct);
    }

    private async Task<IActionResult> SaveAsync(bool submit, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, MonitoringPolicies.Submit)).Succeeded) return Forbid();
        if (!await LoadAsync(ct)) return NotFound();
        var numberProblems = new List<LineProblem>();
        var inputs = new List<LineInput>();
        var n = 0;
        foreach (var row in Lines)
        {
            if (row.IsBlank) continue;
            n++;
            decimal? D(string column)
            {
                var t = row[column]?.Trim();
                if (string.IsNullOrEmpty(t)) return null;
                if (decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) return d;
                numberProblems.Add(new LineProblem(n, column, "Monitoring.Problem.Number", [t.Length > 30 ? t[..30] : t, column]));
                return null;
            }
            inputs.Add(new LineInput(row.Section, row.Substance, row.Unit, row.Direction, row.Partner, D("quantity"), D("openingStock"), D("production"), D("manufacture"),
                D("imports"), D("exports"), D("consumption"), D("otherUses"), D("closingStock"), n));
        }
        var saved = Current is { } cur
            ? await submissions.UpdateAsync(cur.Id, inputs, Version, numberProblems, ct)
            : await submissions.SaveAsync(new SubmissionInput(FormKind.ToString(), Year, Quarter, inputs), replaceExisting: true, numberProblems, ct);
        if (!saved.Succeeded || !submit || saved.Value!.Problems.Count > 0 || numberProblems.Count > 0) return await AfterAsync(saved, ct);
        return await AfterAsync(await submissions.SubmitAsync(saved.Value.Id, ct), ct);
    }

    private async Task<IActionResult> AfterAsync(Outcome<SubmissionView> outcome, CancellationToken ct)
    {
        if (outcome.Failure is Failure.NotFound) return NotFound();
        if (outcome.Failure is Failure.Forbidden) return Forbid();
        if (!outcome.Succeeded)
        {
            ModelState.AddOutcome(outcome, l);
            await LoadAsync(ct);
            return Page();
        }
        var v = outcome.Value!;
        TempData["Message"] = v.Status == SubmissionStatus.Submitted ? l["The submission was accepted and submitted."].Value
            : v.Problems.Count > 0 ? l["Saved as a draft with {0} problems: correct them on their lines.", v.Problems.Count].Value
            : l["Saved as a draft without problems: submit it when ready."].Value;
        return Redirect($"/Monitoring/Submission?id={v.Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        MaySubmit = (await authorization.AuthorizeAsync(User, MonitoringPolicies.Submit)).Succeeded;
        if (Id is { } id)
        {
            Current = await submissions.GetAsync(id, ct);
            if (Current is null) return false;
        }
        else
        {
            if (!EnumNames.TryParse<StatisticsForm>(Form, true, out var f) || Year is not (>= 2000 and <= 2100)) return false;
            var quarter = StatisticsRules.IsQuarterly(f) ? Quarter : 0;
            if (StatisticsRules.IsQuarterly(f) && quarter is not (>= 1 and <= 4)) return false;
            Quarter = quarter;
            Current = await submissions.FindAsync(f, Year.Value, quarter!.Value, ct);
            FormKind = f;
        }
        if (Current is not null)
        {
            FormKind = Current.Form;
            Year = Current.Year;
            Quarter = Current.Quarter;
            Versions = await submissions.VersionsAsync(Current.Id, ct) ?? [];
            MaySubmit &= User.PartyCode() == Current.CountryCode;
        }
        if (Request.Method == "GET" || Lines.Count == 0)
            Lines = (Current?.Lines ?? []).Select(LineRow.Of).ToList();
        while (Lines.Count(r => r.IsBlank) < 3) Lines.Add(new LineRow());
        return true;
    }
}
