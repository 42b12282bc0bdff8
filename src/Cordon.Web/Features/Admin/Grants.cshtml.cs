using Cordon.Application.Data;
using Cordon.Domain.Identity;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Features.Admin;

public sealed record GrantRow(string UserEmail, string Permission, DateTimeOffset GrantedAt, string? GrantedBy, DateTimeOffset? RevokedAt, string? RevokedBy);

/// <summary>The record of every right granted or revoked in the Party (all Parties for the Secretariat), with who and when.</summary>
public sealed class GrantsModel(CordonDbContext db) : PageModel
{
    public IReadOnlyList<GrantRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = from g in db.ModuleGrants
                    join u in db.Users on g.UserId equals u.Id
                    join gb in db.Users on g.GrantedBy equals gb.Id into gbs
                    from gb in gbs.DefaultIfEmpty()
                    join rb in db.Users on g.RevokedBy equals rb.Id into rbs
                    from rb in rbs.DefaultIfEmpty()
                    select new { g, u, GrantedBy = gb.Email, RevokedBy = rb.Email };
        if (!User.IsInRole(CordonRoles.SecretariatAdministrator))
        {
            var party = User.PartyCode();
            query = query.Where(x => x.u.PartyCode == party);
        }
        var rows = await query.OrderByDescending(x => x.g.Id).Take(2000).ToListAsync(ct);
        Rows = rows.Select(x => new GrantRow(x.u.Email ?? "", x.g.Permission.ToString(), x.g.GrantedAt, x.GrantedBy, x.g.RevokedAt, x.RevokedBy)).ToList();
    }
}
