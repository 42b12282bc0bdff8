using Cordon.Application.PreExport;
using Cordon.Domain.PreExport;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Data;

public partial class CordonDbContext
{
    public DbSet<Invocation> PreExportInvocations => Set<Invocation>();
    public DbSet<LegitimateRequirement> LegitimateRequirements => Set<LegitimateRequirement>();
    public DbSet<PreExportNotification> PreExportNotifications => Set<PreExportNotification>();
    public DbSet<PreExportLine> PreExportLines => Set<PreExportLine>();
    public DbSet<PreExportShipment> PreExportShipments => Set<PreExportShipment>();
    public DbSet<PreExportPartyCount> PreExportPartyCounts => Set<PreExportPartyCount>();
    public DbSet<PreExportRouteCount> PreExportRouteCounts => Set<PreExportRouteCount>();
    public DbSet<PreExportCountDelta> PreExportCountDeltas => Set<PreExportCountDelta>();
    public DbSet<PreExportRouteDelta> PreExportRouteDeltas => Set<PreExportRouteDelta>();
}
