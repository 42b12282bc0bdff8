using Cordon.Domain.Authorizations;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Data;

public partial class CordonDbContext
{
    public DbSet<Estimate> Estimates => Set<Estimate>();
    public DbSet<AuthorizedTotal> AuthorizedTotals => Set<AuthorizedTotal>();
    public DbSet<ImportProhibition> ImportProhibitions => Set<ImportProhibition>();
    public DbSet<Authorization> Authorizations => Set<Authorization>();
}
