using System.Globalization;
using Cordon.Application.Authorizations;
using Cordon.Application.Common;
using Cordon.Application.Reference;
using Cordon.Application.Data;
using Cordon.Domain.Reference;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Authorizations;

/// <summary>
/// Estimates and assessments: the Secretariat records them and decides on proposals; a Party's authority sees its own and
/// proposes changes. Quantities are entered in the base, a salt or a preparation and shown in grams of anhydrous base.
/// </summary>
[Authorize(Policy = AuthorizationPolicies.View)]
public sealed class EstimatesModel(EstimateRegister register, CordonDbContext db, IAuthorizationService authorization, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        public string? CountryCode { get; set; }
        public string? Substance { get; set; }
        public int? Year { get; set; }
        public string? Preparation { get; set; }
        public decimal? Quantity { get; set; }
        public string? Unit { get; set; } = "kg";
        public decimal? BaseFactor { get; set; }
        public bool Supplementary { get; set; }
        public string? Note { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Party { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty] public Guid ProposalId { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public IReadOnlyList<EstimateView> InForce { get; private set; } = [];
    public IReadOnlyList<EstimateView> Pending { get; private set; } = [];
    public IReadOnlyList<ControlledSubstance> Substances { get; private set; } = [];
    public IReadOnlyList<string> Countries { get; private set; } = [];
    public bool IsSecretariat { get; private set; }
    public bool MayRecord { get; private set; }
    public bool MayPropose { get; private set; }
    public int ShownYear { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Records (Secretariat administrator) or proposes (a Party's authority): the register decides by the caller.</summary>
    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken ct)
    {
        await RightsAsync();
        if (!MayRecord && !MayPropose) return Forbid();
        var i = Input;
        var outcome = await register.SubmitAsync(new EstimateInput(MayRecord ? i.CountryCode : null, i.Substance, i.Year, null, i.Supplementary, i.Note,
            i.Preparation, i.Quantity, i.Unit, i.BaseFactor), ct);
        if (!outcome.Succeeded)
        {
            if (outcome.Failure == Failure.Forbidden) return Forbid();
            ModelState.AddOutcome(outcome, l, "The estimate is not valid.");
            await LoadAsync(ct);
            return Page();
        }
        var e = outcome.Value!;
        TempData["Message"] = (e.Status == Domain.Authorizations.EstimateStatus.Proposed
            ? l["Proposed: {0} {1} {2} = {3} g of anhydrous base (factor {4}). The Secretariat confirms or rejects it.", G(e.EnteredQuantity ?? e.Grams), e.EnteredUnit ?? "g", e.Preparation ?? e.SubstanceName, G(e.Grams), G(e.BaseFactor)]
            : l["Recorded: {0} {1} {2} = {3} g of anhydrous base (factor {4}).", G(e.EnteredQuantity ?? e.Grams), e.EnteredUnit ?? "g", e.Preparation ?? e.SubstanceName, G(e.Grams), G(e.BaseFactor)]).Value;
        return Redirect($"/Authorizations/Estimates?year={(e.Year ?? Year ?? clock.GetUtcNow().Year).ToString(CultureInfo.InvariantCulture)}");
    }

    public Task<IActionResult> OnPostConfirmAsync(CancellationToken ct) => DecideAsync(true, "The proposal was confirmed and is in force.", ct);

    public Task<IActionResult> OnPostRejectAsync(CancellationToken ct) => DecideAsync(false, "The proposal was rejected; the Party sees the reason.", ct);

    private async Task<IActionResult> DecideAsync(bool confirm, string done, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.SecretariatAdministrator)).Succeeded)
            return await register.PendingAsync(ct) is var own && own.Any(e => e.Id == ProposalId) ? Forbid() : NotFound();
        var outcome = await register.DecideAsync(ProposalId, confirm, Reason, ct);
        if (outcome.Failure == Failure.NotFound) return NotFound();
        if (!outcome.Succeeded)
        {
            ModelState.AddOutcome(outcome, l);
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = l[done].Value;
        return Redirect("/Authorizations/Estimates");
    }

    public static string G(decimal v) => v.ToString("#,0.######", CultureInfo.InvariantCulture);

    private async Task RightsAsync()
    {
        IsSecretariat = User.PartyCode() is null && User.IsSecretariat();
        MayRecord = IsSecretariat && (await authorization.AuthorizeAsync(User, Policies.SecretariatAdministrator)).Succeeded;
        MayPropose = User.PartyCode() is not null && (await authorization.AuthorizeAsync(User, AuthorizationPolicies.Submit)).Succeeded;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await RightsAsync();
        ShownYear = Year is >= 2000 and <= 2100 ? Year.Value : clock.GetUtcNow().Year;
        Input.Year ??= ShownYear;
        InForce = await register.ListAsync(IsSecretariat ? Party : null, ShownYear, false, null, ct);
        Pending = await register.PendingAsync(ct);
        var reference = await ReferenceCache.GetAsync(db, ct);
        Substances = reference.Substances.Where(s => s.IsActive && (s.Kind == SubstanceKind.NarcoticDrug || s.Kind == SubstanceKind.PsychotropicSubstance))
            .OrderBy(s => s.Kind).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        Countries = reference.CountryCodes.Order(StringComparer.Ordinal).ToList();
    }
}
