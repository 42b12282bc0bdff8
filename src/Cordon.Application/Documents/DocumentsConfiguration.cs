using Cordon.Domain.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Application.Documents;

internal sealed class DocumentsConfiguration : IEntityTypeConfiguration<SigningKey>, IEntityTypeConfiguration<SignedDocumentRecord>
{
    public void Configure(EntityTypeBuilder<SigningKey> b)
    {
        b.ToTable("SigningKeys");
        b.Property(k => k.Authority).HasMaxLength(40);
        b.Property(k => k.Fingerprint).HasMaxLength(64);
        b.Property(k => k.PublicKeySpki).HasMaxLength(512);
        b.Property(k => k.RevokedBy).HasMaxLength(300);
        b.Property(k => k.RevocationReason).HasMaxLength(2000);
        b.HasIndex(k => k.Fingerprint).IsUnique();
        b.HasIndex(k => k.Authority);
    }

    public void Configure(EntityTypeBuilder<SignedDocumentRecord> b)
    {
        b.ToTable("SignedDocuments");
        b.Property(d => d.Kind).HasMaxLength(60);
        b.Property(d => d.Authority).HasMaxLength(40);
        b.Property(d => d.KeyFingerprint).HasMaxLength(64);
        b.Property(d => d.Signature).HasMaxLength(200);
        b.Property(d => d.Payload).HasMaxLength(100_000);
    }
}
