using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.PreExport;
using Cordon.Domain.Identity;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.PreExport;

[Authorize(Policy = PreExportPolicies.View)]
public sealed class RegisterModel(PreExportRegister register, CordonDbContext db, IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<InvocationView> Invocations { get; private set; } = [];
    public IReadOnlyList<RequirementView> Requirements { get; private set; } = [];
    public Dictionary<string, string> Countries { get; private set; } = [];

    [BindProperty] public string? CountryCode { get; set; }
    [BindProperty] public bool TableI { get; set; }
    [BindProperty] public bool TableII { get; set; }
    [BindProperty] public string? NamedSubstances { get; set; }
    [BindProperty] public DateOnly? Since { get; set; }
    [BindProperty] public string? Substance { get; set; }
    [BindProperty] public int? Year { get; set; }
    [BindProperty] public decimal? Kilograms { get; set; }

    public bool MayEdit => User.IsInRole(CordonRoles.SecretariatAdministrator);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostInvocationAsync(CancellationToken ct)
    {
        if (!MayEdit) return Forbid();
        var named = (NamedSubstances ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return await DoneAsync(await register.RecordInvocationAsync(new InvocationInput(CountryCode, TableI, TableII, named, Since), ct), "The invocation was recorded.", ct);
    }

    public async Task<IActionResult> OnPostRequirementAsync(CancellationToken ct)
    {
        if (!MayEdit) return Forbid();
        return await DoneAsync(await register.SetRequirementAsync(new RequirementInput(CountryCode, Substance, Year, Kilograms), ct), "The requirement was recorded.", ct);
    }

    private async Task<IActionResult> DoneAsync<T>(Outcome<T> outcome, string done, CancellationToken ct)
    {
        if (!outcome.Succeeded)
        {
            ModelState.AddOutcome(outcome, l);
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = l[done].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Invocations = await register.InvocationsAsync(ct);
        Requirements = await register.RequirementsAsync(null, ct);
        Countries = await PreExportPolicies.CountryNamesAsync(db, Invocations.Select(i => i.CountryCode).Concat(Requirements.Select(r => r.CountryCode)), ct);
    }
}
