using Kaifang.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kaifang.Tests.Infrastructure;

/// The database the integration tests run on. SQLite files in each test's data directory by default; PostgreSQL when
/// the environment variable KAIFANG_TEST_DATABASE is "postgresql" — each app or command-line run then gets a new,
/// empty database of its own on one server: the one KAIFANG_TEST_POSTGRES names (a connection string to a user who
/// may create databases), or else a throwaway cluster started once for the whole test run.
public static class TestDatabase
{
    private const string Template = "kaifang_template";
    private static readonly Lazy<Task<string>> Server = new(StartServerAsync);
    private static readonly Lazy<string> SqliteTemplate = new(MigrateSqliteTemplate);

    public static bool IsPostgreSql { get; } =
        string.Equals(Environment.GetEnvironmentVariable("KAIFANG_TEST_DATABASE"), "postgresql", StringComparison.OrdinalIgnoreCase);

    /// Configuration for an app or command-line run: empty on SQLite; on PostgreSQL the provider and the connection
    /// string of a database made for it, which <see cref="Drop"/> removes.
    public static Dictionary<string, string?> CreateSettings() => IsPostgreSql ? CreatePostgreSqlSettings() : [];

    /// Settings of a run on the other database than the one the test run is on: what a test of moving an instance
    /// between the two needs, on either run.
    public static Dictionary<string, string?> CreateOtherSettings() => IsPostgreSql ? [] : CreatePostgreSqlSettings();

    /// A new PostgreSQL database, migrated, even when the test run is on SQLite (the throwaway cluster is then
    /// started for the tests that ask).
    public static Dictionary<string, string?> CreatePostgreSqlSettings()
    {
        var server = Server.Value.GetAwaiter().GetResult();
        var name = "kaifang_test_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            // A copy of a database already migrated: much faster than migrating each one.
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{Template}\"", connection);
            command.ExecuteNonQuery();
        }
        var database = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true, MaxPoolSize = 20, ConnectionIdleLifetime = 10 };
        return new()
        {
            ["Kaifang:DatabaseProvider"] = "PostgreSql",
            ["Kaifang:ConnectionString"] = database.ConnectionString,
        };
    }

    /// Puts a copy of an SQLite database already migrated where a new app on <paramref name="dataDirectory"/> looks for
    /// its database, unless one is there: the app then finds every migration applied and seeds it as a new database.
    /// Migrating anew for every app of a test run took a quarter of the run's time.
    public static void PrepareSqlite(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, "kaifang.db");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(dataDirectory);
            File.Copy(SqliteTemplate.Value, file);
        }
    }

    private static string MigrateSqliteTemplate()
    {
        var file = Path.Combine(Path.GetTempPath(), "kaifang-tests", $"template-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString;
        using (var db = new KaifangDbContext(new DbContextOptionsBuilder<KaifangDbContext>().UseSqlite(connectionString).Options))
        {
            db.Database.Migrate();
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(file);
        return file;
    }

    /// Removes the database that <see cref="CreateSettings"/> made, closing what is left of its connections.
    public static void Drop(IReadOnlyDictionary<string, string?> settings)
    {
        if (!settings.TryGetValue("Kaifang:ConnectionString", out var connectionString) || connectionString is null)
        {
            return;
        }
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using var connection = new NpgsqlConnection(Server.Value.GetAwaiter().GetResult());
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    private static async Task<string> StartServerAsync()
    {
        var server = await ServerAsync();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Template}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Template}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var template = new NpgsqlConnectionStringBuilder(server) { Database = Template, Pooling = false }.ConnectionString;
        await using (var db = new PostgreSqlKaifangDbContext(new DbContextOptionsBuilder<PostgreSqlKaifangDbContext>().UseNpgsql(template).Options))
        {
            await db.Database.MigrateAsync();
        }
        return server;
    }

    private static async Task<string> ServerAsync()
    {
        var given = Environment.GetEnvironmentVariable("KAIFANG_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(given))
        {
            return new NpgsqlConnectionStringBuilder(given) { Pooling = false }.ConnectionString;
        }
        var cluster = new PostgresCluster();
        await cluster.InitializeAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().GetAwaiter().GetResult();
        return cluster.ConnectionString();
    }
}
