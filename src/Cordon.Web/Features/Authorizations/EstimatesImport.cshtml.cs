using Cordon.Application.Authorizations;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Authorizations;

/// <summary>The Secretariat uploads estimates and assessments as CSV (all or nothing), through the same import as the API.</summary>
[Authorize(Policy = Policies.SecretariatAdministrator)]
public sealed class EstimatesImportModel(EstimateRegister register, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public IFormFile? Upload { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is not { Length: > 0 })
        {
            ModelState.AddModelError("", l["Choose a CSV file."]);
            return Page();
        }
        using var reader = new StreamReader(Upload.OpenReadStream());
        var outcome = await register.ImportAsync(reader, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddOutcome(outcome, l, "Nothing was imported: correct these lines and import the file again.");
            return Page();
        }
        TempData["Message"] = l["{0} version(s) were recorded.", outcome.Value!.Count].Value;
        return Redirect("/Authorizations/Estimates");
    }
}
