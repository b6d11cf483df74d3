using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Kaifang.Storage;

/// Lets `dotnet ef migrations add` build the SQLite model without starting the web host.
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<KaifangDbContext>
{
    public KaifangDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<KaifangDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// Lets `dotnet ef migrations add --context PostgreSqlKaifangDbContext` build the PostgreSQL model; no server is contacted.
internal sealed class DesignTimePostgreSqlDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlKaifangDbContext>
{
    public PostgreSqlKaifangDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlKaifangDbContext>().UseNpgsql("Host=localhost;Database=kaifang_design_time").Options);
}
