using Cordon.Application.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Cordon.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the model for SQLite.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CordonDbContext>
{
    public CordonDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CordonDbContext>();
        CordonDatabase.Configure(options, DatabaseProvider.Sqlite, "Data Source=design-time.db");
        return new CordonDbContext(options.Options);
    }
}
