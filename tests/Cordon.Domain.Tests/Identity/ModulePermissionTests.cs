using Cordon.Domain.Identity;

namespace Cordon.Domain.Tests.Identity;

public class ModulePermissionTests
{
    [Fact]
    public void A_permission_round_trips_through_its_text()
    {
        var p = new ModulePermission(CordonModule.Permits, ModuleRight.Approve);
        Assert.Equal("Permits.Approve", p.ToString());
        Assert.True(ModulePermission.TryParse("Permits.Approve", out var parsed));
        Assert.Equal(p, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Permits")]
    [InlineData("Permits.")]
    [InlineData("permits.view")]
    [InlineData("Permits.Delete")]
    [InlineData("Nothing.View")]
    [InlineData("3.1")]
    public void Malformed_permissions_are_refused(string text) => Assert.False(ModulePermission.TryParse(text, out _));

    [Fact]
    public void Every_module_has_every_right() =>
        Assert.Equal(Enum.GetValues<CordonModule>().Length * Enum.GetValues<ModuleRight>().Length, ModulePermission.All().Distinct().Count());

    [Fact]
    public void Membership_counts_only_while_not_left()
    {
        var party = new Party { Code = "AT" };
        party.Memberships.Add(new PartyModuleMembership { PartyCode = "AT", Module = CordonModule.Permits });
        party.Memberships.Add(new PartyModuleMembership { PartyCode = "AT", Module = CordonModule.Incidents, LeftAt = DateTimeOffset.UnixEpoch });
        Assert.True(party.IsMemberOf(CordonModule.Permits));
        Assert.False(party.IsMemberOf(CordonModule.Incidents));
    }
}
