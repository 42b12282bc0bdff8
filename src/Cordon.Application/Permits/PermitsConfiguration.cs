using Cordon.Domain.Permits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Application.Permits;

internal sealed class PermitsConfiguration :
    IEntityTypeConfiguration<CitesTaxon>, IEntityTypeConfiguration<Permit>, IEntityTypeConfiguration<PermitLine>, IEntityTypeConfiguration<PermitRiskRule>
{
    public void Configure(EntityTypeBuilder<CitesTaxon> b)
    {
        b.ToTable("CitesTaxa");
        b.Property(t => t.ScientificName).HasMaxLength(200);
        b.HasIndex(t => t.ScientificName).IsUnique();
        b.Property(t => t.CommonName).HasMaxLength(300);
        b.Property(t => t.Appendix).HasMaxLength(3);
        b.Property(t => t.ListingParty).HasMaxLength(2);
        b.Property(t => t.Annotation).HasMaxLength(2000);
        b.Property(t => t.Kingdom).HasMaxLength(20);
    }

    public void Configure(EntityTypeBuilder<Permit> b)
    {
        b.ToTable("Permits");
        b.Property(p => p.Number).HasMaxLength(40);
        b.HasIndex(p => p.Number).IsUnique();
        b.HasIndex(p => p.DocumentId);
        b.Property(p => p.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.IssuingCountry).HasMaxLength(2);
        b.Property(p => p.ExportingCountry).HasMaxLength(2);
        b.Property(p => p.ImportingCountry).HasMaxLength(2);
        b.Property(p => p.CountryOfOrigin).HasMaxLength(2);
        b.HasIndex(p => new { p.IssuingCountry, p.Year });
        b.HasIndex(p => p.ImportingCountry);
        foreach (var name in new[] { nameof(Permit.ExporterName), nameof(Permit.ImporterName),
                     nameof(Permit.AppliedBy), nameof(Permit.AdviceBy), nameof(Permit.DecidedBy), nameof(Permit.IssuedBy), nameof(Permit.EndorsedBy),
                     nameof(Permit.CancelledBy), nameof(Permit.Port), nameof(Permit.OriginalPermitNumber) })
            b.Property(name).HasMaxLength(300);
        foreach (var name in new[] { nameof(Permit.ExporterAddress), nameof(Permit.ImporterAddress), nameof(Permit.SpecialConditions),
                     nameof(Permit.AdviceNote), nameof(Permit.DecisionReason) })
            b.Property(name).HasMaxLength(2000);
        b.Property(p => p.ReplacesPermitNumber).HasMaxLength(40);
        b.Property(p => p.Purpose).HasMaxLength(1);
        b.Property(p => p.Version).IsConcurrencyToken();
        // Lines are never deleted (nothing is): no cascade.
        b.HasMany(p => p.Lines).WithOne().HasForeignKey(l => l.PermitId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<PermitLine> b)
    {
        b.ToTable("PermitLines");
        b.HasKey(l => new { l.PermitId, l.LineNumber });
        b.Property(l => l.ScientificName).HasMaxLength(200);
        b.Property(l => l.CommonName).HasMaxLength(300);
        b.Property(l => l.Appendix).HasMaxLength(3);
        b.Property(l => l.Source).HasMaxLength(1);
        b.Property(l => l.Description).HasMaxLength(2000);
        b.Property(l => l.Unit).HasMaxLength(10);
        b.Property(l => l.Quantity).HasPrecision(18, 3);
        b.Property(l => l.RemainingQuantity).HasPrecision(18, 3);
        b.Property(l => l.QuantityTraded).HasPrecision(18, 3);
        b.HasIndex(l => l.ScientificName);
    }

    public void Configure(EntityTypeBuilder<PermitRiskRule> b)
    {
        b.ToTable("PermitRiskRules");
        b.Property(r => r.Kind).HasMaxLength(20);
        b.Property(r => r.Value).HasMaxLength(200);
    }
}
