using Cordon.Domain.Authorizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Application.Authorizations;

internal sealed class AuthorizationsConfiguration :
    IEntityTypeConfiguration<Estimate>, IEntityTypeConfiguration<AuthorizedTotal>, IEntityTypeConfiguration<ImportProhibition>, IEntityTypeConfiguration<Authorization>
{
    public void Configure(EntityTypeBuilder<Estimate> b)
    {
        b.ToTable("AuthEstimates");
        b.Property(e => e.CountryCode).HasMaxLength(2);
        b.Property(e => e.SubstanceCode).HasMaxLength(100);
        b.Property(e => e.Grams).HasPrecision(24, 6);
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Note).HasMaxLength(2000);
        b.Property(e => e.ProposedBy).HasMaxLength(16);
        b.Property(e => e.ProposedByUser).HasMaxLength(256);
        b.Property(e => e.DecidedBy).HasMaxLength(256);
        b.Property(e => e.DecisionReason).HasMaxLength(2000);
        b.Property(e => e.Preparation).HasMaxLength(300);
        b.Property(e => e.EnteredUnit).HasMaxLength(8);
        b.Property(e => e.EnteredQuantity).HasPrecision(24, 6);
        b.Property(e => e.BaseFactor).HasPrecision(9, 6);
        b.HasIndex(e => new { e.CountryCode, e.SubstanceCode, e.Kind, e.Year, e.Sequence }).IsUnique();
        b.HasIndex(e => e.Status);
    }

    public void Configure(EntityTypeBuilder<AuthorizedTotal> b)
    {
        b.ToTable("AuthAuthorizedTotals");
        b.Property(t => t.CountryCode).HasMaxLength(2);
        b.Property(t => t.SubstanceCode).HasMaxLength(100);
        b.Property(t => t.AuthorizedGrams).HasPrecision(24, 6);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => new { t.CountryCode, t.SubstanceCode, t.Year }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ImportProhibition> b)
    {
        b.ToTable("AuthImportProhibitions");
        b.Property(p => p.CountryCode).HasMaxLength(2);
        b.Property(p => p.SubstanceCode).HasMaxLength(100);
        b.HasIndex(p => new { p.CountryCode, p.SubstanceCode });
    }

    public void Configure(EntityTypeBuilder<Authorization> b)
    {
        b.ToTable("Authorizations");
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(24);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Number).HasMaxLength(100);
        foreach (var p in new[] { nameof(Authorization.IssuingCountry), nameof(Authorization.RecordedBy), nameof(Authorization.ImportingCountry), nameof(Authorization.ExportingCountry) })
            b.Property(p).HasMaxLength(2);
        foreach (var p in new[] { nameof(Authorization.ImporterName), nameof(Authorization.ExporterName), nameof(Authorization.Preparation), nameof(Authorization.PharmaceuticalForm),
                     nameof(Authorization.PointOfEntry), nameof(Authorization.ImportNumber), nameof(Authorization.ImportAuthority), nameof(Authorization.SpecialImportLicence) })
            b.Property(p).HasMaxLength(300);
        foreach (var p in new[] { nameof(Authorization.ImporterAddress), nameof(Authorization.ExporterAddress), nameof(Authorization.Purpose), nameof(Authorization.EstimateWarning),
                     nameof(Authorization.ExcessReason), nameof(Authorization.EndorsementRemarks), nameof(Authorization.CancellationReason) })
            b.Property(p).HasMaxLength(2000);
        b.Property(a => a.SubstanceCode).HasMaxLength(100);
        b.Property(a => a.Unit).HasMaxLength(8);
        foreach (var p in new[] { nameof(Authorization.Quantity), nameof(Authorization.PureBaseGrams), nameof(Authorization.ExportedGrams), nameof(Authorization.ExcessGrams),
                     nameof(Authorization.QuantityImported), nameof(Authorization.QuantityExported) })
            b.Property(p).HasPrecision(24, 6);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.Ignore(a => a.Counterpart);
        b.Ignore(a => a.InForce);
        b.HasIndex(a => new { a.IssuingCountry, a.Kind, a.Number }).IsUnique();
        b.HasIndex(a => new { a.ImportingCountry, a.CreatedAt });
        b.HasIndex(a => new { a.ExportingCountry, a.CreatedAt });
        b.HasIndex(a => a.ImportAuthorizationId);
        b.HasIndex(a => a.DocumentId);
    }
}
