using Kaifang.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Infrastructure;

/// Runs the real app against a real SQLite file in a fresh temporary data directory.
/// Seeded staff accounts all have the password <see cref="StaffPassword"/>.
public class KaifangAppFactory : WebApplicationFactory<Program>
{
    public const string StaffPassword = "Test-Passw0rd!";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "kaifang-tests", Guid.NewGuid().ToString("N"));

    /// Whether the demo catalog is seeded; most tests make the datasets they need.
    protected virtual bool SeedDemoCatalog => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kaifang:DataDirectory"] = DataDirectory,
            ["Kaifang:SeedStaffPassword"] = StaffPassword,
            ["Kaifang:SeedDemoCatalog"] = SeedDemoCatalog ? "true" : "false",
            // Link checks run when a test asks, and reach the test servers on loopback only.
            ["Kaifang:Quality:Schedule"] = "",
            ["Kaifang:Quality:QuarterlyCheckSchedule"] = "",
            ["Kaifang:Quality:DigestSchedule"] = "",
            ["Kaifang:Quality:AllowedNetworks:0"] = "127.0.0.0/8",
            // Publishing to the national platform runs when a test asks.
            ["Kaifang:NationalSync:IntervalMinutes"] = "0",
            // Pipelines run when a test asks, never on their schedules.
            ["Kaifang:Pipelines:SweepSchedule"] = "",
        }));
    }

    public T WithDb<T>(Func<KaifangDbContext, T> action)
    {
        using var scope = Services.CreateScope();
        return action(scope.ServiceProvider.GetRequiredService<KaifangDbContext>());
    }

    public async Task<T> WithDbAsync<T>(Func<KaifangDbContext, Task<T>> action)
    {
        using var scope = Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<KaifangDbContext>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by the search index on some platforms; the temp folder is cleaned by the OS.
            }
        }
    }
}

/// The app with the demo catalog seeded, shared by the tests of a class.
public sealed class DemoCatalogAppFactory : KaifangAppFactory
{
    protected override bool SeedDemoCatalog => true;
}
