using Cordon.Application.Data;
using Cordon.Domain.Reference;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Features.Reference;

public sealed class SubstancesModel(CordonDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public SubstanceKind? Kind { get; set; }

    public IReadOnlyList<ControlledSubstance> Items { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.Substances.AsNoTracking().Include(s => s.Salts).Where(s => s.IsActive);
        if (Kind is { } k) query = query.Where(s => s.Kind == k);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim().ToLower();
            query = query.Where(s => s.Name.ToLower().Contains(term) || s.Synonyms.ToLower().Contains(term) || s.Cas == term);
        }
        Total = await query.CountAsync(ct);
        Items = await query.OrderBy(s => s.Kind).ThenBy(s => s.Name).Take(500).ToListAsync(ct);
    }
}
