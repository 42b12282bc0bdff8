using Cordon.Application.Identity;
using Cordon.Application.Traceability;
using Cordon.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cordon.Browser.Tests;

/// <summary>
/// The "Done when", in real browser sessions: keys set up and confirmed by fingerprint, v2 recognition of a
/// mixed list, an encrypted request with tick boxes, a reply with the template, a follow-up; a member who joins later
/// reads the history, a removed member cannot; the Secretariat's statistics show the exchange.
/// </summary>
public class TraceabilityJourneyTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private const string Passphrase = "a long passphrase for tests";

    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await browser.NewPageAsync();
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await BrowserApp.SignInAsync(page, email);
        return page;
    }

    private static async Task GenerateKeysAsync(IPage page)
    {
        await page.GotoAsync("/Traceability/Keys");
        await page.FillAsync("#keys-generate input[name=passphrase]", Passphrase);
        await page.FillAsync("#keys-generate input[name=confirm]", Passphrase);
        await page.ClickAsync("#keys-generate button");
        await page.WaitForSelectorAsync("#my-fingerprint");
    }

    private static async Task UnlockAsync(IPage page)
    {
        await page.FillAsync("#unlock-form input[type=password]", Passphrase);
        await page.ClickAsync("#unlock-form button");
        await page.WaitForSelectorAsync("#unlock-form", new() { State = WaitForSelectorState.Hidden });
    }

    /// <summary>The administrator confirms a member whose fingerprint (as the member's own page shows it) is listed.</summary>
    private static async Task ConfirmAsync(IPage admin, string email, string memberFingerprint)
    {
        await admin.GotoAsync("/Traceability/Members");
        await UnlockAsync(admin);
        var row = admin.Locator($"tr[data-member='{email}']");
        await row.Locator("button.confirm").WaitForAsync();
        Assert.Equal(memberFingerprint, await row.Locator(".fingerprint").InnerTextAsync());
        await row.Locator("button.confirm").ClickAsync();
        await row.Locator(".tag", new() { HasTextString = "Confirmed" }).WaitForAsync();
    }

    private static async Task<string> FingerprintAsync(IPage member)
    {
        await member.GotoAsync("/Traceability/Keys");
        return await member.InnerTextAsync("#my-fingerprint");
    }

    private async Task<Guid> NewUserAsync(string party, string email)
    {
        var id = Guid.NewGuid();
        await browser.App.WithScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<CordonUser>>();
            var db = s.GetRequiredService<Cordon.Application.Data.CordonDbContext>();
            var authority = await db.Authorities.Where(a => a.PartyCode == party).FirstAsync();
            var user = new CordonUser { Id = id, UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Late Joiner", AuthorityId = authority.Id, PartyCode = party, TwoFactorEnabled = true };
            Assert.True((await users.CreateAsync(user, Cordon.Application.Demo.DemoData.Password)).Succeeded);
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", Cordon.Application.Demo.DemoData.TotpSecretFor(email));
            foreach (var right in new[] { ModuleRight.View, ModuleRight.Submit })
                db.ModuleGrants.Add(new ModuleGrant { UserId = id, Module = CordonModule.Traceability, Right = right, GrantedAt = TimeProvider.System.GetUtcNow() });
            await db.SaveChangesAsync();
        });
        return id;
    }

    [Fact]
    public async Task Two_Parties_run_a_whole_chain_a_later_member_reads_it_a_removed_member_cannot_and_the_statistics_show_it()
    {
        // A Colombian pattern overlapping India's tax stamps for codes ending FFFF, so that one code is ambiguous.
        await browser.App.WithScopeAsync(async s =>
        {
            var library = ActivatorUtilities.CreateInstance<UimPatternLibrary>(s, new SystemActor("test"));
            var o = await library.CreateAsync(new PatternInput("CO", "Overlapping test stamp", "", "pack", null, "INTS[0-9]{12}FFFF", ["INTS000000000001FFFF"], new DateOnly(2024, 1, 1), null), true);
            Assert.True(o.Succeeded, o.Message);
        });

        var adminAt = await SignedInAsync("admin.at@cordon.example");
        var officerAt = await SignedInAsync("regulator.at@cordon.example");
        var leaverAt = await SignedInAsync("enforcement.at@cordon.example");
        var adminIn = await SignedInAsync("admin.in@cordon.example");
        var officerIn = await SignedInAsync("regulator.in@cordon.example");
        foreach (var p in new[] { adminAt, officerAt, leaverAt, adminIn, officerIn }) await GenerateKeysAsync(p);

        // Each administrator creates the Party key and confirms members after comparing fingerprints.
        foreach (var admin in new[] { adminAt, adminIn })
        {
            await admin.GotoAsync("/Traceability/Members");
            await UnlockAsync(admin);
            await admin.ClickAsync("#new-generation");
            await admin.WaitForSelectorAsync("#members-status .success");
        }
        await ConfirmAsync(adminAt, "regulator.at@cordon.example", await FingerprintAsync(officerAt));
        await ConfirmAsync(adminAt, "enforcement.at@cordon.example", await FingerprintAsync(leaverAt));
        await ConfirmAsync(adminIn, "regulator.in@cordon.example", await FingerprintAsync(officerIn));

        // v2: a mixed list is recognised in the browser and grouped; the request to India goes with tick boxes.
        await officerAt.GotoAsync("/Traceability/Recognise");
        await UnlockAsync(officerAt);
        await officerAt.FillAsync("#codes", "uim\nINTS202611230001A3F9\nints 2026 1123 0002 B4C1\nCOANT0001234567\nNOTACODE123\nINTS123456789012FFFF\nLEAT1A7K29QX4C12M0726111408");
        await officerAt.ClickAsync("#recognise-form button");
        var india = officerAt.Locator("section.party-group[data-party='IN']");
        await india.WaitForAsync();
        Assert.Equal(2, await india.Locator("ul.codes li").CountAsync());
        Assert.Equal(1, await officerAt.Locator("section.party-group[data-party='CO'] ul.codes li").CountAsync());
        Assert.Contains("NOTACODE123", await officerAt.InnerTextAsync("#unrecognized"), StringComparison.Ordinal);
        Assert.Contains("INTS123456789012FFFF", await officerAt.InnerTextAsync("#ambiguous"), StringComparison.Ordinal);
        await india.Locator("input[name=subject]").FillAsync("Seizure at Vienna airport");
        await india.Locator("textarea[name=questions]").FillAsync("Who was the first customer of these packs?");
        await india.Locator("input[value=a]").CheckAsync();
        await india.Locator("input[value=e]").CheckAsync();
        await india.Locator("button[type=submit]").ClickAsync();
        var chainLink = await india.Locator("a.sent-chain").GetAttributeAsync("href");
        Assert.NotNull(chainLink);

        // India reads it, replies per UIM with the template.
        await officerIn.GotoAsync("/Traceability");
        Assert.Equal("1", await officerIn.Locator("#chains-list tr .unread").First.InnerTextAsync());
        await officerIn.GotoAsync(chainLink!);
        await UnlockAsync(officerIn);
        await officerIn.WaitForSelectorAsync("article.message[data-kind=Request]");
        Assert.Contains("INTS202611230001A3F9", await officerIn.InnerTextAsync("ul.uims"), StringComparison.Ordinal);
        Assert.Contains("Who was the first customer", await officerIn.InnerTextAsync(".questions"), StringComparison.Ordinal);
        Assert.Contains("signature", (await officerIn.InnerTextAsync("article.message")).ToLowerInvariant(), StringComparison.Ordinal);
        await officerIn.FillAsync("#reply-form input[name='t-0-a']", "2026-11-23, Bengaluru");
        await officerIn.FillAsync("#reply-form input[name='t-0-e']", "Karnataka Tobacco Traders, invoice 7781");
        await officerIn.SelectOptionAsync("#reply-form select[name='valid-1']", "no");
        await officerIn.ClickAsync("#reply-form button[type=submit]");
        await officerIn.WaitForSelectorAsync("article.message[data-kind=Reply]");
        Assert.Equal("Answered", await officerIn.InnerTextAsync("#chain-state"));

        // Austria reads the reply and adds a follow-up.
        await officerAt.GotoAsync(chainLink!);
        await UnlockAsync(officerAt);
        await officerAt.WaitForSelectorAsync("article.message[data-kind=Reply]");
        Assert.Contains("Karnataka Tobacco Traders, invoice 7781", await officerAt.InnerTextAsync("article.message[data-kind=Reply]"), StringComparison.Ordinal);
        await officerAt.FillAsync("#follow-up-form textarea[name=text]", "Please send the invoice of the first customer.");
        await officerAt.ClickAsync("#follow-up-form button[type=submit]");
        await officerAt.WaitForSelectorAsync("article.message[data-kind=FollowUp]");
        Assert.Equal("Open", await officerAt.InnerTextAsync("#chain-state"));

        // A member of India who joins later is confirmed and reads the whole history.
        await NewUserAsync("IN", "late.joiner.in@cordon.example");
        var joiner = await SignedInAsync("late.joiner.in@cordon.example");
        await GenerateKeysAsync(joiner);
        await ConfirmAsync(adminIn, "late.joiner.in@cordon.example", await FingerprintAsync(joiner));
        await joiner.GotoAsync(chainLink!);
        await UnlockAsync(joiner);
        await joiner.WaitForSelectorAsync("article.message[data-kind=FollowUp]");
        Assert.Contains("Bengaluru", await joiner.InnerTextAsync("article.message[data-kind=Reply]"), StringComparison.Ordinal);
        Assert.Contains("invoice of the first customer", await joiner.InnerTextAsync("article.message[data-kind=FollowUp]"), StringComparison.Ordinal);

        // Austria removes a member: the member can no longer open the chain, and the new generation is not theirs.
        var leaverId = await browser.App.WithDbAsync(db => db.Users.Where(u => u.Email == "enforcement.at@cordon.example").Select(u => u.Id).SingleAsync());
        var removed = await adminAt.APIRequest.DeleteAsync($"/api/v1/users/{leaverId}");
        Assert.Equal(204, removed.Status);
        var attempt = await leaverAt.GotoAsync(chainLink!);
        Assert.True(attempt!.Status != 200 || leaverAt.Url.Contains("/Account/", StringComparison.Ordinal), $"{attempt.Status} {leaverAt.Url}");
        await adminAt.GotoAsync("/Traceability/Members");
        await adminAt.WaitForSelectorAsync("#rotation-required");
        await UnlockAsync(adminAt);
        await adminAt.ClickAsync("#new-generation");
        await adminAt.WaitForSelectorAsync("#members-status .success");
        Assert.False(await browser.App.WithDbAsync(db => db.PartyKeyShares.AnyAsync(s => s.UserId == leaverId && s.Generation == 2)));
        // The next message goes under a new content-key version wrapped to generation 2, and India still reads it.
        await officerAt.GotoAsync(chainLink!);
        await UnlockAsync(officerAt);
        await officerAt.WaitForSelectorAsync("article.message[data-kind=FollowUp]");
        await officerAt.FillAsync("#follow-up-form textarea[name=text]", "Sent after the removal.");
        await officerAt.ClickAsync("#follow-up-form button[type=submit]");
        await officerAt.WaitForSelectorAsync("article.message[data-sequence='4']");
        await officerIn.GotoAsync(chainLink!);
        await UnlockAsync(officerIn);
        await officerIn.WaitForSelectorAsync("article.message[data-sequence='4']");
        Assert.Contains("Sent after the removal.", await officerIn.InnerTextAsync("article.message[data-sequence='4']"), StringComparison.Ordinal);
        Assert.Contains("key version 2", await officerIn.InnerTextAsync("article.message[data-sequence='4']"), StringComparison.Ordinal);

        // The Secretariat's statistics show the exchange (metadata only).
        var analyst = await SignedInAsync("secretariat.analyst@cordon.example");
        await analyst.GotoAsync("/Traceability/Statistics");
        var pairs = await analyst.InnerTextAsync("#stat-pairs");
        Assert.Contains("AT", pairs, StringComparison.Ordinal);
        Assert.Contains("IN", pairs, StringComparison.Ordinal);
        Assert.Equal("4", await analyst.InnerTextAsync("#stat-messages"));
        Assert.Equal("2", await analyst.InnerTextAsync("#stat-uims"));
        Assert.DoesNotContain("INTS202611230001A3F9", await analyst.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Party_key_the_server_substituted_is_refused_by_the_page_and_nothing_is_sent()
    {
        var adminKz = await SignedInAsync("admin.kz@cordon.example");
        var officerKz = await SignedInAsync("regulator.kz@cordon.example");
        var adminCo = await SignedInAsync("admin.co@cordon.example");
        foreach (var p in new[] { adminKz, officerKz, adminCo }) await GenerateKeysAsync(p);
        foreach (var admin in new[] { adminKz, adminCo })
        {
            await admin.GotoAsync("/Traceability/Members");
            await UnlockAsync(admin);
            await admin.ClickAsync("#new-generation");
            await admin.WaitForSelectorAsync("#members-status .success");
        }
        await ConfirmAsync(adminKz, "regulator.kz@cordon.example", await FingerprintAsync(officerKz));
        // The generation the page created carries the administrator's endorsement.
        Assert.NotNull(await browser.App.WithDbAsync(db => db.PartyKeyGenerations.Where(g => g.PartyCode == "CO").Select(g => g.Endorsement).SingleAsync()));

        // Whoever controls the database swaps Colombia's public key for one of their own.
        using var rogue = Cordon.Domain.Traceability.Crypto.TraceabilityCrypto.GeneratePartyKey();
        await browser.App.WithDbAsync(db => db.PartyKeyGenerations.Where(g => g.PartyCode == "CO").ExecuteUpdateAsync(u => u.SetProperty(g => g.PublicKey, rogue.PublicKey)));

        await officerKz.GotoAsync("/Traceability/Recognise");
        await UnlockAsync(officerKz);
        await officerKz.FillAsync("#codes", "COANT0001234567");
        await officerKz.ClickAsync("#recognise-form button");
        var colombia = officerKz.Locator("section.party-group[data-party='CO']");
        await colombia.WaitForAsync();
        await colombia.Locator("input[name=subject]").FillAsync("Seizure at Almaty");
        await colombia.Locator("button[type=submit]").ClickAsync();
        var refusal = colombia.Locator(".outcome .notice");
        await refusal.WaitForAsync();
        Assert.Contains("not endorsed", await refusal.InnerTextAsync(), StringComparison.Ordinal);
        Assert.False(await browser.App.WithDbAsync(db => db.TraceabilityChains.AnyAsync(c => c.RespondingParty == "CO")));
    }
}
