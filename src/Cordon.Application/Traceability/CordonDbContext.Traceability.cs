using Cordon.Domain.Traceability;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Data;

public partial class CordonDbContext
{
    public DbSet<UimPatternEntry> UimPatterns => Set<UimPatternEntry>();
    public DbSet<TraceabilityUserKey> TraceabilityUserKeys => Set<TraceabilityUserKey>();
    public DbSet<PartyKeyGeneration> PartyKeyGenerations => Set<PartyKeyGeneration>();
    public DbSet<PartyKeyShare> PartyKeyShares => Set<PartyKeyShare>();
    public DbSet<TraceabilityChain> TraceabilityChains => Set<TraceabilityChain>();
    public DbSet<ChainKeyVersion> ChainKeyVersions => Set<ChainKeyVersion>();
    public DbSet<TraceabilityMessage> TraceabilityMessages => Set<TraceabilityMessage>();
    public DbSet<TraceabilityAttachment> TraceabilityAttachments => Set<TraceabilityAttachment>();
    public DbSet<TraceabilityMonthlyCount> TraceabilityMonthlyCounts => Set<TraceabilityMonthlyCount>();
    public DbSet<ConnectorTransfer> ConnectorTransfers => Set<ConnectorTransfer>();
}
