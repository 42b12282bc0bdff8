using Cordon.Application.Data;
using Cordon.Application.Incidents;
using Cordon.Domain.Incidents;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Incidents;

[Authorize(Policy = IncidentEndpoints.ViewPolicy)]
public sealed class IndexModel(CordonDbContext db, IncidentQueries queries, IncidentFollowing following, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Channel { get; set; }
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? Substance { get; set; }
    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IncidentCriteria Criteria { get; private set; } = new();
    public IncidentSearchResult? Result { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public IReadOnlyDictionary<string, string> SubstanceNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> CountryNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<IncidentSavedSearch> SavedSearches { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Errors.Count > 0) Response.StatusCode = 400;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string? name, CancellationToken ct)
    {
        var errors = new List<string>();
        var criteria = IncidentCriteria.Create(Q, Channel, Type, Substance, Country, From, To, errors);
        if (errors.Count == 0)
        {
            var outcome = await following.SaveSearchAsync(name, criteria, ct);
            if (outcome.Succeeded)
            {
                TempData["Flash"] = l["Search saved: you will be alerted of new incidents that match it."].Value;
                return Redirect("/Incidents?" + criteria.ToQueryString());
            }
            errors.Add(l[outcome.Message ?? "The search is not valid."]);
        }
        await LoadAsync(ct);
        Errors = [.. Errors, .. errors.Select(e => l[e].Value)];
        Response.StatusCode = 400;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteSearchAsync(long id, CancellationToken ct)
    {
        await following.DeleteSearchAsync(id, ct);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var errors = new List<string>();
        Criteria = IncidentCriteria.Create(Q, Channel, Type, Substance, Country, From, To, errors);
        Errors = errors.Select(e => l["This value is not valid: {0}", e].Value).ToList();
        Result = await queries.SearchAsync(Criteria, PageNumber, ct);
        var lang = Languages.Current;
        var codes = Result.Countries.Select(c => c.Value).Append(Criteria.Country ?? "").ToList();
        CountryNames = (await db.Countries.AsNoTracking().Where(c => codes.Contains(c.Alpha2)).ToListAsync(ct)).ToDictionary(c => c.Alpha2, c => c.NameIn(lang));
        var subs = Result.Substances.Select(s => s.Value).Append(Criteria.Substance ?? "").ToList();
        SubstanceNames = await db.Substances.AsNoTracking().Where(s => subs.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Name, ct);
        SavedSearches = await following.SavedSearchesAsync(ct);
    }

    /// <summary>The current search with one facet changed (null removes it).</summary>
    public string With(string name, string? value)
    {
        var c = Criteria;
        var errors = new List<string>();
        string? Pick(string field, string? current) => field == name ? value : current;
        var next = IncidentCriteria.Create(Pick("q", c.Q), Pick("channel", c.Channel?.ToString()), Pick("type", c.Type?.ToString()), Pick("substance", c.Substance),
            Pick("country", c.Country), Pick("from", From), Pick("to", To), errors);
        return "/Incidents?" + next.ToQueryString();
    }
}
