using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Domain.Audit;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.Audit;

/// <summary>Tampers with the audit table directly, as a rogue database administrator would, and checks that verification notices.</summary>
public class AuditTamperTests : IAsyncLifetime
{
    private readonly CordonApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    private Task<AuditVerification> VerifyAsync() =>
        WithChainAsync(chain => chain.VerifyAsync());

    private async Task<T> WithChainAsync<T>(Func<AuditChainService, Task<T>> f)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await f(scope.ServiceProvider.GetRequiredService<AuditChainService>());
    }

    [Fact]
    public async Task The_seeded_chain_verifies_and_a_changed_entry_is_caught()
    {
        var clean = await VerifyAsync();
        Assert.True(clean.IsValid, clean.Problem);
        Assert.True(clean.EntriesChecked > 10);

        await _app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Details\" = 'nothing happened' WHERE \"Sequence\" = 5"));
        var result = await VerifyAsync();
        Assert.False(result.IsValid);
        Assert.Equal(5, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task A_deleted_entry_is_caught()
    {
        await _app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 7"));
        var result = await VerifyAsync();
        Assert.False(result.IsValid);
        Assert.Equal(7, result.FirstBrokenSequence);
        Assert.Contains("missing", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inserted_entry_is_caught()
    {
        // Append a forged entry that claims to follow the head but was never sealed by the platform.
        await _app.WithDbAsync(async db =>
        {
            var head = await db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
            db.AuditEntries.Add(new AuditEntry
            {
                Sequence = head.Sequence + 1, Timestamp = head.Timestamp, Action = "grant.granted", EntityType = "User", EntityId = "forged",
                PreviousHash = head.Hash, Hash = new string('f', 64),
            });
            return await db.SaveChangesAsync();
        });
        var result = await VerifyAsync();
        Assert.False(result.IsValid);
        Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rewritten_chain_is_caught_by_the_signed_checkpoint()
    {
        var checkpoint = await WithChainAsync(c => c.CheckpointAsync());
        Assert.NotNull(checkpoint);
        // Rewrite entry 3 and reseal everything after it, as someone with full database access could.
        await _app.WithDbAsync(async db =>
        {
            var entries = await db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync();
            entries[2].Details = "rewritten history";
            for (var i = 2; i < entries.Count; i++) AuditChain.Seal(entries[i], entries[i - 1]);
            return await db.SaveChangesAsync();
        });
        var result = await VerifyAsync();
        Assert.False(result.IsValid);
        Assert.Equal(checkpoint!.Sequence, result.FirstBrokenSequence);
        Assert.Contains("checkpoint", result.Problem, StringComparison.Ordinal);
    }
}
