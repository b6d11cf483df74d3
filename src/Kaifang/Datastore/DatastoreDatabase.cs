using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Kaifang.Datastore;

/// The DataStore's own SQLite file, datastore.db in the data directory (docs/decisions/0005-datastore.md):
/// one table per loaded resource, named by the resource's id, with an "_id" row number; and the meta
/// table "_datastore_tables" saying which dataset each belongs to, its fields, row count and source file hash.
/// One writer at a time (the loader, and the lazy indexes); readers open read-only connections.
public sealed class DatastoreDatabase
{
    public const string MetaTable = "_datastore_tables";

    /// Resources whose file could not be loaded, with the reason, until a file loads or the resource goes.
    public const string FailureTable = "_datastore_failures";

    /// A filter on a column of a table with at least this many rows builds an index on that column.
    public const int IndexFromRows = 10_000;

    private readonly Lazy<bool> _created;
    private readonly ConcurrentDictionary<(Guid, string), bool> _indexed = new();

    public DatastoreDatabase(IOptions<KaifangOptions> options)
        : this(options, "datastore.db")
    {
    }

    /// A DataStore file of another name in the data directory (the drafts', DraftDatastore).
    public DatastoreDatabase(IOptions<KaifangOptions> options, string fileName)
    {
        ArgumentNullException.ThrowIfNull(options);
        FilePath = Path.Combine(options.Value.FullDataDirectory, fileName);
        _created = new Lazy<bool>(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string FilePath { get; }

    /// Held by whoever writes to the file in this process.
    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    public static string TableName(Guid resourceId) => resourceId.ToString("D");

    /// The full-text index of a resource's table: an FTS5 table of the text columns' tokens, keyed by "_id"
    /// (DatastoreFullText). Loaded and swapped with the table, in the same transaction.
    public static string FullTextTableName(Guid resourceId) => $"_fts_{resourceId:N}";

    /// The full-text table's column for the field at this index of the table's fields.
    public static string FullTextColumn(int fieldIndex) => $"c{fieldIndex}";

    /// A contentless FTS5 table (the rows are in the resource's table; only the index is kept) of
    /// pre-tokenised text: the ascii tokenizer splits on the spaces DatastoreFullText puts between tokens;
    /// positions are kept for phrases; no column sizes, as results are not ranked.
    public static string CreateFullTextSql(string quotedName, IEnumerable<int> textFieldIndexes) =>
        $"CREATE VIRTUAL TABLE {quotedName} USING fts5({string.Join(", ", textFieldIndexes.Select(FullTextColumn))}, content='', columnsize=0, detail=full, tokenize='ascii')";

    /// A double-quoted SQL identifier.
    public static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public SqliteConnection OpenWrite()
    {
        _ = _created.Value;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Mode = SqliteOpenMode.ReadWrite, Pooling = true }.ToString());
        connection.Open();
        return connection;
    }

    /// A read-only connection; pooled unless it is to carry per-connection hooks (an authorizer).
    public SqliteConnection OpenRead(bool pooled = true)
    {
        _ = _created.Value;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Mode = SqliteOpenMode.ReadOnly, Pooling = pooled }.ToString());
        connection.Open();
        return connection;
    }

    /// The meta row of a resource's table, or null when it has none.
    public static DatastoreTable? ReadTable(SqliteConnection connection, Guid resourceId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT resource_id, dataset_id, fields, row_count, source_hash, loaded_at, full_text FROM {MetaTable} WHERE resource_id = $id";
        command.Parameters.AddWithValue("$id", TableName(resourceId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? TableFrom(reader) : null;
    }

    /// Every table's meta row.
    public static List<DatastoreTable> ReadTables(SqliteConnection connection, Guid? datasetId = null)
    {
        using var command = ForDataset(connection, $"SELECT resource_id, dataset_id, fields, row_count, source_hash, loaded_at, full_text FROM {MetaTable}", datasetId);
        using var reader = command.ExecuteReader();
        var tables = new List<DatastoreTable>();
        while (reader.Read())
        {
            tables.Add(TableFrom(reader));
        }
        return tables;
    }

    /// The select over a table keyed by resource, narrowed to one dataset's rows when one is given.
    private static SqliteCommand ForDataset(SqliteConnection connection, string select, Guid? datasetId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.CommandText = select + (datasetId is null ? "" : " WHERE dataset_id = $dataset");
        if (datasetId is { } id)
        {
            command.Parameters.AddWithValue("$dataset", id.ToString("D"));
        }
        return command;
    }

    /// The resources of a dataset (or of all) whose last load failed, and why.
    public static List<DatastoreFailure> ReadFailures(SqliteConnection connection, Guid? datasetId = null)
    {
        using var command = ForDataset(connection, $"SELECT resource_id, dataset_id, source_hash, reason, failed_at FROM {FailureTable}", datasetId);
        using var reader = command.ExecuteReader();
        var failures = new List<DatastoreFailure>();
        while (reader.Read())
        {
            failures.Add(new DatastoreFailure(Guid.Parse(reader.GetString(0)), Guid.Parse(reader.GetString(1)), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture)));
        }
        return failures;
    }

    /// Builds an index on a filtered column of a large table, once (docs/decisions/0005-datastore.md).
    public async Task EnsureIndexAsync(DatastoreTable table, int fieldIndex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var field = table.Fields[fieldIndex].Id;
        if (table.RowCount < IndexFromRows || _indexed.ContainsKey((table.ResourceId, field)))
        {
            return;
        }
        await WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = OpenWrite();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE INDEX IF NOT EXISTS {Quote($"ix_{table.ResourceId:N}_{fieldIndex}")} ON {Quote(TableName(table.ResourceId))} ({Quote(field)})";
            await command.ExecuteNonQueryAsync(cancellationToken);
            _indexed[(table.ResourceId, field)] = true;
        }
        finally
        {
            WriteLock.Release();
        }
    }

    /// The table was replaced or dropped: its indexes went with it.
    public void Forget(Guid resourceId)
    {
        foreach (var key in _indexed.Keys.Where(k => k.Item1 == resourceId))
        {
            _indexed.TryRemove(key, out _);
        }
    }

    private static DatastoreTable TableFrom(SqliteDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        Guid.Parse(reader.GetString(1)),
        JsonSerializer.Deserialize<List<DatastoreField>>(reader.GetString(2)) ?? [],
        reader.GetInt64(3),
        reader.GetString(4),
        DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
        reader.GetInt64(6) != 0);

    private bool Create()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        // WAL: readers keep reading the old table while a load writes the new one.
        command.CommandText = $"""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS {MetaTable} (
                resource_id TEXT NOT NULL PRIMARY KEY,
                dataset_id TEXT NOT NULL,
                fields TEXT NOT NULL,
                row_count INTEGER NOT NULL,
                source_hash TEXT NOT NULL,
                loaded_at TEXT NOT NULL,
                full_text INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX IF NOT EXISTS ix_datastore_tables_dataset ON {MetaTable} (dataset_id);
            CREATE TABLE IF NOT EXISTS {FailureTable} (
                resource_id TEXT NOT NULL PRIMARY KEY,
                dataset_id TEXT NOT NULL,
                source_hash TEXT NOT NULL,
                reason TEXT NOT NULL,
                failed_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_datastore_failures_dataset ON {FailureTable} (dataset_id);
            """;
        command.ExecuteNonQuery();
        // A file made before tables had their full-text index: its tables have none (full_text = 0) until reloaded.
        command.CommandText = $"SELECT count(*) FROM pragma_table_info('{MetaTable}') WHERE name = 'full_text'";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            command.CommandText = $"ALTER TABLE {MetaTable} ADD COLUMN full_text INTEGER NOT NULL DEFAULT 0";
            command.ExecuteNonQuery();
        }
        return true;
    }
}

/// A resource whose file (SourceHash) could not be loaded, the reason, and when. Its previous table, if
/// any, stays; the file is tried again when it changes or on `kaifang datastore load --reload`.
public sealed record DatastoreFailure(Guid ResourceId, Guid DatasetId, string SourceHash, string Reason, DateTimeOffset FailedAt);

/// A loaded resource's table: which dataset it belongs to, its fields (without "_id"), how many rows,
/// the SHA-256 of the file it was loaded from, when, and whether it has its full-text index (tables
/// loaded before the index existed have none until they are loaded again).
public sealed record DatastoreTable(Guid ResourceId, Guid DatasetId, IReadOnlyList<DatastoreField> Fields, long RowCount, string SourceHash, DateTimeOffset LoadedAt, bool FullText = false)
{
    public int FieldIndex(string name)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (string.Equals(Fields[i].Id, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}
