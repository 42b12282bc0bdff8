using Cordon.Application.Data;
using Cordon.Domain.Identity;
using Cordon.Domain.Notifications;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Features.Admin;

/// <summary>The e-mail outbox: what was sent, what waits, what failed. Lets a demo or development deployment work without SMTP.</summary>
[Authorize(Roles = CordonRoles.SecretariatAdministrator)]
public sealed class OutboxModel(CordonDbContext db) : PageModel
{
    public IReadOnlyList<OutboxEmail> Mails { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Mails = await db.OutboxEmails.AsNoTracking().OrderByDescending(m => m.Id).Take(200).ToListAsync(ct);
}
