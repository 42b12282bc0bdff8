using Cordon.Application.Permits;
using Cordon.Domain.Permits;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Permits;

/// <summary>
/// The issuing Management Authority's steps on one permit: the Scientific Authority's non-detriment advice, approval or refusal
/// with a reason, issuance (signing), cancellation or replacement. Only the issuing Party's officers with Permits.Approve reach it;
/// anyone else gets 404.
/// </summary>
[Authorize(Policy = PermitsPolicies.Approve)]
public sealed class ProcessModel(PermitsService permits, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class AdviceForm
    {
        public bool? Positive { get; set; }
        public string? Note { get; set; }
    }

    public sealed class DecisionForm
    {
        public bool? Approve { get; set; }
        public string? Reason { get; set; }
        public long Version { get; set; }
    }

    public sealed class IssueForm
    {
        public DateOnly? ValidFrom { get; set; }
        public DateOnly? ValidUntil { get; set; }
        public string? SpecialConditions { get; set; }
    }

    public sealed class CancelForm
    {
        public string? Reason { get; set; }
        public bool Replace { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty] public AdviceForm Advice { get; set; } = new();
    [BindProperty] public DecisionForm Decision { get; set; } = new();
    [BindProperty] public IssueForm Issue { get; set; } = new();
    [BindProperty] public CancelForm Cancel { get; set; } = new();

    public PermitView? Permit { get; private set; }

    public bool MayCancel => Permit?.Status is not (PermitStatus.Used or PermitStatus.Cancelled or PermitStatus.Rejected);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAdviceAsync(CancellationToken ct) =>
        StepAsync(() => permits.AdviseAsync(Id, new AdviceInput(Advice.Positive, Advice.Note), ct), "The advice was recorded.", ct);

    public Task<IActionResult> OnPostDecideAsync(CancellationToken ct) =>
        StepAsync(() => permits.DecideAsync(Id, new DecisionInput(Decision.Approve, Decision.Reason), Decision.Version, ct), "The decision was recorded.", ct);

    public Task<IActionResult> OnPostIssueAsync(CancellationToken ct) =>
        StepAsync(() => permits.IssueAsync(Id, new IssueInput(Issue.ValidFrom, Issue.ValidUntil, Issue.SpecialConditions), ct), "The permit was issued, signed and delivered.", ct);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct) =>
        StepAsync(() => Cancel.Replace ? permits.ReplaceAsync(Id, new CancelInput(Cancel.Reason), ct) : permits.CancelAsync(Id, new CancelInput(Cancel.Reason), ct),
            Cancel.Replace ? "The permit was cancelled and its replacement recorded." : "The permit was cancelled.", ct);

    private async Task<IActionResult> StepAsync(Func<Task<Application.Common.Outcome<PermitView>>> step, string done, CancellationToken ct)
    {
        // Another Party's permit answers 404 before anything is attempted.
        if (!await LoadAsync(ct)) return NotFound();
        var outcome = await step();
        if (!outcome.Succeeded)
        {
            ModelState.AddOutcome(outcome, l);
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = l[done].Value;
        return Redirect(PermitsService.Link(outcome.Value!.Id));
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Permit = await permits.GetAsync(Id, ct);
        if (Permit is null || Permit.IssuingCountry != User.PartyCode()) { Permit = null; return false; }
        Decision.Version = Permit.Version;
        return true;
    }
}
