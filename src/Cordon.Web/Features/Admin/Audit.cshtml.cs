using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Domain.Audit;
using Cordon.Domain.Identity;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Features.Admin;

public sealed class AuditModel(CordonDbContext db, AuditChainService chain) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? EntityType { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public long? NextBefore { get; private set; }
    public AuditVerification? Verification { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var items = await AuditQuery.Visible(db, User, EntityType, null)
            .Where(e => Before == null || e.Sequence < Before).OrderByDescending(e => e.Sequence).Take(101).ToListAsync(ct);
        NextBefore = items.Count > 100 ? items[99].Sequence : null;
        Entries = items.Take(100).ToList();
    }

    /// <summary>The Secretariat administrator can recompute the whole chain from the page, as `cordon audit verify` does.</summary>
    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        if (!User.IsInRole(CordonRoles.SecretariatAdministrator)) return Forbid();
        Verification = await chain.VerifyAsync(ct);
        await OnGetAsync(ct);
        return Page();
    }
}
