using System.ComponentModel.DataAnnotations;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Identity;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Admin;

/// <summary>National administrators: the users of their Party, and a form to create one.</summary>
public sealed class UsersModel(CordonDbContext db, UserAdministration admin, Invitations invitations, IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<UserDto> Users { get; private set; } = [];
    public IReadOnlyList<Authority> Authorities { get; private set; } = [];

    [BindProperty]
    public NewUserInput Input { get; set; } = new();

    public sealed class NewUserInput
    {
        [Required(ErrorMessage = "Enter a valid e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter the person's name (at most 200 characters).")]
        [StringLength(200, ErrorMessage = "Enter the person's name (at most 200 characters).")]
        public string DisplayName { get; set; } = "";

        public Guid? AuthorityId { get; set; }
        public bool NationalAdministrator { get; set; }
        public List<string> Permissions { get; set; } = [];
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        var outcome = await admin.CreateAsync(new NewUser(Input.Email, Input.DisplayName, Input.AuthorityId, Input.NationalAdministrator, Input.Permissions), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError("", l[outcome.Message ?? "The user could not be created."]);
            foreach (var (field, messages) in outcome.Errors ?? new Dictionary<string, string[]>())
                foreach (var m in messages) ModelState.AddModelError("Input." + field, l[m]);
            await LoadAsync(ct);
            return Page();
        }
        await invitations.SendAsync(outcome.Value!.User, outcome.Value.SetPasswordToken);
        TempData["Message"] = l["{0} was created and has been sent a link to choose a password.", outcome.Value.User.Email!].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var users = db.Users.AsNoTracking();
        var authorities = db.Authorities.AsNoTracking();
        if (!User.IsInRole(CordonRoles.SecretariatAdministrator))
        {
            var party = User.PartyCode();
            users = users.Where(u => u.PartyCode == party);
            authorities = authorities.Where(a => a.PartyCode == party);
        }
        Users = await AdminEndpoints.ToDtosAsync(db, await users.OrderBy(u => u.PartyCode).ThenBy(u => u.Email).ToListAsync(ct), ct);
        Authorities = await authorities.OrderBy(a => a.PartyCode).ThenBy(a => a.Name).ToListAsync(ct);
    }
}
