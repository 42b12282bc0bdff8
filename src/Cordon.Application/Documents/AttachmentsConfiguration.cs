using Cordon.Domain.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Application.Documents;

internal sealed class AttachmentsConfiguration : IEntityTypeConfiguration<Attachment>, IEntityTypeConfiguration<AttachmentContent>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.ToTable("Attachments");
        b.Property(a => a.Module).HasConversion<string>().HasMaxLength(32);
        b.Property(a => a.FileName).HasMaxLength(200);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.Property(a => a.PartyCode).HasMaxLength(2);
        b.HasIndex(a => new { a.Module, a.RecordId });
    }

    public void Configure(EntityTypeBuilder<AttachmentContent> b)
    {
        b.ToTable("AttachmentContents");
        b.HasOne<Attachment>().WithOne().HasForeignKey<AttachmentContent>(c => c.Id).OnDelete(DeleteBehavior.Cascade);
    }
}
