namespace Cordon.Domain.Monitoring;

/// <summary>The statistical forms Parties send (named after INCB's forms).</summary>
public enum StatisticsForm
{
    /// <summary>Form A: quarterly imports and exports of narcotic drugs.</summary>
    A,
    /// <summary>Form C: annual statistics of narcotic drugs (production, manufacture, consumption, stocks, imports, exports).</summary>
    C,
    /// <summary>Form P: annual statistics of psychotropic substances.</summary>
    P,
    /// <summary>Form D: annual information on precursors (seizures; licit trade, uses and requirements are voluntary).</summary>
    D,
}

public enum SubmissionStatus
{
    /// <summary>Saved, possibly incomplete or with problems; not yet counted.</summary>
    Draft,
    /// <summary>Submitted without problems; its figures feed the cross-checks and utilization.</summary>
    Submitted,
}

/// <summary>What one line of a form states.</summary>
public enum LineSection
{
    /// <summary>Imports from or exports to one partner country.</summary>
    Trade,
    /// <summary>The stock balance of one substance for the year.</summary>
    Balance,
    /// <summary>Quantities seized (Form D).</summary>
    Seizure,
    /// <summary>Licit uses and annual legitimate requirements (Form D, voluntary).</summary>
    Requirement,
}

public enum TradeDirection
{
    Import,
    Export,
}

/// <summary>One Party's submission of one form for one period. The lines are the current version; every saved version is kept.</summary>
public sealed class Submission
{
    public Guid Id { get; init; }
    public StatisticsForm Form { get; init; }
    public required string CountryCode { get; init; }
    public int Year { get; init; }

    /// <summary>1-4 for Form A; 0 for the annual forms.</summary>
    public int Quarter { get; init; }
    public SubmissionStatus Status { get; set; }

    /// <summary>Number of the latest saved version (1, 2, ...).</summary>
    public int VersionNumber { get; set; }
    public int ProblemCount { get; set; }

    /// <summary>The problems found when the current version was saved (JSON), shown with their lines.</summary>
    public string ProblemsJson { get; set; } = "[]";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? SubmittedBy { get; set; }

    /// <summary>Optimistic concurrency token, sent as the ETag.</summary>
    public long Version { get; set; }
    public List<SubmissionLine> Lines { get; init; } = [];
}

/// <summary>A line as entered: quantities in the unit given (converted to base units when totals are made).</summary>
public sealed class SubmissionLine
{
    public long Id { get; init; }
    public Guid SubmissionId { get; init; }
    public int LineNumber { get; set; }
    public LineSection Section { get; set; }
    public string SubstanceCode { get; set; } = "";
    public string Unit { get; set; } = "";
    public TradeDirection? Direction { get; set; }
    public string? PartnerCountry { get; set; }
    public decimal? Quantity { get; set; }
    public decimal? OpeningStock { get; set; }
    public decimal? Production { get; set; }
    public decimal? Manufacture { get; set; }
    public decimal? Imports { get; set; }
    public decimal? Exports { get; set; }
    public decimal? Consumption { get; set; }
    public decimal? OtherUses { get; set; }
    public decimal? ClosingStock { get; set; }
}

/// <summary>A saved version of a submission: who saved it, when and its lines (JSON); only its status changes, when it is submitted.</summary>
public sealed class SubmissionVersion
{
    public long Id { get; init; }
    public Guid SubmissionId { get; init; }
    public int Number { get; init; }
    public SubmissionStatus Status { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public int ProblemCount { get; init; }
    public required string SavedBy { get; init; }
    public DateTimeOffset SavedAt { get; init; }
    public required string LinesJson { get; init; }
}

/// <summary>
/// Pre-aggregated trade of a submitted form: one row per (reporter, partner, substance, direction, period), in grams.
/// Replaced when the submission is submitted again. Grams are a double so both providers can sum them in SQL.
/// </summary>
public sealed class TradeFigure
{
    public long Id { get; init; }
    public Guid SubmissionId { get; init; }
    public StatisticsForm Form { get; init; }
    public required string ReporterCountry { get; init; }
    public required string PartnerCountry { get; init; }
    public required string SubstanceCode { get; init; }
    public int Year { get; init; }
    public int Quarter { get; init; }
    public TradeDirection Direction { get; init; }
    public double Grams { get; init; }
}

/// <summary>Pre-aggregated yearly figures of one substance for one Party (Forms C and P), in grams.</summary>
public sealed class YearlyTotal
{
    public long Id { get; init; }
    public Guid SubmissionId { get; set; }
    public StatisticsForm Form { get; init; }
    public required string CountryCode { get; init; }
    public required string SubstanceCode { get; init; }
    public int Year { get; init; }
    public double OpeningStock { get; set; }
    public double Production { get; set; }
    public double Manufacture { get; set; }
    public double Imports { get; set; }
    public double Exports { get; set; }
    public double Consumption { get; set; }
    public double OtherUses { get; set; }
    public double ClosingStock { get; set; }
}

/// <summary>A Party's population in one year, maintained by the Secretariat (used for S-DDD per million inhabitants).</summary>
public sealed class PopulationFigure
{
    public long Id { get; init; }
    public required string CountryCode { get; init; }
    public int Year { get; init; }
    public long Population { get; set; }
    public string? Source { get; set; }
}

/// <summary>The defined daily dose for statistical purposes (S-DDD) of one substance, in grams, maintained by the Secretariat.</summary>
public sealed class DddValue
{
    public required string SubstanceCode { get; init; }
    public double Grams { get; set; }
    public string? Source { get; set; }
}

public enum ThreadKind
{
    /// <summary>The Secretariat asks the Parties concerned about a discrepancy.</summary>
    Query,
    /// <summary>The Secretariat alerts a Government to an unusual trade pattern.</summary>
    Alert,
}

public enum ThreadStatus
{
    Open,
    Answered,
    Closed,
}

/// <summary>A tracked query or alert from the Secretariat to one or more Parties, with its messages.</summary>
public sealed class MonitoringThread
{
    public Guid Id { get; init; }
    public ThreadKind Kind { get; init; }
    public required string Reference { get; init; }

    /// <summary>The Parties concerned, alpha-2 codes separated by ';'.</summary>
    public required string Parties { get; init; }

    /// <summary>Parties that have answered, separated by ';'.</summary>
    public string AnsweredBy { get; set; } = "";
    public required string Subject { get; init; }

    /// <summary>The figures that raised it, as shown to the Parties.</summary>
    public required string Figures { get; init; }
    public string? SubstanceCode { get; init; }
    public int Year { get; init; }
    public ThreadStatus Status { get; set; }
    public DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public long Version { get; set; }
    public List<ThreadMessage> Messages { get; init; } = [];

    public IReadOnlyList<string> PartyList => Parties.Split(';', StringSplitOptions.RemoveEmptyEntries);
    public IReadOnlyList<string> AnsweredList => AnsweredBy.Split(';', StringSplitOptions.RemoveEmptyEntries);
}

public sealed class ThreadMessage
{
    public long Id { get; init; }
    public Guid ThreadId { get; init; }

    /// <summary>The Party that wrote it; null for the Secretariat.</summary>
    public string? FromParty { get; init; }
    public required string Author { get; init; }
    public required string Text { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>A reminder sent for one form and period to one Party, so it is sent once.</summary>
public sealed class ReportingReminder
{
    public long Id { get; init; }
    public required string CountryCode { get; init; }
    public StatisticsForm Form { get; init; }
    public int Year { get; init; }
    public int Quarter { get; init; }
    public DateTimeOffset SentAt { get; init; }
}
