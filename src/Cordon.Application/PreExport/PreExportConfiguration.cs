using Cordon.Domain.PreExport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Application.PreExport;

internal sealed class PreExportConfiguration :
    IEntityTypeConfiguration<Invocation>, IEntityTypeConfiguration<LegitimateRequirement>,
    IEntityTypeConfiguration<PreExportNotification>, IEntityTypeConfiguration<PreExportLine>, IEntityTypeConfiguration<PreExportShipment>,
    IEntityTypeConfiguration<PreExportPartyCount>, IEntityTypeConfiguration<PreExportRouteCount>, IEntityTypeConfiguration<PreExportCountDelta>, IEntityTypeConfiguration<PreExportRouteDelta>
{
    public void Configure(EntityTypeBuilder<Invocation> b)
    {
        b.ToTable("PreExportInvocations");
        b.Property(i => i.CountryCode).HasMaxLength(2);
        b.Property(i => i.NamedSubstances).HasMaxLength(4000);
        b.Property(i => i.Version).IsConcurrencyToken();
        b.Ignore(i => i.NamedSubstanceCodes);
        b.HasIndex(i => i.CountryCode);
    }

    public void Configure(EntityTypeBuilder<LegitimateRequirement> b)
    {
        b.ToTable("PreExportRequirements");
        b.Property(r => r.CountryCode).HasMaxLength(2);
        b.Property(r => r.SubstanceCode).HasMaxLength(100);
        b.Property(r => r.Kilograms).HasPrecision(18, 3);
        b.HasIndex(r => new { r.CountryCode, r.SubstanceCode, r.Year }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<PreExportNotification> b)
    {
        b.ToTable("PreExportNotifications");
        b.Property(n => n.Reference).HasMaxLength(40);
        b.HasIndex(n => n.Reference).IsUnique();
        b.Property(n => n.ExportingCountry).HasMaxLength(2);
        b.Property(n => n.ImportingCountry).HasMaxLength(2);
        b.Property(n => n.TransitCountries).HasMaxLength(400);
        foreach (var p in new[] { nameof(PreExportNotification.ExporterName), nameof(PreExportNotification.ImporterName), nameof(PreExportNotification.ConsigneeName),
                     nameof(PreExportNotification.PointOfEntry), nameof(PreExportNotification.Packaging), nameof(PreExportNotification.TransportMode),
                     nameof(PreExportNotification.PortOfExit), nameof(PreExportNotification.ExporterReference), nameof(PreExportNotification.ImportPermitReference) })
            b.Property(p).HasMaxLength(300);
        foreach (var p in new[] { nameof(PreExportNotification.ExporterAddress), nameof(PreExportNotification.ImporterAddress), nameof(PreExportNotification.ConsigneeAddress),
                     nameof(PreExportNotification.Route), nameof(PreExportNotification.AnswerText), nameof(PreExportNotification.MarkReason), nameof(PreExportNotification.RequirementWarning), nameof(PreExportNotification.ExporterInformation) })
            b.Property(p).HasMaxLength(2000);
        b.Property(n => n.MarkedBy).HasMaxLength(2);
        b.Property(n => n.Status).HasConversion<string>().HasMaxLength(32);
        b.Property(n => n.Mark).HasConversion<string>().HasMaxLength(16);
        b.Property(n => n.Version).IsConcurrencyToken();
        b.Ignore(n => n.TransitList);
        b.HasMany(n => n.Lines).WithOne().HasForeignKey(l => l.NotificationId);
        b.HasMany(n => n.Shipments).WithOne().HasForeignKey(s => s.NotificationId);
        b.HasIndex(n => new { n.ExportingCountry, n.CreatedAt });
        b.HasIndex(n => new { n.ImportingCountry, n.CreatedAt });
        b.HasIndex(n => new { n.Status, n.ReplyDeadline });
        // Covering indexes of the yearly statistics (grouped counts per exporter and per importer; ADR 30).
        b.HasIndex(n => new { n.Year, n.ExportingCountry, n.Status, n.Mark });
        b.HasIndex(n => new { n.Year, n.ImportingCountry, n.Status, n.ResponseSeconds });
        b.HasIndex(n => new { n.ExportingCountry, n.ImportingCountry, n.DispatchDate });
    }

    public void Configure(EntityTypeBuilder<PreExportLine> b)
    {
        b.ToTable("PreExportLines");
        b.Property(l => l.SubstanceCode).HasMaxLength(100);
        b.Property(l => l.Unit).HasMaxLength(8);
        b.Property(l => l.Quantity).HasPrecision(20, 6);
        b.HasIndex(l => l.SubstanceCode);
    }

    public void Configure(EntityTypeBuilder<PreExportShipment> b)
    {
        b.ToTable("PreExportShipments");
        b.Property(s => s.Quantity).HasPrecision(20, 6);
        b.Property(s => s.Reference).HasMaxLength(100);
    }

    // Statistics counters and their pending deltas (ADR 35). The keys lead with the year, as every statistic reads by year.
    public void Configure(EntityTypeBuilder<PreExportPartyCount> b)
    {
        b.ToTable("PreExportPartyCounts");
        b.HasKey(c => new { c.Year, c.Role, c.PartyCode, c.Status, c.Marked });
        b.Property(c => c.PartyCode).HasMaxLength(2);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(32);
    }

    public void Configure(EntityTypeBuilder<PreExportRouteCount> b)
    {
        b.ToTable("PreExportRouteCounts");
        b.HasKey(c => new { c.DispatchYear, c.ImportingCountry, c.ExportingCountry, c.SubstanceCode });
        b.Property(c => c.ImportingCountry).HasMaxLength(2);
        b.Property(c => c.ExportingCountry).HasMaxLength(2);
        b.Property(c => c.SubstanceCode).HasMaxLength(100);
    }

    public void Configure(EntityTypeBuilder<PreExportCountDelta> b)
    {
        b.ToTable("PreExportCountDeltas");
        b.Property(c => c.ExportingCountry).HasMaxLength(2);
        b.Property(c => c.ImportingCountry).HasMaxLength(2);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(32);
    }

    public void Configure(EntityTypeBuilder<PreExportRouteDelta> b)
    {
        b.ToTable("PreExportRouteDeltas");
        b.Property(c => c.ImportingCountry).HasMaxLength(2);
        b.Property(c => c.ExportingCountry).HasMaxLength(2);
        b.Property(c => c.SubstanceCode).HasMaxLength(100);
    }
}
