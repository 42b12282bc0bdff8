using Cordon.Application.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Cordon.Postgres;

/// <summary>Lets `dotnet ef migrations add` build the model for PostgreSQL (no server needed to add one).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CordonDbContext>
{
    public CordonDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CordonDbContext>();
        CordonDatabase.Configure(options, DatabaseProvider.Postgres, "Host=127.0.0.1;Database=cordon_design;Username=cordon");
        return new CordonDbContext(options.Options);
    }
}
