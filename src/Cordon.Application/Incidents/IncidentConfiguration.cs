using Cordon.Domain.Identity;
using Cordon.Domain.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Application.Incidents;

internal sealed class IncidentConfiguration :
    IEntityTypeConfiguration<Incident>, IEntityTypeConfiguration<IncidentSubstance>, IEntityTypeConfiguration<IncidentCountry>,
    IEntityTypeConfiguration<IncidentParty>, IEntityTypeConfiguration<IncidentComment>, IEntityTypeConfiguration<IncidentLink>,
    IEntityTypeConfiguration<IncidentFollow>, IEntityTypeConfiguration<IncidentSavedSearch>, IEntityTypeConfiguration<IncidentDraft>
{
    public void Configure(EntityTypeBuilder<Incident> b)
    {
        b.Property(i => i.Channel).HasConversion<string>().HasMaxLength(32);
        b.Property(i => i.Type).HasConversion<string>().HasMaxLength(32);
        b.Property(i => i.Transport).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Place).HasMaxLength(300);
        b.Property(i => i.Summary).HasMaxLength(4000);
        b.Property(i => i.ModusOperandi).HasMaxLength(4000);
        b.Property(i => i.Concealment).HasMaxLength(2000);
        b.Property(i => i.Companies).HasMaxLength(4000);
        b.Property(i => i.Persons).HasMaxLength(4000);
        b.Property(i => i.ContainerNumbers).HasMaxLength(2000);
        b.Property(i => i.AirwayBills).HasMaxLength(2000);
        b.Property(i => i.Language).HasMaxLength(5);
        b.Property(i => i.PreExportReference).HasMaxLength(100);
        // A real link to the notification an incident was reported from (issues 5 and 6); the notification is never deleted.
        b.HasOne<Cordon.Domain.PreExport.PreExportNotification>().WithMany().HasForeignKey(i => i.PreExportNotificationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(i => i.PreExportNotificationId);
        b.Property(i => i.ReporterPartyCode).HasMaxLength(2);
        b.Property(i => i.SearchText).HasMaxLength(20000);
        b.Property(i => i.Version).IsConcurrencyToken();
        b.Ignore(i => i.CompanyList);
        b.Ignore(i => i.PersonList);
        b.Ignore(i => i.ContainerList);
        b.Ignore(i => i.AirwayBillList);
        b.HasOne<Party>().WithMany().HasForeignKey(i => i.ReporterPartyCode);
        b.HasMany(i => i.Substances).WithOne().HasForeignKey(s => s.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(i => i.Countries).WithOne().HasForeignKey(s => s.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(i => i.NamedParties).WithOne().HasForeignKey(s => s.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(i => new { i.Channel, i.OccurredOn });
        b.HasIndex(i => new { i.Year, i.Channel });
        b.HasIndex(i => i.CreatedAt);
        b.HasIndex(i => i.ReporterPartyCode);
    }

    public void Configure(EntityTypeBuilder<IncidentSubstance> b)
    {
        b.Property(s => s.SubstanceCode).HasMaxLength(64);
        b.Property(s => s.Name).HasMaxLength(300);
        b.Property(s => s.Unit).HasMaxLength(8);
        b.Property(s => s.Form).HasMaxLength(100);
        b.Property(s => s.Quantity).HasPrecision(28, 6);
        b.Property(s => s.PurityPercent).HasPrecision(9, 4);
        b.HasIndex(s => new { s.SubstanceCode, s.IncidentId });
    }

    public void Configure(EntityTypeBuilder<IncidentCountry> b)
    {
        b.Property(c => c.CountryCode).HasMaxLength(2);
        b.Property(c => c.Role).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(c => new { c.CountryCode, c.IncidentId });
        b.HasIndex(c => new { c.IncidentId, c.Role });
    }

    public void Configure(EntityTypeBuilder<IncidentParty> b)
    {
        b.Property(p => p.PartyCode).HasMaxLength(2);
        b.HasIndex(p => new { p.PartyCode, p.IncidentId }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<IncidentComment> b)
    {
        b.Property(c => c.AuthorName).HasMaxLength(200);
        b.Property(c => c.PartyCode).HasMaxLength(2);
        b.Property(c => c.Text).HasMaxLength(8000);
        b.HasOne<Incident>().WithMany().HasForeignKey(c => c.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.IncidentId, c.Id });
    }

    public void Configure(EntityTypeBuilder<IncidentLink> b)
    {
        b.Property(l => l.Reason).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Incident>().WithMany().HasForeignKey(l => l.FromIncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Incident>().WithMany().HasForeignKey(l => l.ToIncidentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => new { l.FromIncidentId, l.ToIncidentId }).IsUnique();
        b.HasIndex(l => l.ToIncidentId);
    }

    public void Configure(EntityTypeBuilder<IncidentFollow> b)
    {
        b.Property(f => f.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(f => f.Value).HasMaxLength(300);
        b.Property(f => f.PartyCode).HasMaxLength(2);
        b.HasIndex(f => new { f.Kind, f.Value });
        b.HasIndex(f => new { f.UserId, f.Kind, f.Value }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<IncidentSavedSearch> b)
    {
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.Query).HasMaxLength(2000);
        b.Property(s => s.PartyCode).HasMaxLength(2);
        b.HasIndex(s => s.UserId);
    }

    public void Configure(EntityTypeBuilder<IncidentDraft> b)
    {
        b.HasKey(d => d.UserId);
        b.Property(d => d.Content).HasMaxLength(64000);
    }
}
