using Cordon.Domain.Monitoring;

namespace Cordon.Application.Monitoring;

/// <summary>The module's configurable figures (section Monitoring of the settings).</summary>
public sealed class MonitoringSettings
{
    public BalanceTolerance Balance { get; set; } = new();
    public MirrorTolerance Mirror { get; set; } = new();
    public UtilizationRanges Utilization { get; set; } = new();
    public PatternSettings Patterns { get; set; } = new();

    /// <summary>Days before a deadline when a Party that has not submitted is reminded.</summary>
    public int ReminderDaysBefore { get; set; } = 14;
}

/// <summary>One line as sent by the API, the web form or an Excel row. Section and direction are names (Trade, Import…).</summary>
public sealed record LineInput(
    string? Section, string? Substance, string? Unit, string? Direction = null, string? Partner = null, decimal? Quantity = null,
    decimal? OpeningStock = null, decimal? Production = null, decimal? Manufacture = null, decimal? Imports = null, decimal? Exports = null,
    decimal? Consumption = null, decimal? OtherUses = null, decimal? ClosingStock = null, int? LineNumber = null);

public sealed record SubmissionInput(string? Form, int? Year, int? Quarter, List<LineInput>? Lines);

public sealed record LinesInput(List<LineInput>? Lines);

public sealed record ProblemView(int Line, string Field, string Code, string Message, IReadOnlyList<string> Args);

public sealed record LineView(int LineNumber, LineSection Section, string Substance, string Unit, TradeDirection? Direction, string? Partner, decimal? Quantity,
    decimal? OpeningStock, decimal? Production, decimal? Manufacture, decimal? Imports, decimal? Exports, decimal? Consumption, decimal? OtherUses, decimal? ClosingStock);

public sealed record SubmissionView(Guid Id, StatisticsForm Form, string CountryCode, int Year, int Quarter, SubmissionStatus Status, int VersionNumber,
    DateOnly Deadline, DateTimeOffset UpdatedAt, DateTimeOffset? SubmittedAt, string? SubmittedBy, long Version,
    IReadOnlyList<LineView> Lines, IReadOnlyList<ProblemView> Problems);

public sealed record SubmissionSummary(Guid Id, StatisticsForm Form, string CountryCode, int Year, int Quarter, SubmissionStatus Status, int VersionNumber,
    int ProblemCount, DateTimeOffset UpdatedAt, DateTimeOffset? SubmittedAt);

public sealed record VersionView(int Number, SubmissionStatus Status, int ProblemCount, string SavedBy, DateTimeOffset SavedAt, IReadOnlyList<LineView> Lines);

public enum ReportingState
{
    NotStarted,
    Draft,
    Submitted,
    Overdue,
}

public sealed record ReportingCell(StatisticsForm Form, int Quarter, DateOnly Deadline, ReportingState State, Guid? SubmissionId, DateTimeOffset? SubmittedAt);

public sealed record ReportingRow(string CountryCode, string CountryName, IReadOnlyList<ReportingCell> Cells, int Missing);

public sealed record ReportingStatus(int Year, IReadOnlyList<ReportingRow> Parties, int Submitted, int Expected);
