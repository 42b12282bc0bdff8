using Cordon.Application.Api;
using Cordon.Application.Identity;
using Cordon.Domain.Api;
using Cordon.Domain.Audit;
using Cordon.Domain.Common;
using Cordon.Domain.Exchange;
using Cordon.Domain.Identity;
using Cordon.Domain.Notifications;
using Cordon.Domain.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Application.Data;

internal sealed class PartyConfiguration : IEntityTypeConfiguration<Party>, IEntityTypeConfiguration<PartyModuleMembership>, IEntityTypeConfiguration<Authority>, IEntityTypeConfiguration<ModuleGrant>
{
    public void Configure(EntityTypeBuilder<Party> b)
    {
        b.HasKey(p => p.Code);
        b.Property(p => p.Code).HasMaxLength(2);
        b.HasMany(p => p.Memberships).WithOne().HasForeignKey(m => m.PartyCode);
    }

    public void Configure(EntityTypeBuilder<PartyModuleMembership> b)
    {
        b.Property(m => m.Module).HasConversion<string>().HasMaxLength(32);
        b.HasIndex(m => new { m.PartyCode, m.Module });
    }

    public void Configure(EntityTypeBuilder<Authority> b)
    {
        b.Property(a => a.Name).HasMaxLength(300);
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(a => a.Address).HasMaxLength(1000);
        b.Property(a => a.Email).HasMaxLength(256);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasOne<Party>().WithMany().HasForeignKey(a => a.PartyCode);
        b.HasIndex(a => a.PartyCode);
    }

    public void Configure(EntityTypeBuilder<ModuleGrant> b)
    {
        b.Property(g => g.Module).HasConversion<string>().HasMaxLength(32);
        b.Property(g => g.Right).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(g => g.UserId);
        b.Ignore(g => g.Permission);
        b.Ignore(g => g.IsActive);
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<CordonUser>
{
    public void Configure(EntityTypeBuilder<CordonUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.Property(u => u.PartyCode).HasMaxLength(2);
        b.Property(u => u.PreferredLanguage).HasMaxLength(5);
        b.HasOne<Authority>().WithMany().HasForeignKey(u => u.AuthorityId);
        b.HasIndex(u => u.PartyCode);
    }
}

internal sealed class ReferenceConfiguration : IEntityTypeConfiguration<Country>, IEntityTypeConfiguration<ControlledSubstance>, IEntityTypeConfiguration<SubstanceSalt>
{
    public void Configure(EntityTypeBuilder<Country> b)
    {
        b.HasKey(c => c.Alpha2);
        b.Property(c => c.Alpha2).HasMaxLength(2);
        b.Property(c => c.Alpha3).HasMaxLength(3);
        b.Property(c => c.Numeric).HasMaxLength(3);
        b.HasIndex(c => c.Alpha3).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ControlledSubstance> b)
    {
        b.HasKey(s => s.Code);
        b.Property(s => s.Code).HasMaxLength(64);
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(s => s.Name).HasMaxLength(300);
        b.Property(s => s.Cas).HasMaxLength(20);
        b.Property(s => s.Schedules).HasMaxLength(20);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.HasMany(s => s.Salts).WithOne().HasForeignKey(s => s.SubstanceCode);
        b.HasIndex(s => s.Kind);
        b.Ignore(s => s.SynonymList);
    }

    public void Configure(EntityTypeBuilder<SubstanceSalt> b)
    {
        b.Property(s => s.Name).HasMaxLength(300);
        b.Property(s => s.Cas).HasMaxLength(20);
        b.Property(s => s.BaseFactor).HasPrecision(9, 6);
    }
}

internal sealed class AuditConfiguration : IEntityTypeConfiguration<AuditEntry>, IEntityTypeConfiguration<AuditCheckpoint>, IEntityTypeConfiguration<LedgerPending>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.Action).HasMaxLength(64);
        b.Property(e => e.EntityType).HasMaxLength(64);
        b.Property(e => e.EntityId).HasMaxLength(128);
        b.Property(e => e.UserName).HasMaxLength(256);
        b.Property(e => e.PartyCode).HasMaxLength(2);
        b.Property(e => e.ConcernsParties).HasMaxLength(400);
        b.Property(e => e.IpAddress).HasMaxLength(64);
        b.Property(e => e.RecordHash).HasMaxLength(64);
        b.Property(e => e.PreviousHash).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64);
        b.HasIndex(e => e.Timestamp);
        b.HasIndex(e => new { e.EntityType, e.EntityId });
        b.HasIndex(e => e.PartyCode);
    }

    public void Configure(EntityTypeBuilder<LedgerPending> b)
    {
        b.ToTable("LedgerPending");
        b.HasKey(p => p.Id);
    }

    public void Configure(EntityTypeBuilder<AuditCheckpoint> b)
    {
        b.Property(c => c.Hash).HasMaxLength(64);
        b.Property(c => c.KeyId).HasMaxLength(64);
        b.Property(c => c.Signature).HasMaxLength(200);
        b.HasIndex(c => c.Sequence);
    }
}

internal sealed class ExchangeConfiguration : IEntityTypeConfiguration<Delivery>, IEntityTypeConfiguration<FeedItem>, IEntityTypeConfiguration<WebhookSubscription>, IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<Delivery> b)
    {
        b.Property(d => d.Module).HasMaxLength(32);
        b.Property(d => d.RecordType).HasMaxLength(64);
        b.Property(d => d.RecordId).HasMaxLength(128);
        b.Property(d => d.SenderPartyCode).HasMaxLength(2);
        b.Property(d => d.RecipientPartyCode).HasMaxLength(2);
        b.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(d => new { d.RecordType, d.RecordId });
        b.HasIndex(d => new { d.RecipientPartyCode, d.State });
        b.Ignore(d => d.IsSecretariatCopy);
    }

    public void Configure(EntityTypeBuilder<FeedItem> b)
    {
        b.Property(f => f.RecipientPartyCode).HasMaxLength(2);
        b.Property(f => f.Module).HasMaxLength(32);
        b.Property(f => f.RecordType).HasMaxLength(64);
        b.Property(f => f.RecordId).HasMaxLength(128);
        b.Property(f => f.Event).HasMaxLength(32);
        b.HasIndex(f => new { f.RecipientPartyCode, f.Id });
    }

    public void Configure(EntityTypeBuilder<WebhookSubscription> b)
    {
        b.Property(w => w.Url).HasMaxLength(2000);
        b.Property(w => w.Secret).HasMaxLength(100);
        b.Property(w => w.PartyCode).HasMaxLength(2);
        b.HasIndex(w => w.PartyCode);
    }

    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.Property(w => w.State).HasConversion<string>().HasMaxLength(24);
        b.Property(w => w.LastError).HasMaxLength(1000);
        b.Property(w => w.Warnings).HasMaxLength(WebhookDelivery.MaxWarningsLength);
        b.HasIndex(w => new { w.State, w.NextAttemptAt });
        b.HasIndex(w => new { w.SubscriptionId, w.FeedItemId }).IsUnique();
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<NotificationMessage>, IEntityTypeConfiguration<Notification>, IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<NotificationMessage> b)
    {
        b.Property(n => n.MessageKey).HasMaxLength(100);
        b.Property(n => n.Arguments).HasMaxLength(2000);
        b.Property(n => n.Link).HasMaxLength(500);
        b.Ignore(n => n.ArgumentList);
    }

    public void Configure(EntityTypeBuilder<Notification> b)
    {
        // Every read is by user, newest message first (the centre, the unread count, and the live push, which keeps its
        // look-back as a message id: ADR 49); one index per row, and no sequence value drawn per recipient (ADR 52).
        b.HasKey(n => new { n.UserId, n.MessageId });
        // On PostgreSQL the migration leaves out this relationship's constraint and its index on MessageId: checking the
        // constraint on each of an incident's fifty recipient rows and a second index cost as much as the text the split
        // saves. A message and its recipients are only written together, by one statement (ADR 52; a test keeps it so).
        b.HasOne(n => n.Message).WithMany().HasForeignKey(n => n.MessageId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<OutboxEmail> b)
    {
        // Unbounded: one mail may go to every follower of an incident (ADR 49).
        b.Property(e => e.Subject).HasMaxLength(500);
        b.Property(e => e.LastError).HasMaxLength(1000);
        b.HasIndex(e => new { e.SentAt, e.NextAttemptAt });
    }
}

internal sealed class ApiConfiguration : IEntityTypeConfiguration<ApiClient>, IEntityTypeConfiguration<IdempotencyRecord>, IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<ApiClient> b)
    {
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Scopes).HasMaxLength(2000);
        b.Property(c => c.SecretHash).HasMaxLength(64);
        b.Property(c => c.PartyCode).HasMaxLength(2);
        b.HasIndex(c => c.AuthorityId);
        b.Ignore(c => c.ScopeList);
    }

    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.Property(r => r.Caller).HasMaxLength(64);
        b.Property(r => r.Key).HasMaxLength(200);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.Location).HasMaxLength(500);
        b.HasIndex(r => new { r.Caller, r.Key }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<JobLease> b)
    {
        b.HasKey(l => l.Name);
        b.Property(l => l.Name).HasMaxLength(100);
        b.Property(l => l.Holder).HasMaxLength(200);
    }
}
