using System.ComponentModel.DataAnnotations;
using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Api;
using Cordon.Domain.Identity;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Admin;

/// <summary>National administrators issue and revoke API tokens for their Party's national systems.</summary>
public sealed class ApiClientsModel(CordonDbContext db, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<ApiClient> Clients { get; private set; } = [];
    public IReadOnlyList<Authority> Authorities { get; private set; } = [];

    /// <summary>The token just issued; shown once, never stored.</summary>
    public string? IssuedToken { get; private set; }

    [BindProperty]
    public ClientInput Input { get; set; } = new();

    public sealed class ClientInput
    {
        [Required(ErrorMessage = "Name the system that will use this token.")]
        [StringLength(200, ErrorMessage = "Name the system that will use this token.")]
        public string Name { get; set; } = "";

        public Guid AuthorityId { get; set; }
        public List<string> Scopes { get; set; } = [];
        public int? ValidDays { get; set; } = 365;
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var authority = await db.Authorities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == Input.AuthorityId, ct);
        if (authority is null || !User.AdministersParty(authority.PartyCode)) ModelState.AddModelError("Input.AuthorityId", l["Choose an authority of your Party."]);
        var scopes = Input.Scopes.Where(s => ModulePermission.TryParse(s, out _)).Distinct().ToList();
        if (scopes.Count == 0) ModelState.AddModelError("Input.Scopes", l["Choose at least one module right for the token."]);
        if (Input.ValidDays is < 1 or > 730) ModelState.AddModelError("Input.ValidDays", l["A token is valid for 1 to 730 days."]);
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var (token, hash) = ApiToken.Issue(id);
        await using var tx = await db.BeginWriteAsync(ct);
        var client = new ApiClient
        {
            Id = id, AuthorityId = authority!.Id, PartyCode = authority.PartyCode, Name = Input.Name.Trim(), Scopes = string.Join(' ', scopes),
            SecretHash = hash, CreatedBy = User.UserId() ?? Guid.Empty, CreatedAt = now, ExpiresAt = now.AddDays(Input.ValidDays ?? 365),
        };
        db.ApiClients.Add(client);
        await audit.RecordAsync("api-client.created", "ApiClient", id.ToString(), new { client.Id, client.Name, client.Scopes, client.PartyCode }, $"{client.Name}: {client.Scopes}", [client.PartyCode], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        IssuedToken = token;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        var client = await db.ApiClients.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (client is null || !User.AdministersParty(client.PartyCode)) return NotFound();
        await using var tx = await db.BeginWriteAsync(ct);
        client.RevokedAt ??= clock.GetUtcNow();
        client.RevokedBy = User.UserId();
        await audit.RecordAsync("api-client.revoked", "ApiClient", id.ToString(), null, client.Name, [client.PartyCode], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var clients = db.ApiClients.AsNoTracking();
        var authorities = db.Authorities.AsNoTracking();
        if (!User.IsInRole(CordonRoles.SecretariatAdministrator))
        {
            var party = User.PartyCode();
            clients = clients.Where(c => c.PartyCode == party);
            authorities = authorities.Where(a => a.PartyCode == party);
        }
        Clients = await clients.OrderByDescending(c => c.CreatedAt).ToListAsync(ct);
        Authorities = await authorities.OrderBy(a => a.PartyCode).ThenBy(a => a.Name).ToListAsync(ct);
    }
}
