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
        var table = await TabularHttp.ReadAsync(Upload, ct: ct);
        if (!table.Succeeded)
        {
            ModelState.AddOutcome(table, l);
            return Page();
        }
        var outcome = await register.ImportAsync(table.Value!, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddOutcome(outcome, l, "Nothing was imported: correct these lines and import the file again.");
            return Page();
        }
        TempData["Message"] = l["{0} version(s) were recorded.", outcome.Value!.Count].Value;
        return Redirect("/Authorizations/Estimates");
    }
}
