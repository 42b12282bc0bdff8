using Cordon.Application.Data;
using Cordon.Application.Incidents;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Features.Incidents;

[Authorize(Policy = IncidentEndpoints.ViewPolicy)]
public sealed class DashboardModel(CordonDbContext db, IncidentQueries queries) : PageModel
{
    public Dashboard Data { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> CountryNames { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Data = await queries.DashboardAsync(ct);
        var codes = Data.Routes.SelectMany(r => new[] { r.Origin, r.Destination }).Distinct().ToList();
        var lang = Languages.Current;
        CountryNames = (await db.Countries.AsNoTracking().Where(c => codes.Contains(c.Alpha2)).ToListAsync(ct)).ToDictionary(c => c.Alpha2, c => c.NameIn(lang));
    }
}
