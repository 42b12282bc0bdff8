using Cordon.Application.Common;
using Cordon.Application.Identity;
using Cordon.Application.Monitoring;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Monitoring;

[Authorize(Policy = MonitoringPolicies.View)]
public sealed class ThreadModel(MonitoringThreads threads, ICurrentActor actor, IAuthorizationService authorization, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public string? Text { get; set; }

    public ThreadView Thread { get; private set; } = null!;
    public bool MayWrite { get; private set; }
    public bool Secretariat => actor.PartyCode is null && actor.IsSecretariat;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAnswerAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!MayWrite) return Forbid();
        return After(await threads.ReplyAsync(Id, new ThreadMessageInput(Text), ct), "The answer was sent.");
    }

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!Secretariat) return Forbid();
        return After(await threads.CloseAsync(Id, ct), "Closed.");
    }

    private IActionResult After(Outcome<ThreadView> o, string done)
    {
        if (!o.Succeeded)
        {
            ModelState.AddModelError("", l[o.Message ?? "The request is not valid."]);
            return Page();
        }
        TempData["Message"] = l[done].Value;
        return Redirect($"/Monitoring/Thread/{Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await threads.GetAsync(Id, ct) is not { } t) return false;
        Thread = t;
        MayWrite = Secretariat ? User.IsInRole(Cordon.Domain.Identity.CordonRoles.SecretariatAdministrator) || User.IsInRole(Cordon.Domain.Identity.CordonRoles.SecretariatAnalyst)
            : (await authorization.AuthorizeAsync(User, MonitoringPolicies.Submit)).Succeeded;
        return true;
    }
}
