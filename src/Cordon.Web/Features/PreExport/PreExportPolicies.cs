using Cordon.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Features.PreExport;

/// <summary>Policy names as constants for page attributes (the same strings as <c>Policies.Module(PreExport, …)</c>).</summary>
public static class PreExportPolicies
{
    public const string View = "Module:PreExport.View";
    public const string Submit = "Module:PreExport.Submit";
    public const string Approve = "Module:PreExport.Approve";

    /// <summary>Country names in the current language for the codes shown on a page.</summary>
    public static async Task<Dictionary<string, string>> CountryNamesAsync(CordonDbContext db, IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct().ToList();
        var lang = Infrastructure.Languages.Current;
        var rows = await db.Countries.AsNoTracking().Where(c => list.Contains(c.Alpha2)).ToListAsync(ct);
        return rows.ToDictionary(c => c.Alpha2, c => c.NameIn(lang));
    }
}
