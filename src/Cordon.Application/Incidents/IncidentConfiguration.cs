using Cordon.Domain.Identity;
using Cordon.Domain.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Application.Incidents;

internal sealed class IncidentConfiguration :
    IEntityTypeConfiguration<Incident>, IEntityTypeConfiguration<IncidentSubstance>, IEntityTypeConfiguration<IncidentCountry>,
    IEntityTypeConfiguration<IncidentParty>, IEntityTypeConfiguration<IncidentComment>, IEntityTypeConfiguration<IncidentLink>,
    IEntityTypeConfiguration<IncidentFollow>, IEntityTypeConfiguration<IncidentSavedSearch>, IEntityTypeConfiguration<IncidentDraft>,
    IEntityTypeConfiguration<IncidentChannelMembership>, IEntityTypeConfiguration<IncidentRevision>, IEntityTypeConfiguration<IncidentAlertPreference>,
    IEntityTypeConfiguration<IncidentDigestItem>, IEntityTypeConfiguration<IncidentStatistic>,
    IEntityTypeConfiguration<IncidentStatisticDelta>
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
        // text[] on PostgreSQL, indexed with SearchVector (IncidentSearchSql); JSON text on SQLite, where it is not queried.
        b.Property(i => i.FacetKeys);
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
        // Restricted incidents are few: the dashboard counts them live (the others come from IncidentStatistics).
        b.HasIndex(i => new { i.Restricted, i.Channel }).HasFilter("\"Restricted\"");
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
        b.Property(s => s.MatchKey).HasMaxLength(80);
        b.HasIndex(s => s.MatchKey);
    }

    public void Configure(EntityTypeBuilder<IncidentDraft> b)
    {
        b.HasKey(d => d.UserId);
        b.Property(d => d.Content).HasMaxLength(64000);
    }

    public void Configure(EntityTypeBuilder<IncidentChannelMembership> b)
    {
        b.Property(m => m.PartyCode).HasMaxLength(2);
        b.Property(m => m.Channel).HasConversion<string>().HasMaxLength(32);
        b.HasOne<Party>().WithMany().HasForeignKey(m => m.PartyCode);
        b.HasIndex(m => new { m.PartyCode, m.Channel });
    }

    public void Configure(EntityTypeBuilder<IncidentRevision> b)
    {
        b.Property(r => r.EditorName).HasMaxLength(200);
        b.Property(r => r.EditorPartyCode).HasMaxLength(2);
        b.Property(r => r.ChangedFields).HasMaxLength(400);
        b.Property(r => r.Content).HasMaxLength(64000);
        b.Ignore(r => r.ChangedFieldList);
        b.HasOne<Incident>().WithMany().HasForeignKey(r => r.IncidentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.IncidentId, r.Version }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<IncidentAlertPreference> b)
    {
        b.HasKey(p => p.UserId);
        b.Property(p => p.Email).HasConversion<string>().HasMaxLength(16);
    }

    public void Configure(EntityTypeBuilder<IncidentDigestItem> b)
    {
        b.Property(d => d.MessageKey).HasMaxLength(100);
        b.Property(d => d.Arguments).HasMaxLength(2000);
        b.Property(d => d.Link).HasMaxLength(300);
        b.HasIndex(d => new { d.SentAt, d.UserId });
    }

    public void Configure(EntityTypeBuilder<IncidentStatistic> b)
    {
        b.HasKey(s => new { s.Kind, s.Channel, s.Year, s.Key, s.Key2 });
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.Channel).HasConversion<string>().HasMaxLength(32);
        b.Property(s => s.Key).HasMaxLength(300);
        b.Property(s => s.Key2).HasMaxLength(300);
    }

    public void Configure(EntityTypeBuilder<IncidentStatisticDelta> b)
    {
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.Channel).HasConversion<string>().HasMaxLength(32);
        b.Property(s => s.Key).HasMaxLength(300);
        b.Property(s => s.Key2).HasMaxLength(300);
    }
}
