using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Identity;
using Cordon.Web.Features.Notifications;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Cordon.Web.Features;

/// <summary>The home page: who I am, what I may do in each module, my latest notifications.</summary>
public sealed class IndexModel(CordonDbContext db, IOptions<CordonOptions> options, IStringLocalizer<SharedResource> l) : PageModel
{
    public string? PartyName { get; private set; }
    public string? AuthorityName { get; private set; }
    public IReadOnlyList<(CordonModule Module, IReadOnlyList<ModuleRight> Rights)> Modules { get; private set; } = [];
    public IReadOnlyList<NotificationDto> Latest { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var party = User.PartyCode();
        if (party is not null)
            PartyName = (await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Alpha2 == party, ct))?.NameIn(Languages.Current) ?? party;
        if (Guid.TryParse(User.FindFirst(CordonClaims.Authority)?.Value, out var aid))
            AuthorityName = (await db.Authorities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == aid, ct))?.Name;
        Modules = options.Value.EnabledModules
            .Select(m => (m, (IReadOnlyList<ModuleRight>)Enum.GetValues<ModuleRight>().Where(r => User.Has(new ModulePermission(m, r))).ToList()))
            .ToList();
        var me = User.UserId();
        var latest = await NotificationEndpoints.Newest(db, me).Take(5).ToListAsync(ct);
        Latest = latest.Select(n => NotificationEndpoints.ToDto(n, l)).ToList();
    }
}
