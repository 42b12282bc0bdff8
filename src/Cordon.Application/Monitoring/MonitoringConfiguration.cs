using Cordon.Domain.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cordon.Application.Monitoring;

internal sealed class MonitoringConfiguration :
    IEntityTypeConfiguration<Submission>, IEntityTypeConfiguration<SubmissionLine>, IEntityTypeConfiguration<SubmissionVersion>,
    IEntityTypeConfiguration<TradeFigure>, IEntityTypeConfiguration<YearlyTotal>, IEntityTypeConfiguration<PopulationFigure>,
    IEntityTypeConfiguration<DddValue>, IEntityTypeConfiguration<MonitoringThread>, IEntityTypeConfiguration<ThreadMessage>,
    IEntityTypeConfiguration<ReportingReminder>
{
    public void Configure(EntityTypeBuilder<Submission> b)
    {
        b.ToTable("StatisticsSubmissions");
        b.Property(s => s.CountryCode).HasMaxLength(2);
        b.Property(s => s.Form).HasConversion<string>().HasMaxLength(1);
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(s => s.SubmittedBy).HasMaxLength(256);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.HasIndex(s => new { s.CountryCode, s.Form, s.Year, s.Quarter }).IsUnique();
        b.HasIndex(s => new { s.Year, s.Form });
        b.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.SubmissionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SubmissionLine> b)
    {
        b.ToTable("StatisticsLines");
        b.Property(l => l.Section).HasConversion<string>().HasMaxLength(12);
        b.Property(l => l.Direction).HasConversion<string>().HasMaxLength(8);
        b.Property(l => l.SubstanceCode).HasMaxLength(100);
        b.Property(l => l.Unit).HasMaxLength(16);
        b.Property(l => l.PartnerCountry).HasMaxLength(16);
        foreach (var p in new[] { nameof(SubmissionLine.Quantity), nameof(SubmissionLine.OpeningStock), nameof(SubmissionLine.Production), nameof(SubmissionLine.Manufacture),
                     nameof(SubmissionLine.Imports), nameof(SubmissionLine.Exports), nameof(SubmissionLine.Consumption), nameof(SubmissionLine.OtherUses), nameof(SubmissionLine.ClosingStock) })
            b.Property(p).HasPrecision(24, 6);
        b.HasIndex(l => new { l.SubmissionId, l.LineNumber });
    }

    public void Configure(EntityTypeBuilder<SubmissionVersion> b)
    {
        b.ToTable("StatisticsVersions");
        b.Property(v => v.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(v => v.SavedBy).HasMaxLength(256);
        b.HasIndex(v => new { v.SubmissionId, v.Number }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<TradeFigure> b)
    {
        b.ToTable("StatisticsTradeFigures");
        b.Property(t => t.Form).HasConversion<string>().HasMaxLength(1);
        b.Property(t => t.ReporterCountry).HasMaxLength(2);
        b.Property(t => t.PartnerCountry).HasMaxLength(2);
        b.Property(t => t.SubstanceCode).HasMaxLength(100);
        // Mirror check: one year's rows by direction; history and profile: one reporter's rows.
        b.HasIndex(t => new { t.Year, t.Direction, t.ReporterCountry, t.PartnerCountry, t.SubstanceCode });
        b.HasIndex(t => new { t.ReporterCountry, t.SubstanceCode, t.Year });
        b.HasIndex(t => t.SubmissionId);
    }

    public void Configure(EntityTypeBuilder<YearlyTotal> b)
    {
        b.ToTable("StatisticsYearlyTotals");
        b.Property(t => t.Form).HasConversion<string>().HasMaxLength(1);
        b.Property(t => t.CountryCode).HasMaxLength(2);
        b.Property(t => t.SubstanceCode).HasMaxLength(100);
        b.HasIndex(t => new { t.CountryCode, t.SubstanceCode, t.Year }).IsUnique();
        b.HasIndex(t => new { t.Year, t.CountryCode });
    }

    public void Configure(EntityTypeBuilder<PopulationFigure> b)
    {
        b.ToTable("MonitoringPopulation");
        b.Property(p => p.CountryCode).HasMaxLength(2);
        b.Property(p => p.Source).HasMaxLength(400);
        b.HasIndex(p => new { p.CountryCode, p.Year }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<DddValue> b)
    {
        b.ToTable("MonitoringDddValues");
        b.HasKey(d => d.SubstanceCode);
        b.Property(d => d.SubstanceCode).HasMaxLength(100);
        b.Property(d => d.Source).HasMaxLength(400);
    }

    public void Configure(EntityTypeBuilder<MonitoringThread> b)
    {
        b.ToTable("MonitoringThreads");
        b.Property(t => t.Kind).HasConversion<string>().HasMaxLength(8);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(t => t.Reference).HasMaxLength(40);
        b.HasIndex(t => t.Reference).IsUnique();
        b.Property(t => t.Parties).HasMaxLength(200);
        b.Property(t => t.AnsweredBy).HasMaxLength(200);
        b.Property(t => t.Subject).HasMaxLength(400);
        b.Property(t => t.Figures).HasMaxLength(4000);
        b.Property(t => t.SubstanceCode).HasMaxLength(100);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.Ignore(t => t.PartyList);
        b.Ignore(t => t.AnsweredList);
        b.HasIndex(t => new { t.Status, t.OpenedAt });
        b.HasMany(t => t.Messages).WithOne().HasForeignKey(m => m.ThreadId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ThreadMessage> b)
    {
        b.ToTable("MonitoringMessages");
        b.Property(m => m.FromParty).HasMaxLength(2);
        b.Property(m => m.Author).HasMaxLength(256);
        b.Property(m => m.Text).HasMaxLength(8000);
        b.HasIndex(m => m.ThreadId);
    }

    public void Configure(EntityTypeBuilder<ReportingReminder> b)
    {
        b.ToTable("MonitoringReminders");
        b.Property(r => r.CountryCode).HasMaxLength(2);
        b.Property(r => r.Form).HasConversion<string>().HasMaxLength(1);
        b.HasIndex(r => new { r.CountryCode, r.Form, r.Year, r.Quarter }).IsUnique();
    }
}
