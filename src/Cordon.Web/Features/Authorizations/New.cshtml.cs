using Cordon.Application.Authorizations;
using Cordon.Application.Data;
using Cordon.Domain.Reference;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Authorizations;

[Authorize(Policy = AuthorizationPolicies.Submit)]
public sealed class NewModel(AuthorizationService service, CordonDbContext db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        public string? Number { get; set; }
        public string? ExportingCountry { get; set; }
        public string? ImportingCountry { get; set; }
        public DateOnly? ValidUntil { get; set; }
        public string? ImporterName { get; set; }
        public string? ImporterAddress { get; set; }
        public string? ExporterName { get; set; }
        public string? ExporterAddress { get; set; }
        public string? Substance { get; set; }
        public string? Preparation { get; set; }
        public string? PharmaceuticalForm { get; set; }
        public decimal? Quantity { get; set; }
        public string? Unit { get; set; } = "g";
        public decimal? PureBaseGrams { get; set; }
        public string? PointOfEntry { get; set; }
        public string? Purpose { get; set; }
        public bool SeveralConsignments { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<ControlledSubstance> Substances { get; private set; } = [];
    public IReadOnlyList<Country> Countries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var i = Input;
        var outcome = await service.IssueImportAsync(new ImportAuthorizationInput(i.Number, i.ExportingCountry, null, i.ValidUntil, i.ImporterName, i.ImporterAddress,
            i.ExporterName, i.ExporterAddress, i.Substance, i.Preparation, i.PharmaceuticalForm, i.Quantity, i.Unit, i.PureBaseGrams, i.PointOfEntry, i.Purpose,
            i.SeveralConsignments, null, false, string.IsNullOrWhiteSpace(i.ImportingCountry) ? null : i.ImportingCountry), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddOutcome(outcome, l, "The import authorization is not complete or not valid.");
            await LoadAsync(ct);
            return Page();
        }
        var issued = outcome.Value!.Authorization;
        TempData["Message"] = (issued.Status == Domain.Authorizations.AuthorizationStatus.Draft
            ? l["Kept as a draft: see the estimate check below."] : l["The import authorization was issued and transmitted."]).Value;
        return Redirect($"/Authorizations/Details?id={issued.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Substances = await db.Substances.AsNoTracking()
            .Where(s => s.IsActive && (s.Kind == SubstanceKind.NarcoticDrug || s.Kind == SubstanceKind.PsychotropicSubstance))
            .OrderBy(s => s.Kind).ThenBy(s => s.Name).ToListAsync(ct);
        Countries = await db.Countries.AsNoTracking().OrderBy(c => c.Alpha2).ToListAsync(ct);
    }
}
