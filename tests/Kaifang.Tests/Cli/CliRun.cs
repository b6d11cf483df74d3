using Kaifang.Cli;
using Kaifang.Storage;
using Kaifang.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Kaifang.Tests.Cli;

/// Runs the real command line in-process against a fresh temporary data directory, capturing what it prints.
public sealed class CliRun : IDisposable
{
    public const string StaffPassword = "Test-Passw0rd!";

    /// On the database the test run is on.
    public CliRun()
        : this(TestDatabase.CreateSettings())
    {
    }

    /// On the given database settings (<see cref="TestDatabase.CreateOtherSettings"/> for the other database).
    public CliRun(IReadOnlyDictionary<string, string?> databaseSettings) => DatabaseSettings = databaseSettings;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "kaifang-cli-tests", Guid.NewGuid().ToString("N"));

    public bool SeedDemoCatalog { get; init; }

    /// The database's settings: none on SQLite (a file in the data directory), a database of its own on PostgreSQL.
    public IReadOnlyDictionary<string, string?> DatabaseSettings { get; }

    public bool IsPostgreSql => DatabaseSettings.GetValueOrDefault("Kaifang:DatabaseProvider") == "PostgreSql";

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
        var exitCode = await CliProgram.RunAsync([.. args, "--data", DataDirectory], console, AllSettings(), output);
        return (exitCode, output.ToString());
    }

    /// The command line's services over this run's data directory and database, without touching the database: for
    /// a test to call use cases (and protect secrets with this instance's keys) as the commands do.
    public IHost BuildHost() => CliHost.Build(new CliContext(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }), AllSettings()), DataDirectory);

    private Dictionary<string, string?> AllSettings()
    {
        var settings = new Dictionary<string, string?>(DatabaseSettings)
        {
            ["Kaifang:SeedDemoCatalog"] = SeedDemoCatalog ? "true" : "false",
            ["Kaifang:SeedStaffPassword"] = StaffPassword,
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }
        return settings;
    }

    public KaifangDbContext OpenDb() => IsPostgreSql
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
