using Cordon.Domain.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Data;

public partial class CordonDbContext
{
    public DbSet<Submission> StatisticsSubmissions => Set<Submission>();
    public DbSet<SubmissionLine> StatisticsLines => Set<SubmissionLine>();
    public DbSet<SubmissionVersion> StatisticsVersions => Set<SubmissionVersion>();
    public DbSet<TradeFigure> TradeFigures => Set<TradeFigure>();
    public DbSet<YearlyTotal> YearlyTotals => Set<YearlyTotal>();
    public DbSet<PopulationFigure> PopulationFigures => Set<PopulationFigure>();
    public DbSet<DddValue> DddValues => Set<DddValue>();
    public DbSet<MonitoringThread> MonitoringThreads => Set<MonitoringThread>();
    public DbSet<ThreadMessage> MonitoringMessages => Set<ThreadMessage>();
    public DbSet<ReportingReminder> ReportingReminders => Set<ReportingReminder>();
}
