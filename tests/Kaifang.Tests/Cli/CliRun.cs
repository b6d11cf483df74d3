using Kaifang.Cli;
using Kaifang.Storage;
using Kaifang.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Kaifang.Tests.Cli;

/// Runs the real command line in-process against a fresh temporary data directory, capturing what it prints.
public sealed class CliRun : IDisposable
{
    public const string StaffPassword = "Test-Passw0rd!";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "kaifang-cli-tests", Guid.NewGuid().ToString("N"));

    public bool SeedDemoCatalog { get; init; }

    /// The database's settings: none on SQLite (a file in the data directory), a database of its own on PostgreSQL.
    public IReadOnlyDictionary<string, string?> DatabaseSettings { get; } = TestDatabase.CreateSettings();

    /// More configuration values for every command.
    public Dictionary<string, string?> Settings { get; init; } = [];

    public async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 240;
        var settings = new Dictionary<string, string?>(DatabaseSettings)
        {
            ["Kaifang:SeedDemoCatalog"] = SeedDemoCatalog ? "true" : "false",
            ["Kaifang:SeedStaffPassword"] = StaffPassword,
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }
        var exitCode = await CliProgram.RunAsync([.. args, "--data", DataDirectory], console, settings, output);
        return (exitCode, output.ToString());
    }

    public KaifangDbContext OpenDb() => TestDatabase.IsPostgreSql
        ? new PostgreSqlKaifangDbContext(new DbContextOptionsBuilder<PostgreSqlKaifangDbContext>()
            .UseNpgsql(DatabaseSettings["Kaifang:ConnectionString"]).Options)
        : new KaifangDbContext(new DbContextOptionsBuilder<KaifangDbContext>()
            .UseSqlite($"Data Source={Path.Combine(DataDirectory, "kaifang.db")}")
            .Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TestDatabase.Drop(DatabaseSettings);
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
