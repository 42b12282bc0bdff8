using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Cordon.Application.Common;

/// <summary>Cordon's own traces and metrics, exported with the framework's through OpenTelemetry.</summary>
public static class CordonTelemetry
{
    public const string Name = "Cordon";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    /// <summary>Audit entries appended, by action.</summary>
    public static readonly Counter<long> AuditEntries = Meter.CreateCounter<long>("cordon.audit.entries", description: "Audit entries appended");

    /// <summary>Records delivered between Parties, by module.</summary>
    public static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("cordon.exchange.deliveries", description: "Records addressed to another Party or the Secretariat");

    /// <summary>Pending transactions chained by one sealing pass (ADR 0020): how well sealing batches.</summary>
    public static readonly Histogram<int> LedgerPasses = Meter.CreateHistogram<int>("cordon.ledger.pass_size", description: "Committed transactions whose ledger writes one sealing pass chained");
}
