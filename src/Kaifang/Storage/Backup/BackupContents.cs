using System.Reflection;
using Kaifang.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Storage.Backup;

/// What a Kaifang backup holds and what it leaves out. Every table of the model is backed up unless its entity type
/// is listed here: a new entity is in the next backup without anyone touching this folder, and a test fails while
/// the round trip does not fill its table.
public static class BackupContents
{
    /// Entity types whose rows are not backed up, each with the reason.
    public static IReadOnlyDictionary<Type, string> LeftOutEntities { get; } = new Dictionary<Type, string>
    {
        [typeof(CatalogChange)] =
            "The change record (CatalogChanges): how far each node's search index and DataStore have followed writes. "
            + "A restored instance starts a new record; its search index is rebuilt by the restore.",
        [typeof(WorkClaimRow)] =
            "Claims on work in progress (WorkClaims): held by the processes running at the time of the backup, "
            + "which do not run on the restored instance.",
    };

    /// Everything a backup leaves out, for the manifest and the command's output.
    public static IReadOnlyList<BackupLeftOut> LeftOut { get; } =
    [
        .. LeftOutEntities.Select(e => new BackupLeftOut($"table {TableNameOf(e.Key)}", e.Value)),
        new("the search index (index/)", "Rebuilt from the database: the restore does it (kaifang index rebuild)."),
        new("the DataStore (datastore.db, datastore-drafts.db)",
            "Loaded from the published files, which the backup holds: run kaifang datastore load after a restore."),
        new("temporary files (tmp/)", "Pipelines' and previews' work files, deleted when they finish."),
    ];

    /// What makes a backup as sensitive as the server itself.
    public const string Secrets =
        "keys/ holds the Data Protection keys that decrypt the pipelines' database connections and the national "
        + "platform's API keys, and sign staff sign-in cookies; AspNetUsers holds staff password hashes and ApiTokens "
        + "the hashes of API tokens. Keep this file as safe as the server.";

    /// The tables of <paramref name="db"/>'s model that a backup holds, in restore order.
    public static BackupSchema Schema(KaifangDbContext db) =>
        BackupSchema.For(db, LeftOutEntities.Keys.ToHashSet());

    public static DatabaseProvider ProviderOf(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.IsNpgsql() ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
    }

    /// The newest migration of each provider in this build. Read from the migrations' attributes through a context
    /// of each type; no database is contacted.
    public static IReadOnlyDictionary<string, string> NewestMigrations()
    {
        using var sqlite = new KaifangDbContext(new DbContextOptionsBuilder<KaifangDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var postgres = new PostgreSqlKaifangDbContext(
            new DbContextOptionsBuilder<PostgreSqlKaifangDbContext>().UseNpgsql("Host=localhost;Database=unused").Options);
        return new Dictionary<string, string>
        {
            [nameof(DatabaseProvider.Sqlite)] = sqlite.Database.GetMigrations().Last(),
            [nameof(DatabaseProvider.PostgreSql)] = postgres.Database.GetMigrations().Last(),
        };
    }

    public static string KaifangVersion { get; } =
        typeof(BackupContents).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(BackupContents).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    private static string TableNameOf(Type entity)
    {
        using var db = new KaifangDbContext(new DbContextOptionsBuilder<KaifangDbContext>().UseSqlite("Data Source=:memory:").Options);
        return db.Model.FindEntityType(entity)?.GetTableName() ?? entity.Name;
    }
}

/// A backup that cannot be made or restored, with what to do about it; nothing was written.
public sealed class BackupException : Exception
{
    public BackupException(string message)
        : base(message)
    {
    }

    public BackupException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public BackupException()
    {
    }
}
