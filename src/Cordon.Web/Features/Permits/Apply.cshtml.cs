using Cordon.Application.Data;
using Cordon.Application.Permits;
using Cordon.Domain.Permits;
using Cordon.Domain.Reference;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Permits;

/// <summary>
/// An application for a CITES permit or certificate with one or more specimen lines. Works without JavaScript: "Add a line" and
/// "Search the species reference" post the form back and show it again with what was typed.
/// </summary>
[Authorize(Policy = PermitsPolicies.Submit)]
public sealed class ApplyModel(PermitsService permits, SpeciesReference species, CordonDbContext db, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int InitialLines = 2;

    public sealed class LineInput
    {
        public string? ScientificName { get; set; }
        public string? Source { get; set; }
        public string? Description { get; set; }
        public decimal? Quantity { get; set; }
        public string? Unit { get; set; } = "NO";
    }

    public sealed class InputModel
    {
        public PermitType Type { get; set; } = PermitType.Export;
        public string? ExportingCountry { get; set; }
        public string? ImportingCountry { get; set; }
        public string? ExporterName { get; set; }
        public string? ExporterAddress { get; set; }
        public string? ImporterName { get; set; }
        public string? ImporterAddress { get; set; }
        public string? CountryOfOrigin { get; set; }
        public string? Purpose { get; set; } = "T";
        public string? OriginalPermitNumber { get; set; }
        public string? SpecialConditions { get; set; }
        public List<LineInput> Lines { get; set; } = [];
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty]
    public string? Search { get; set; }

    public IReadOnlyList<Country> Countries { get; private set; } = [];
    public IReadOnlyList<TaxonView> Taxa { get; private set; } = [];
    public IReadOnlyList<TaxonView>? Found { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.Lines = Enumerable.Range(0, InitialLines).Select(_ => new LineInput()).ToList();
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAddLineAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (Input.Lines.Count < PermitsService.MaxLines) Input.Lines.Add(new LineInput());
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSearchAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (Input.Lines.Count == 0) Input.Lines.Add(new LineInput());
        Found = string.IsNullOrWhiteSpace(Search) ? [] : (await species.ListAsync(Search.Trim(), ct)).Take(50).ToList();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var i = Input;
        // Empty rows of the form are not lines.
        var lines = i.Lines.Where(x => !string.IsNullOrWhiteSpace(x.ScientificName) || !string.IsNullOrWhiteSpace(x.Description) || x.Quantity is not null)
            .Select(x => new PermitLineInput(x.ScientificName, x.Description, x.Quantity, x.Unit, x.Source)).ToList();
        if (lines.Count == 0) lines.Add(new PermitLineInput(null, null, null, null));
        var outcome = await permits.ApplyAsync(new PermitApplication(i.Type, Blank(i.ExportingCountry), Blank(i.ImportingCountry), i.ExporterName, i.ExporterAddress,
            i.ImporterName, i.ImporterAddress, Blank(i.CountryOfOrigin), i.Purpose, null, null, null, null, null, Blank(i.OriginalPermitNumber), Blank(i.SpecialConditions), lines), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddOutcome(outcome, l, "The application is not complete or not valid.");
            if (Input.Lines.Count == 0) Input.Lines.Add(new LineInput());
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = l["The application {0} was recorded.", outcome.Value!.Number].Value;
        return Redirect(PermitsService.Link(outcome.Value.Id));
    }

    private static string? Blank(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();

    private async Task LoadAsync(CancellationToken ct)
    {
        Countries = await db.Countries.AsNoTracking().OrderBy(c => c.Alpha2).ToListAsync(ct);
        Taxa = await species.ListAsync(null, ct);
    }
}
