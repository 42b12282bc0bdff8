using Cordon.Domain.Permits;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Data;

public partial class CordonDbContext
{
    public DbSet<CitesTaxon> CitesTaxa => Set<CitesTaxon>();
    public DbSet<Permit> Permits => Set<Permit>();
    public DbSet<PermitLine> PermitLines => Set<PermitLine>();
    public DbSet<PermitRiskRule> PermitRiskRules => Set<PermitRiskRule>();
}
