using System.Security.Claims;
using System.Text.Encodings.Web;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cordon.Web.Infrastructure;

/// <summary>
/// Authenticates national systems by "Authorization: Bearer cdn_..." tokens. The token names its client;
/// the secret part is compared by hash in constant time. Scopes become permission claims.
/// </summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CordonDbContext db,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    // Compiled once: every API request runs it, and EF then skips translating and looking up the query each time.
    private static readonly Func<CordonDbContext, Guid, CancellationToken, Task<ApiClient?>> ClientById =
        EF.CompileAsyncQuery((CordonDbContext db, Guid id, CancellationToken ct) => db.ApiClients.AsNoTracking().FirstOrDefault(c => c.Id == id));

    private static readonly DirectoryCache<Guid, ApiClient?> Clients = new(capacity: 10_000);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        if (!ApiToken.TryParse(header[7..].Trim(), out var clientId, out var secretHash))
            return AuthenticateResult.Fail("The bearer token is not a Cordon API token.");
        // Kept in memory between directory changes (ADR 0050): a client revoked through this node is refused by its next
        // request, and by the other nodes' once they hear the change. Untracked, so the request's saves never look at it.
        var client = await Clients.GetAsync(db, clientId, ClientById, Context.RequestAborted);
        var now = clock.GetUtcNow();
        if (client is null || !ApiToken.Matches(client.SecretHash, secretHash) || !client.IsUsableAt(now))
            return AuthenticateResult.Fail("The API token is unknown, revoked or expired.");
        if (client.LastUsedAt is null || now - client.LastUsedAt > TimeSpan.FromMinutes(5))
        {
            await db.ApiClients.Where(c => c.Id == clientId).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAt, now), Context.RequestAborted);
            // Not a save through the change tracker: drop the cached client here, or every request would update it again.
            DirectoryChanges.Changed();
        }
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, client.Id.ToString()),
            new(ClaimTypes.Name, $"api:{client.Name}"),
            new(CordonClaims.Party, client.PartyCode),
            new(CordonClaims.Authority, client.AuthorityId.ToString()),
            new(CordonClaims.ApiClient, client.Id.ToString()),
        };
        claims.AddRange(client.ScopeList.Select(s => new Claim(CordonClaims.Permission, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"cordon\"";
        return Task.CompletedTask;
    }
}
