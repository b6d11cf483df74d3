using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Kaifang.Storage;

/// Lets `dotnet ef migrations add` build the model without starting the web host.
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<KaifangDbContext>
{
    public KaifangDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<KaifangDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
