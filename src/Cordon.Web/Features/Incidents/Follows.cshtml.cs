using Cordon.Application.Data;
using Cordon.Application.Incidents;
using Cordon.Domain.Incidents;
using Cordon.Domain.Reference;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Incidents;

/// <summary>Follow and unfollow substances, countries and companies: each new incident involving one alerts the follower.</summary>
[Authorize(Policy = IncidentEndpoints.ViewPolicy)]
public sealed class FollowsModel(CordonDbContext db, IncidentFollowing following, IncidentDigests digests, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>How the user wants incident alerts by e-mail.</summary>
    public AlertEmail Preference { get; private set; }

    public IReadOnlyList<IncidentFollow> Follows { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<string> SubstanceNames { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostFollowAsync(FollowKind kind, string? value, CancellationToken ct)
    {
        var v = value?.Trim() ?? "";
        if (kind == FollowKind.Substance && v.Length > 0)
        {
            var all = await db.Substances.AsNoTracking().Where(s => s.IsActive).ToListAsync(ct);
            v = (all.FirstOrDefault(s => string.Equals(s.Code, v, StringComparison.OrdinalIgnoreCase)) ?? all.FirstOrDefault(s => s.IsKnownAs(v)))?.Code ?? v;
        }
        else if (kind == FollowKind.Country && v.Length > 2)
        {
            var lower = v.ToLowerInvariant();
            v = await db.Countries.AsNoTracking().Where(c => c.NameEn.ToLower() == lower || c.NameFr.ToLower() == lower || c.NameEs.ToLower() == lower || c.NameRu.ToLower() == lower)
                .Select(c => c.Alpha2).FirstOrDefaultAsync(ct) ?? v;
        }
        var outcome = await following.FollowAsync(kind, v, ct);
        if (outcome.Succeeded) return RedirectToPage();
        Error = l[outcome.Message ?? "The request is not valid."];
        Response.StatusCode = 400;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPreferenceAsync(AlertEmail email, CancellationToken ct)
    {
        var outcome = await digests.SetPreferenceAsync(email, ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = l["Your choice of e-mails was saved."].Value;
            return RedirectToPage();
        }
        Error = l[outcome.Message ?? "The request is not valid."];
        Response.StatusCode = 400;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUnfollowAsync(long id, CancellationToken ct)
    {
        await following.UnfollowAsync(id, ct);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Follows = await following.FollowsAsync(ct);
        Preference = await digests.PreferenceAsync(ct);
        var lang = Languages.Current;
        var values = Follows.Select(f => f.Value).ToList();
        var labels = new Dictionary<string, string>();
        foreach (var c in await db.Countries.AsNoTracking().Where(c => values.Contains(c.Alpha2)).ToListAsync(ct)) labels["Country:" + c.Alpha2] = c.NameIn(lang);
        foreach (var s in await db.Substances.AsNoTracking().Where(s => values.Contains(s.Code)).ToListAsync(ct)) labels["Substance:" + s.Code] = s.Name;
        Labels = labels;
        SubstanceNames = await db.Substances.AsNoTracking().Where(s => s.IsActive && s.Kind != SubstanceKind.NarcoticDrug && s.Kind != SubstanceKind.PsychotropicSubstance)
            .OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(ct);
    }
}
