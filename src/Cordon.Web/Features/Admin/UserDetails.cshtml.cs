using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Identity;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Admin;

public sealed class UserDetailsModel(CordonDbContext db, UserAdministration admin, Invitations invitations, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public UserDto? Target { get; private set; }
    public IReadOnlyList<ModuleGrant> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostGrantAsync(string permission, CancellationToken ct) =>
        Done(await admin.GrantAsync(Id, permission, ct) is { Succeeded: true } ? null : l["The right could not be granted."].Value);

    public async Task<IActionResult> OnPostRevokeAsync(string permission, CancellationToken ct) =>
        Done(await admin.RevokeAsync(Id, permission, ct) is { Succeeded: true } ? null : l["The right could not be revoked."].Value);

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        var outcome = await admin.RemoveAsync(Id, ct);
        if (!outcome.Succeeded) return Done(l[outcome.Message ?? "The user could not be removed."].Value);
        TempData["Message"] = l["{0} was removed. The Secretariat has been notified.", outcome.Value!.Email ?? ""].Value;
        return RedirectToPage("/Admin/Users");
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == Id && u.RemovedAt == null, ct);
        if (user is null || !User.AdministersParty(user.PartyCode) && !(user.PartyCode is null && User.IsInRole(CordonRoles.SecretariatAdministrator))) return NotFound();
        await invitations.SendAsync(user);
        TempData["Message"] = l["A new link to choose a password was sent to {0}.", user.Email ?? ""].Value;
        return RedirectToPage(new { Id });
    }

    private RedirectToPageResult Done(string? error)
    {
        if (error is not null) TempData["Error"] = error;
        return RedirectToPage(new { Id });
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == Id, ct);
        var visible = user is not null && (User.AdministersParty(user.PartyCode) || User.IsInRole(CordonRoles.SecretariatAdministrator));
        if (!visible) return false;
        Target = (await AdminEndpoints.ToDtosAsync(db, [user!], ct))[0];
        History = await db.ModuleGrants.AsNoTracking().Where(g => g.UserId == Id).OrderByDescending(g => g.Id).ToListAsync(ct);
        return true;
    }
}
