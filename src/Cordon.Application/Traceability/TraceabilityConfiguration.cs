using Cordon.Domain.Traceability;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Application.Traceability;

/// <summary>
/// Mappings of the traceability module. Key material and message content are opaque text; the indexes serve the access
/// filter (a Party's chains) and the Secretariat's statistics, which read metadata columns only.
/// </summary>
internal sealed class TraceabilityConfiguration :
    IEntityTypeConfiguration<UimPatternEntry>, IEntityTypeConfiguration<TraceabilityUserKey>, IEntityTypeConfiguration<PartyKeyGeneration>,
    IEntityTypeConfiguration<PartyKeyShare>, IEntityTypeConfiguration<TraceabilityChain>, IEntityTypeConfiguration<ChainKeyVersion>,
    IEntityTypeConfiguration<TraceabilityMessage>, IEntityTypeConfiguration<TraceabilityAttachment>,
    IEntityTypeConfiguration<TraceabilityMonthlyCount>, IEntityTypeConfiguration<ConnectorTransfer>
{
    public void Configure(EntityTypeBuilder<UimPatternEntry> b)
    {
        b.ToTable("UimPatterns");
        b.Property(p => p.PartyCode).HasMaxLength(2);
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Description).HasMaxLength(2000);
        b.Property(p => p.Level).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.SegmentsJson).HasMaxLength(4000);
        b.Property(p => p.Regex).HasMaxLength(500);
        b.Property(p => p.ExamplesJson).HasMaxLength(4000);
        b.Property(p => p.CreatedBy).HasMaxLength(300);
        b.Property(p => p.UpdatedBy).HasMaxLength(300);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => new { p.PartyCode, p.WithdrawnAt });
    }

    public void Configure(EntityTypeBuilder<TraceabilityUserKey> b)
    {
        b.ToTable("TraceabilityUserKeys");
        b.Property(k => k.PartyCode).HasMaxLength(2);
        b.Property(k => k.EncryptionPublicKey).HasMaxLength(400);
        b.Property(k => k.SigningPublicKey).HasMaxLength(400);
        b.Property(k => k.Fingerprint).HasMaxLength(200);
        b.Property(k => k.WrappedPrivateKeys).HasMaxLength(4000);
        b.HasIndex(k => new { k.UserId, k.ReplacedAt });
        b.HasIndex(k => new { k.PartyCode, k.ReplacedAt });
    }

    public void Configure(EntityTypeBuilder<PartyKeyGeneration> b)
    {
        b.ToTable("PartyKeyGenerations");
        b.Property(g => g.PartyCode).HasMaxLength(2);
        b.Property(g => g.PublicKey).HasMaxLength(400);
        b.Property(g => g.CreatedByName).HasMaxLength(300);
        b.Property(g => g.Reason).HasMaxLength(500);
        b.Property(g => g.Endorsement).HasMaxLength(400);
        b.HasIndex(g => new { g.PartyCode, g.Number }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<PartyKeyShare> b)
    {
        b.ToTable("PartyKeyShares");
        b.Property(s => s.PartyCode).HasMaxLength(2);
        b.Property(s => s.WrappedPrivateKey).HasMaxLength(4000);
        b.HasIndex(s => new { s.GenerationId, s.UserKeyId }).IsUnique();
        b.HasIndex(s => new { s.PartyCode, s.Generation });
        b.HasIndex(s => s.UserKeyId);
    }

    public void Configure(EntityTypeBuilder<TraceabilityChain> b)
    {
        b.ToTable("TraceabilityChains");
        b.Property(c => c.RequestingParty).HasMaxLength(2);
        b.Property(c => c.RespondingParty).HasMaxLength(2);
        b.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => new { c.RequestingParty, c.LastMessageAt });
        b.HasIndex(c => new { c.RespondingParty, c.LastMessageAt });
        // Average reply time per responding Party over a period, read from the index alone.
        b.HasIndex(c => new { c.CreatedAt, c.RespondingParty, c.ReplySeconds });
    }

    public void Configure(EntityTypeBuilder<ChainKeyVersion> b)
    {
        b.ToTable("ChainKeyVersions");
        b.Property(k => k.RequestingWrappedKey).HasMaxLength(1000);
        b.Property(k => k.RespondingWrappedKey).HasMaxLength(1000);
        b.HasIndex(k => new { k.ChainId, k.Number }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<TraceabilityMessage> b)
    {
        b.ToTable("TraceabilityMessages");
        b.Property(m => m.SenderParty).HasMaxLength(2);
        b.Property(m => m.RecipientParty).HasMaxLength(2);
        // Stored as a small integer: the statistics group by it over a million rows.
        b.Property(m => m.Kind).HasConversion<int>();
        b.Property(m => m.Signature).HasMaxLength(400);
        b.HasIndex(m => new { m.ChainId, m.Sequence }).IsUnique();
        // Statistics over a period: sent, received, between two Parties, UIMs, active Parties; covering, so index-only.
        b.HasIndex(m => new { m.SentAt, m.SenderParty, m.RecipientParty, m.Kind, m.UimCount });
        // Unread / not actioned per recipient Party.
        b.HasIndex(m => new { m.RecipientParty, m.ActionedAt, m.SentAt });
    }

    public void Configure(EntityTypeBuilder<TraceabilityMonthlyCount> b)
    {
        b.ToTable("TraceabilityMonthlyCounts");
        b.HasKey(c => new { c.Month, c.FromParty, c.ToParty });
        b.Property(c => c.FromParty).HasMaxLength(2);
        b.Property(c => c.ToParty).HasMaxLength(2);
    }

    public void Configure(EntityTypeBuilder<ConnectorTransfer> b)
    {
        b.ToTable("ConnectorTransfers");
        b.Property(t => t.PartyCode).HasMaxLength(2);
        b.Property(t => t.Direction).HasConversion<string>().HasMaxLength(10);
        b.Property(t => t.State).HasConversion<string>().HasMaxLength(10);
        b.Property(t => t.WrappedKey).HasMaxLength(1000);
        b.Property(t => t.PreviewDigest).HasMaxLength(64);
        b.Property(t => t.PreviewSignature).HasMaxLength(400);
        b.Property(t => t.ApprovalSignature).HasMaxLength(400);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => new { t.PartyCode, t.State, t.ProposedAt });
        b.HasIndex(t => new { t.RequestMessageId, t.Direction });
    }

    public void Configure(EntityTypeBuilder<TraceabilityAttachment> b)
    {
        b.ToTable("TraceabilityAttachments");
        b.HasIndex(a => a.MessageId);
    }
}
