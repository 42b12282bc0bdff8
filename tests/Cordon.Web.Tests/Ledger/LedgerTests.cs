using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Exchange;
using Cordon.Application.Reference;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.Ledger;

/// <summary>
/// The ledger written at commit (ADR 18): entries sealed only when their transaction commits, none left behind by a
/// rollback, none lost by a commit that bypasses the write scope, and one unbroken chain and gap-free, ordered feed
/// under concurrent writers.
/// </summary>
public class LedgerTests : IAsyncLifetime
{
    private readonly CordonApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    private async Task<long> HeadAsync() => await _app.WithDbAsync(db => db.AuditEntries.MaxAsync(e => e.Sequence));

    [Fact]
    public async Task An_entry_is_sealed_at_commit_and_a_rolled_back_one_leaves_no_trace()
    {
        var before = await HeadAsync();
        await _app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CordonDbContext>();
            var audit = sp.GetRequiredService<AuditLog>();
            await using (var tx = await db.BeginWriteAsync())
            {
                var entry = await audit.RecordAsync("ledger.rolled-back", "Test", "1");
                Assert.Equal(0, entry.Sequence); // not sealed before commit
                Assert.True(db.HasPendingLedgerWrites);
            } // disposed uncommitted: rolled back

            Assert.False(db.HasPendingLedgerWrites);
            await using (var tx = await db.BeginWriteAsync())
            {
                var first = await audit.RecordAsync("ledger.committed", "Test", "2");
                var second = await audit.RecordAsync("ledger.committed", "Test", "3");
                await tx.CommitAsync();
                Assert.Equal(before + 1, first.Sequence);
                Assert.Equal(before + 2, second.Sequence);
                Assert.Equal(first.Hash, second.PreviousHash);
            }
        });
        Assert.Equal(before + 2, await HeadAsync());
        Assert.False(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "ledger.rolled-back")));
        var verification = await VerifyAsync();
        Assert.True(verification.IsValid, verification.Problem);
    }

    [Fact]
    public async Task A_commit_that_bypasses_the_write_scope_is_refused_rather_than_losing_the_entry()
    {
        var before = await HeadAsync();
        await _app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CordonDbContext>();
            await using var tx = await db.BeginWriteAsync();
            await sp.GetRequiredService<AuditLog>().RecordAsync("ledger.bypass", "Test", "1");
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.Database.CurrentTransaction!.CommitAsync());
        });
        Assert.Equal(before, await HeadAsync());
    }

    [Fact]
    public async Task Concurrent_writers_make_one_unbroken_chain_and_feed_ids_that_follow_commit_order()
    {
        var before = await HeadAsync();
        var feedBefore = await _app.WithDbAsync(db => db.FeedItems.Select(f => (long?)f.Id).MaxAsync()) ?? 0;
        const int Writers = 24;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(() => _app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CordonDbContext>();
            await using var tx = await db.BeginWriteAsync();
            await sp.GetRequiredService<AuditLog>().RecordAsync("ledger.concurrent", "Test", i.ToString(System.Globalization.CultureInfo.InvariantCulture), new { i });
            await sp.GetRequiredService<PartyExchange>().SendAsync(new Dispatch("Exchange", "LedgerTest", $"rec-{i}", "AT", ["IN"], SecretariatCopy: false,
                "created", "Notification.Test", [], "/"));
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }))));

        Assert.Equal(before + Writers, await HeadAsync());
        var verification = await VerifyAsync();
        Assert.True(verification.IsValid, verification.Problem);
        var feed = await _app.WithDbAsync(db => db.FeedItems.Where(f => f.Id > feedBefore && f.RecordType == "LedgerTest").OrderBy(f => f.Id).ToListAsync());
        Assert.Equal(Writers, feed.Count);
        Assert.Equal(Writers, feed.Select(f => f.RecordId).Distinct().Count());
    }

    [Fact]
    public async Task A_reference_change_saved_through_the_node_is_seen_by_the_next_read_of_the_cache()
    {
        await _app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CordonDbContext>();
            var code = (await ReferenceCache.GetAsync(db)).Substances.First(s => s.IsActive).Code;
            await using (var tx = await db.BeginWriteAsync())
            {
                var s = await db.Substances.FirstAsync(x => x.Code == code);
                s.IsActive = false;
                await db.SaveChangesAsync();
                await tx.CommitAsync();
            }
            Assert.False((await ReferenceCache.GetAsync(db)).Substances.First(s => s.Code == code).IsActive);
            var tracked = await db.Substances.FirstAsync(x => x.Code == code);
            tracked.IsActive = true;
            await db.SaveChangesAsync();
            Assert.True((await ReferenceCache.GetAsync(db)).Substances.First(s => s.Code == code).IsActive);
        });
    }

    /// <summary>
    /// A node killed between its commit and its sealing pass (ADR 0020): the committed pending row is neither on the chain
    /// nor in the feed until a pass on any node seals it, and that pass chains it, adds its feed item and its webhook
    /// delivery exactly once. On SQLite the ledger is sealed inside the transaction, so nothing is ever pending.
    /// </summary>
    [Fact]
    public async Task Writes_committed_but_not_sealed_are_sealed_once_by_the_next_pass_and_never_seen_before()
    {
        var before = await HeadAsync();
        var feedBefore = await _app.WithDbAsync(db => db.FeedItems.Select(f => (long?)f.Id).MaxAsync()) ?? 0;
        var subscription = Guid.NewGuid();
        await _app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CordonDbContext>();
            db.WebhookSubscriptions.Add(new Cordon.Domain.Exchange.WebhookSubscription
            {
                Id = subscription, AuthorityId = Guid.NewGuid(), PartyCode = "IN", Url = "http://127.0.0.1:9/hook", Secret = "s3cret-for-ledger-test", CreatedAt = DateTimeOffset.UnixEpoch,
            });
            await db.SaveChangesAsync();
        });

        // The request commits its ledger writes and "dies" before sealing: commit the transaction itself, skipping WriteScope's pass.
        await _app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CordonDbContext>();
            await using var tx = await db.BeginWriteAsync();
            await sp.GetRequiredService<AuditLog>().RecordAsync("ledger.orphan", "Test", "orphan-1", new { n = 1 });
            await sp.GetRequiredService<PartyExchange>().SendAsync(new Dispatch("Exchange", "LedgerOrphan", "orphan-1", "AT", ["IN"], SecretariatCopy: false,
                "created", "Notification.Test", [], "/"));
            await db.FlushLedgerAsync();
            await db.Database.CurrentTransaction!.CommitAsync();
        });

        var pending = await _app.WithDbAsync(db => db.LedgerPending.CountAsync());
        if (CordonApp.Provider == DatabaseProvider.Sqlite)
        {
            Assert.Equal(0, pending); // sealed in the transaction
            Assert.Equal(before + 1, await HeadAsync());
            return;
        }
        Assert.Equal(1, pending);
        Assert.Equal(before, await HeadAsync());
        Assert.False(await _app.WithDbAsync(db => db.FeedItems.AnyAsync(f => f.Id > feedBefore && f.RecordType == "LedgerOrphan")));

        var sealedRows = await _app.WithDbAsync(db => LedgerSealer.For(db).SealPendingAsync(db, CancellationToken.None));
        Assert.Equal(1, sealedRows);
        Assert.Equal(0, await _app.WithDbAsync(db => LedgerSealer.For(db).SealPendingAsync(db, CancellationToken.None))); // nothing twice

        Assert.Equal(before + 1, await HeadAsync());
        Assert.Equal("ledger.orphan", await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.Sequence == before + 1).Select(e => e.Action).SingleAsync()));
        var feed = await _app.WithDbAsync(db => db.FeedItems.Where(f => f.Id > feedBefore && f.RecordType == "LedgerOrphan").ToListAsync());
        var item = Assert.Single(feed);
        Assert.Equal(1, await _app.WithDbAsync(db => db.WebhookDeliveries.CountAsync(w => w.SubscriptionId == subscription && w.FeedItemId == item.Id)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.LedgerPending.CountAsync()));
        var verification = await VerifyAsync();
        Assert.True(verification.IsValid, verification.Problem);
    }

    [Fact]
    public async Task The_sweeper_seals_rows_a_dead_node_left_pending_without_any_other_write()
    {
        if (CordonApp.Provider == DatabaseProvider.Sqlite) return; // nothing is ever pending on SQLite (see above)
        var before = await HeadAsync();
        await _app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CordonDbContext>();
            await using var tx = await db.BeginWriteAsync();
            await sp.GetRequiredService<AuditLog>().RecordAsync("ledger.swept", "Test", "swept-1");
            await db.FlushLedgerAsync();
            await db.Database.CurrentTransaction!.CommitAsync();
        });
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await HeadAsync() == before && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(200);
        Assert.Equal(before + 1, await HeadAsync());
        Assert.Equal(0, await _app.WithDbAsync(db => db.LedgerPending.CountAsync()));
    }

    private async Task<Cordon.Domain.Audit.AuditVerification> VerifyAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditChainService>().VerifyAsync();
    }
}
