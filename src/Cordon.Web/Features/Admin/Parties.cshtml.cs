using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Common;
using Cordon.Domain.Identity;
using Cordon.Domain.Reference;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Admin;

/// <summary>
/// Onboarding Parties: the Secretariat adds a Party, sets its modules and verifies it; the Secretariat or the
/// Party's national administrator adds its authorities.
/// </summary>
public sealed class PartiesModel(CordonDbContext db, PartyAdministration admin, PartyMemberships memberships, Cordon.Application.Incidents.IncidentChannelMemberships incidentChannels, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>The incident channels each Party takes part in (it joins each separately within the Incidents module).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Cordon.Domain.Incidents.IncidentChannel>> IncidentChannels { get; private set; } = new Dictionary<string, IReadOnlyList<Cordon.Domain.Incidents.IncidentChannel>>();

    public IReadOnlyList<Party> Parties { get; private set; } = [];
    public IReadOnlyDictionary<string, List<Authority>> Authorities { get; private set; } = new Dictionary<string, List<Authority>>();
    public IReadOnlyList<Country> Candidates { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    public bool IsSecretariat => User.IsInRole(CordonRoles.SecretariatAdministrator);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddPartyAsync(string code, CancellationToken ct)
    {
        if (!IsSecretariat) return Forbid();
        return Done(await admin.AddPartyAsync(code, ct), l["The Party was added."]);
    }

    public async Task<IActionResult> OnPostMembershipAsync(string code, string module, bool join, CancellationToken ct)
    {
        if (!IsSecretariat) return Forbid();
        if (!EnumNames.TryParse<CordonModule>(module, false, out var m)) return BadRequest();
        var outcome = await admin.SetMembershipAsync(code, m, join, ct);
        memberships.Invalidate();
        return Done(outcome, join ? l["The Party joined the module."] : l["The Party left the module."]);
    }

    public async Task<IActionResult> OnPostIncidentChannelAsync(string code, string channel, bool join, CancellationToken ct)
    {
        if (!IsSecretariat) return Forbid();
        if (!EnumNames.TryParse<Cordon.Domain.Incidents.IncidentChannel>(channel, false, out var c)) return BadRequest();
        var outcome = await incidentChannels.SetAsync(code, c, join, ct);
        return Done(outcome, join ? l["The Party joined the channel."] : l["The Party left the channel."]);
    }

    public async Task<IActionResult> OnPostVerifyAsync(string code, CancellationToken ct)
    {
        if (!IsSecretariat) return Forbid();
        return Done(await admin.VerifyAsync(code, ct), l["The Party is verified."]);
    }

    public async Task<IActionResult> OnPostAddAuthorityAsync(string code, string name, AuthorityKind kind, CancellationToken ct) =>
        Done(await admin.AddAuthorityAsync(code, new NewAuthority(name, kind, null, null), ct), l["The authority was added."]);

    private RedirectToPageResult Done<T>(Outcome<T> outcome, string success)
    {
        if (outcome.Succeeded) TempData["Message"] = success;
        else TempData["Error"] = l[outcome.Message ?? "The change could not be made."].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var query = db.Parties.AsNoTracking().Include(p => p.Memberships).AsQueryable();
        if (!IsSecretariat) query = query.Where(p => p.Code == User.PartyCode());
        Parties = await query.OrderBy(p => p.Code).ToListAsync(ct);
        var codes = Parties.Select(p => p.Code).ToList();
        var channelRows = (await db.IncidentChannelMemberships.AsNoTracking().Where(m => codes.Contains(m.PartyCode)).ToListAsync(ct)).ToLookup(m => m.PartyCode);
        IncidentChannels = codes.ToDictionary(c => c, c => Cordon.Domain.Incidents.IncidentChannels.Of(channelRows[c]));
        Authorities = (await db.Authorities.AsNoTracking().Where(a => codes.Contains(a.PartyCode)).OrderBy(a => a.Name).ToListAsync(ct))
            .GroupBy(a => a.PartyCode).ToDictionary(g => g.Key, g => g.ToList());
        var countries = await db.Countries.AsNoTracking().ToListAsync(ct);
        Names = countries.ToDictionary(c => c.Alpha2, c => c.NameIn(Languages.Current));
        var all = await db.Parties.Select(p => p.Code).ToListAsync(ct);
        Candidates = countries.Where(c => !all.Contains(c.Alpha2)).OrderBy(c => c.NameIn(Languages.Current), StringComparer.CurrentCulture).ToList();
    }
}
