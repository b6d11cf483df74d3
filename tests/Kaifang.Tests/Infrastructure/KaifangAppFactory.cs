using Kaifang.Accounts;
using Kaifang.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kaifang.Tests.Infrastructure;

/// Runs the real app against a real database — an SQLite file in a fresh temporary data directory, or a new
/// PostgreSQL database (<see cref="TestDatabase"/>). Seeded staff accounts all have the password <see cref="StaffPassword"/>.
public class KaifangAppFactory : WebApplicationFactory<Program>
{
    public const string StaffPassword = "Test-Passw0rd!";

    public string DataDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "kaifang-tests", Guid.NewGuid().ToString("N"));

    /// Leaves the data directory in place when disposed, for a node that is started again on it.
    public bool KeepsDataDirectory { get; init; }

    private readonly bool _ownsDatabase;

    public KaifangAppFactory()
    {
        DatabaseSettings = TestDatabase.CreateSettings();
        _ownsDatabase = true;
    }

    /// Another web node of <paramref name="first"/>'s installation: the same database and shared directory (files,
    /// keys), its own data directory (search index, DataStore).
    protected KaifangAppFactory(KaifangAppFactory first)
    {
        ArgumentNullException.ThrowIfNull(first);
        DatabaseSettings = first.OtherNodeDatabaseSettings();
    }

    /// The database and shared directory settings of another node of this installation.
    public Dictionary<string, string?> OtherNodeDatabaseSettings() => new(DatabaseSettings)
    {
        ["Kaifang:SharedDirectory"] = DatabaseSettings.GetValueOrDefault("Kaifang:SharedDirectory") ?? DataDirectory,
        ["Kaifang:ConnectionString"] = DatabaseSettings.GetValueOrDefault("Kaifang:ConnectionString")
            ?? $"Data Source={Path.Combine(DataDirectory, "kaifang.db")}",
    };

    /// Another web node of <paramref name="first"/>'s installation, on a new data directory or on the given one.
    public static KaifangAppFactory SecondNode(KaifangAppFactory first, string? dataDirectory = null, bool keepsDataDirectory = false) =>
        dataDirectory is null
            ? new KaifangAppFactory(first) { KeepsDataDirectory = keepsDataDirectory }
            : new KaifangAppFactory(first) { DataDirectory = dataDirectory, KeepsDataDirectory = keepsDataDirectory };

    /// The database's settings: none on SQLite (a file in the data directory), a database of its own on PostgreSQL;
    /// a second node's point at the first's.
    public IReadOnlyDictionary<string, string?> DatabaseSettings { get; }

    /// Whether the demo catalog is seeded; most tests make the datasets they need.
    protected virtual bool SeedDemoCatalog => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        if (!DatabaseSettings.ContainsKey("Kaifang:ConnectionString"))
        {
            TestDatabase.PrepareSqlite(DataDirectory);
        }
        foreach (var (key, value) in DatabaseSettings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(Settings(DatabaseSettings, DataDirectory, SeedDemoCatalog)));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IPasswordHasher<StaffUser>>(provider =>
                new RememberingPasswordHasher<StaffUser>(new PasswordHasher<StaffUser>(provider.GetService<IOptions<PasswordHasherOptions>>())));
            // Comparing the model with the last migration's took a seventh of a test run's time, at every app's start;
            // DatabaseProviderTests makes that check once for each provider.
            services.ConfigureDbContext<KaifangDbContext>(IgnorePendingModelChanges);
            services.ConfigureDbContext<PostgreSqlKaifangDbContext>(IgnorePendingModelChanges);
        });
    }

    private static void IgnorePendingModelChanges(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning));

    /// The configuration test nodes run with: the database's, the data directory, and schedules left to the tests.
    public static Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?> database, string dataDirectory, bool seedDemoCatalog = false) =>
        new(database)
        {
            ["Kaifang:DataDirectory"] = dataDirectory,
            ["Kaifang:SeedStaffPassword"] = StaffPassword,
            ["Kaifang:SeedDemoCatalog"] = seedDemoCatalog ? "true" : "false",
            // Link checks run when a test asks, and reach the test servers on loopback only.
            ["Kaifang:Quality:Schedule"] = "",
            ["Kaifang:Quality:QuarterlyCheckSchedule"] = "",
            ["Kaifang:Quality:DigestSchedule"] = "",
            ["Kaifang:Quality:AllowedNetworks:0"] = "127.0.0.0/8",
            // Publishing to the national platform runs when a test asks.
            ["Kaifang:NationalSync:IntervalMinutes"] = "0",
            // Pipelines run when a test asks, never on their schedules.
            ["Kaifang:Pipelines:SweepSchedule"] = "",
        };

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
        if (disposing && _ownsDatabase)
        {
            TestDatabase.Drop(DatabaseSettings);
        }
        if (disposing && !KeepsDataDirectory && Directory.Exists(DataDirectory))
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
