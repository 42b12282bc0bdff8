using Cordon.Application.Authorizations;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Domain.Authorizations;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Authorizations;

[Authorize(Policy = AuthorizationPolicies.View)]
public sealed class DetailsModel(AuthorizationService service, CordonDbContext db, IAuthorizationService authorization, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty] public string? ExcessReason { get; set; }
    [BindProperty] public decimal? Quantity { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? ExportNumber { get; set; }
    [BindProperty] public decimal? ExportQuantity { get; set; }
    [BindProperty] public string? SpecialImportLicence { get; set; }
    [BindProperty] public decimal? QuantityImported { get; set; }
    [BindProperty] public DateOnly? ImportedOn { get; set; }
    [BindProperty] public string? Remarks { get; set; }
    [BindProperty] public decimal? QuantityExported { get; set; }

    public AuthorizationView Authorization { get; private set; } = null!;
    public EstimateCheckResult? Check { get; private set; }
    public bool MaySubmit { get; private set; }
    public string? Party { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostIssueAsync(CancellationToken ct) =>
        ActAsync(async () => Ok(await service.IssueDraftAsync(Id, new IssueInput(ExcessReason), ct)), "The authorization was issued.", null, ct);

    public Task<IActionResult> OnPostReduceAsync(CancellationToken ct) =>
        ActAsync(async () => Ok(await service.AmendAsync(Id, new AmendInput(Quantity, null, null, Reason), (await service.GetAsync(Id, ct))?.Version ?? -1, ct)), "The quantity was changed.", null, ct);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct) =>
        ActAsync(async () => Ok(await service.CancelAsync(Id, new CancelInput(Reason), ct)), "The authorization was cancelled; the other Party sees it at once.", null, ct);

    public Task<IActionResult> OnPostEndorseAsync(CancellationToken ct) =>
        ActAsync(async () => Ok(await service.EndorseAsync(Id, new EndorseInput(QuantityImported, ImportedOn, Remarks), ct)), "The endorsement was sent to the exporting Party.", null, ct);

    public Task<IActionResult> OnPostExportedAsync(CancellationToken ct) =>
        ActAsync(async () => Ok(await service.RecordExportedAsync(Id, new ExportedInput(QuantityExported), ct)), "The quantity exported was recorded.", null, ct);

    public async Task<IActionResult> OnPostExportAsync(CancellationToken ct)
    {
        var current = await service.GetAsync(Id, ct);
        Guid? created = null;
        return await ActAsync(async () =>
        {
            var o = await service.IssueExportAsync(new ExportAuthorizationInput(Id, ExportNumber, null, null, ExportQuantity, current?.Unit, current?.Preparation,
                current?.PharmaceuticalForm, SpecialImportLicence: SpecialImportLicence), ct);
            created = o.Value?.Authorization.Id;
            return Ok(o);
        }, "The export authorization was issued; a copy went to the importing Party.", () => created, ct);
    }

    private static Outcome<bool> Ok<T>(Outcome<T> o) => new(o.Succeeded, o.Failure, o.Message, o.Errors);

    private async Task<IActionResult> ActAsync(Func<Task<Outcome<bool>>> action, string done, Func<Guid?>? redirectTo, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, AuthorizationPolicies.Submit)).Succeeded) return Forbid();
        var outcome = await action();
        if (outcome.Failure == Failure.NotFound) return NotFound();
        if (outcome.Failure == Failure.Forbidden) return Forbid();
        if (!outcome.Succeeded)
        {
            if (!await LoadAsync(ct)) return NotFound();
            // The estimate check's message carries figures in English (for the API); the page says it in the reader's language.
            ModelState.AddOutcome(outcome, l, headline: outcome.Failure == Failure.Invalid && Check is { Exceeded: true } c ? ExcessHeadline(c) : null);
            return Page();
        }
        TempData["Message"] = l[done].Value;
        return Redirect($"/Authorizations/Details?id={redirectTo?.Invoke() ?? Id}");
    }

    private string ExcessHeadline(EstimateCheckResult c) =>
        l["The {0} would be exceeded: {1}, already authorized {2} g, this authorization {3} g, excess {4} g.",
            c.Kind == EstimateKind.Estimate ? l["Authorizations.Word.estimate"].Value : l["assessment"].Value,
            c.EstimateGrams is { } e ? Figure(e) + " g" : l["none"].Value,
            Figure(c.AlreadyAuthorizedGrams), Figure(c.ThisAuthorizationGrams), Figure(c.ExcessGrams)].Value;

    private static string Figure(decimal grams) => grams.ToString("#,0.######", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await service.GetAsync(Id, ct) is not { } a) return false;
        Authorization = a;
        Party = User.PartyCode();
        MaySubmit = Party is not null && (await authorization.AuthorizeAsync(User, AuthorizationPolicies.Submit)).Succeeded;
        if (a.Status == AuthorizationStatus.Draft && a.Kind != AuthorizationKind.Export)
        {
            var s = await db.Substances.AsNoTracking().FirstAsync(x => x.Code == a.SubstanceCode, ct);
            Check = await service.CheckAsync(a.ImportingCountry, s, a.IssueDate.Year, a.PureBaseGrams, ct);
        }
        ImportedOn ??= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return true;
    }
}
