using Cordon.Domain.Api;

namespace Cordon.Domain.Tests.Api;

public class ApiTokenTests
{
    [Fact]
    public void An_issued_token_parses_back_to_its_client_and_hash()
    {
        var id = Guid.NewGuid();
        var (token, hash) = ApiToken.Issue(id);
        Assert.StartsWith("cdn_", token, StringComparison.Ordinal);
        Assert.True(ApiToken.TryParse(token, out var parsedId, out var parsedHash));
        Assert.Equal(id, parsedId);
        Assert.True(ApiToken.Matches(hash, parsedHash));
    }

    [Fact]
    public void The_hash_is_not_the_secret_and_two_tokens_differ()
    {
        var id = Guid.NewGuid();
        var (a, hashA) = ApiToken.Issue(id);
        var (b, hashB) = ApiToken.Issue(id);
        Assert.NotEqual(a, b);
        Assert.NotEqual(hashA, hashB);
        Assert.DoesNotContain(hashA, a, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer x")]
    [InlineData("cdn_notaguid_secret")]
    [InlineData("cdn_0123456789abcdef0123456789abcdef-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public void Malformed_tokens_are_refused(string? token) => Assert.False(ApiToken.TryParse(token, out _, out _));

    [Fact]
    public void A_revoked_or_expired_client_is_not_usable()
    {
        var now = DateTimeOffset.UnixEpoch.AddYears(56);
        var c = new ApiClient { PartyCode = "AT", Name = "n", Scopes = "Permits.View", SecretHash = "h", ExpiresAt = now.AddDays(1) };
        Assert.True(c.IsUsableAt(now));
        Assert.False(c.IsUsableAt(now.AddDays(2)));
        c.RevokedAt = now;
        Assert.False(c.IsUsableAt(now));
    }
}
