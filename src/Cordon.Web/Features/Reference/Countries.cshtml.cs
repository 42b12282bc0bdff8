using Cordon.Application.Data;
using Cordon.Domain.Reference;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Features.Reference;

public sealed class CountriesModel(CordonDbContext db) : PageModel
{
    public IReadOnlyList<Country> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Items = await db.Countries.AsNoTracking().OrderBy(c => c.Alpha2).ToListAsync(ct);
}
