using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kaifang.Datastore;

/// Loads an uploaded resource's file into its DataStore table: one pass over the rows to infer the
/// columns' types, a second to insert them with one prepared statement in one transaction into a
/// new table, which then takes the old one's place in the same transaction. A file that fails to
/// load leaves the previous table as it was.
public sealed class DatastoreLoader(DatastoreDatabase store, FileStore files, TimeProvider time)
{
    /// Whether a load goes on to build the table's full-text index (DatastoreFullText) after the table is
    /// swapped in. Always, except in the benchmark that measures the load without it; q scans a table without one.
    public bool BuildFullTextIndex { get; init; } = true;

    /// A table of at least this many rows gets its full-text index after it is swapped in (q scans until
    /// then); a smaller one gets it in the load's own transaction, where it costs less than a second
    /// transaction would (docs/decisions/0012-datastore-full-text.md).
    public const int FullTextAfterSwapFromRows = 100_000;

    /// Whether the loader can load the resource: an uploaded file of a tabular format. Links are not fetched.
    public static bool CanLoad(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.IsUpload && TabularFile.CanLoad(resource.Format);
    }

    public async Task<DatastoreLoadResult> LoadAsync(Resource resource, string? mainFieldsDescription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!CanLoad(resource))
        {
            throw new DatastoreLoadException($"Resource {resource.Id} is not an uploaded {string.Join("/", TabularFile.Formats)} file.");
        }
        var hash = resource.FileHash!;
        if (!files.Exists(hash))
        {
            throw new DatastoreLoadException($"The file {hash} of resource {resource.Id} is not in the file store.");
        }
        var clock = Stopwatch.StartNew();
        using var file = await TabularFile.OpenAsync(() => files.OpenRead(hash), resource.Format, resource.Encoding, cancellationToken);
        var fields = await Task.Run(() => InferFields(file, mainFieldsDescription, cancellationToken), cancellationToken);

        long rows;
        string loadedAt;
        await store.WriteLock.WaitAsync(cancellationToken);
        try
        {
            (rows, loadedAt) = await Task.Run(() => Write(resource.Id, resource.DatasetId, hash, file, fields, cancellationToken), cancellationToken);
            store.Forget(resource.Id);
        }
        finally
        {
            store.WriteLock.Release();
        }
        var loaded = clock.Elapsed;
        if (BuildFullTextIndex && rows >= FullTextAfterSwapFromRows)
        {
            await BuildFullTextAsync(resource.Id, loadedAt, cancellationToken);
        }
        return new DatastoreLoadResult(resource.Id, rows, fields, file.EncodingName, loaded, clock.Elapsed - loaded);
    }

    /// Builds the full-text index of a table that has none (loaded a moment ago, or before tables had one):
    /// the tokens of its text columns into a new FTS5 table, swapped in with the meta row's full_text flag in
    /// one transaction, so that q uses the index exactly when it is complete and of this table. Nothing is
    /// done when the table was reloaded or dropped meanwhile (loadedAt no longer its meta row's) or has its index.
    public async Task BuildFullTextAsync(Guid resourceId, string? loadedAt, CancellationToken cancellationToken)
    {
        await store.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await Task.Run(() => WriteFullText(resourceId, loadedAt, cancellationToken), cancellationToken);
        }
        finally
        {
            store.WriteLock.Release();
        }
    }

    private void WriteFullText(Guid resourceId, string? loadedAt, CancellationToken cancellationToken)
    {
        using var connection = store.OpenWrite();
        Execute(connection, null, "PRAGMA synchronous = NORMAL");
        using var transaction = connection.BeginTransaction();
        string fieldsJson;
        using (var meta = connection.CreateCommand())
        {
            meta.Transaction = transaction;
            meta.CommandText = $"SELECT fields, loaded_at FROM {DatastoreDatabase.MetaTable} WHERE resource_id = $id AND full_text = 0";
            meta.Parameters.AddWithValue("$id", DatastoreDatabase.TableName(resourceId));
            using var reader = meta.ExecuteReader();
            if (!reader.Read() || (loadedAt is not null && reader.GetString(1) != loadedAt))
            {
                return;
            }
            fieldsJson = reader.GetString(0);
        }
        var fields = JsonSerializer.Deserialize<List<DatastoreField>>(fieldsJson) ?? [];
        Execute(connection, transaction, $"DROP TABLE IF EXISTS {DatastoreDatabase.Quote(DatastoreDatabase.FullTextTableName(resourceId))}");
        FillFullText(connection, transaction, resourceId, DatastoreDatabase.Quote(DatastoreDatabase.TableName(resourceId)), fields, cancellationToken);
        using (var flag = connection.CreateCommand())
        {
            flag.Transaction = transaction;
            flag.CommandText = $"UPDATE {DatastoreDatabase.MetaTable} SET full_text = 1 WHERE resource_id = $id";
            flag.Parameters.AddWithValue("$id", DatastoreDatabase.TableName(resourceId));
            flag.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// Creates the table's full-text index, with its final name (the transaction keeps it from readers
    /// until it commits), and fills it from the rows of the table named (the new one being loaded, or the
    /// resource's own).
    private static void FillFullText(SqliteConnection connection, SqliteTransaction transaction, Guid resourceId, string quotedTable, List<DatastoreField> fields, CancellationToken cancellationToken)
    {
        int[] textColumns = [.. fields.Select((f, i) => (f, i)).Where(x => x.f.Type == DatastoreType.Text).Select(x => x.i)];
        if (textColumns.Length == 0)
        {
            return;
        }
        var fullText = DatastoreDatabase.Quote(DatastoreDatabase.FullTextTableName(resourceId));
        Execute(connection, transaction, DatastoreDatabase.CreateFullTextSql(fullText, textColumns));
        var select = $"SELECT \"_id\", {string.Join(", ", textColumns.Select(i => DatastoreDatabase.Quote(fields[i].Id)))} FROM {quotedTable} ORDER BY \"_id\"";
        var insert = $"INSERT INTO {fullText} (rowid, {string.Join(", ", textColumns.Select(DatastoreDatabase.FullTextColumn))}) VALUES (?1, {string.Join(", ", textColumns.Select((_, k) => $"?{k + 2}"))})";
        InsertTokens(connection, select, insert, textColumns.Length, cancellationToken);
    }

    /// Each row's text columns, read back from the table, as tokens into the full-text table under the row's "_id".
    private static void InsertTokens(SqliteConnection connection, string selectSql, string insertSql, int textColumns, CancellationToken cancellationToken)
    {
        var db = connection.Handle!;
        Check(db, raw.sqlite3_prepare_v2(db, selectSql, out var select));
        Check(db, raw.sqlite3_prepare_v2(db, insertSql, out var insert));
        using (select)
        using (insert)
        {
            var tokens = new TokenBuffer();
            var text = new TokenBuffer();
            long rows = 0;
            int step;
            while ((step = raw.sqlite3_step(select)) == raw.SQLITE_ROW)
            {
                if (++rows % 10_000 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                Check(db, raw.sqlite3_bind_int64(insert, 1, raw.sqlite3_column_int64(select, 0)));
                for (var k = 0; k < textColumns; k++)
                {
                    tokens.Clear();
                    var utf8 = raw.sqlite3_column_blob(select, k + 1);
                    if (!utf8.IsEmpty)
                    {
                        text.Clear();
                        text.AppendUtf8(utf8);
                        DatastoreFullText.AppendTokens(text.Span, tokens);
                    }
                    Check(db, tokens.Length == 0 ? raw.sqlite3_bind_null(insert, k + 2) : raw.sqlite3_bind_text16(insert, k + 2, tokens.Span));
                }
                Step(db, insert);
            }
            if (step != raw.SQLITE_DONE)
            {
                Check(db, step);
            }
        }
    }

    /// Keeps why this resource's file could not be loaded, for the officer to see; the previous table, if
    /// any, stays as it was.
    public async Task RecordFailureAsync(Resource resource, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        await store.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = store.OpenWrite();
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                INSERT INTO {DatastoreDatabase.FailureTable} (resource_id, dataset_id, source_hash, reason, failed_at)
                VALUES ($resource, $dataset, $hash, $reason, $at)
                ON CONFLICT (resource_id) DO UPDATE SET dataset_id = excluded.dataset_id, source_hash = excluded.source_hash,
                    reason = excluded.reason, failed_at = excluded.failed_at
                """;
            command.Parameters.AddWithValue("$resource", DatastoreDatabase.TableName(resource.Id));
            command.Parameters.AddWithValue("$dataset", resource.DatasetId.ToString("D"));
            command.Parameters.AddWithValue("$hash", resource.FileHash ?? "");
            command.Parameters.AddWithValue("$reason", reason);
            command.Parameters.AddWithValue("$at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            store.WriteLock.Release();
        }
    }

    /// Drops the tables of these resources (removed, or their dataset no longer published).
    public async Task DropAsync(IReadOnlyCollection<Guid> resourceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        if (resourceIds.Count == 0)
        {
            return;
        }
        await store.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = store.OpenWrite();
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            foreach (var id in resourceIds)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"DROP TABLE IF EXISTS {DatastoreDatabase.Quote(DatastoreDatabase.TableName(id))}; DROP TABLE IF EXISTS {DatastoreDatabase.Quote(DatastoreDatabase.FullTextTableName(id))}; DELETE FROM {DatastoreDatabase.MetaTable} WHERE resource_id = $id; DELETE FROM {DatastoreDatabase.FailureTable} WHERE resource_id = $id;";
                command.Parameters.AddWithValue("$id", DatastoreDatabase.TableName(id));
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            foreach (var id in resourceIds)
            {
                store.Forget(id);
            }
        }
        finally
        {
            store.WriteLock.Release();
        }
    }

    private static List<DatastoreField> InferFields(TabularFile file, string? mainFieldsDescription, CancellationToken cancellationToken)
    {
        var types = new ColumnTypes(file.Columns.Count);
        var width = file.Columns.Count;
        using (var rows = file.OpenCursor(cancellationToken))
        {
            while (rows.Read())
            {
                for (var i = 0; i < width; i++)
                {
                    types.See(i, rows[i]);
                }
            }
        }
        var meanings = FieldDescriptions.Parse(mainFieldsDescription);
        return [.. file.Columns.Select((name, i) => new DatastoreField(name, types.TypeOf(i), meanings.GetValueOrDefault(name)))];
    }

    /// Loads the rows into a new table and swaps it in with its meta row, in one transaction. The old table's
    /// full-text index goes in the same transaction; a small table's new one is made there too, a large
    /// table's (full_text = 0, so q scans) by BuildFullTextAsync after.
    private (long Rows, string LoadedAt) Write(Guid resourceId, Guid datasetId, string hash, TabularFile file, List<DatastoreField> fields, CancellationToken cancellationToken)
    {
        var table = DatastoreDatabase.Quote(DatastoreDatabase.TableName(resourceId));
        var loading = DatastoreDatabase.Quote($"_loading_{resourceId:N}");
        var fullText = DatastoreDatabase.Quote(DatastoreDatabase.FullTextTableName(resourceId));
        using var connection = store.OpenWrite();
        Execute(connection, null, "PRAGMA synchronous = NORMAL");
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"DROP TABLE IF EXISTS {loading}");
        var columns = new StringBuilder("\"_id\" INTEGER PRIMARY KEY");
        foreach (var field in fields)
        {
            columns.Append(", ").Append(DatastoreDatabase.Quote(field.Id)).Append(' ').Append(field.SqliteType);
        }
        Execute(connection, transaction, $"CREATE TABLE {loading} ({columns})");

        var insert = $"INSERT INTO {loading} ({string.Join(", ", fields.Select(f => DatastoreDatabase.Quote(f.Id)))}) VALUES ({string.Join(", ", fields.Select((_, i) => $"?{i + 1}"))})";
        long rows;
        using (var cursor = file.OpenCursor(cancellationToken))
        {
            rows = Insert(connection, insert, fields, cursor);
        }

        Execute(connection, transaction, $"DROP TABLE IF EXISTS {table}");
        Execute(connection, transaction, $"DROP TABLE IF EXISTS {fullText}");
        var indexed = BuildFullTextIndex && rows < FullTextAfterSwapFromRows;
        if (indexed)
        {
            FillFullText(connection, transaction, resourceId, loading, fields, cancellationToken);
        }
        Execute(connection, transaction, $"ALTER TABLE {loading} RENAME TO {table}");
        var loadedAt = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        using (var meta = connection.CreateCommand())
        {
            meta.Transaction = transaction;
            meta.CommandText = $"""
                INSERT INTO {DatastoreDatabase.MetaTable} (resource_id, dataset_id, fields, row_count, source_hash, loaded_at, full_text)
                VALUES ($resource, $dataset, $fields, $rows, $hash, $at, $fullText)
                ON CONFLICT (resource_id) DO UPDATE SET dataset_id = excluded.dataset_id, fields = excluded.fields,
                    row_count = excluded.row_count, source_hash = excluded.source_hash, loaded_at = excluded.loaded_at, full_text = excluded.full_text
                """;
            meta.Parameters.AddWithValue("$resource", DatastoreDatabase.TableName(resourceId));
            meta.Parameters.AddWithValue("$dataset", datasetId.ToString("D"));
            meta.Parameters.AddWithValue("$fields", JsonSerializer.Serialize(fields));
            meta.Parameters.AddWithValue("$rows", rows);
            meta.Parameters.AddWithValue("$hash", hash);
            meta.Parameters.AddWithValue("$at", loadedAt);
            meta.Parameters.AddWithValue("$fullText", indexed ? 1 : 0);
            meta.ExecuteNonQuery();
        }
        using (var cleared = connection.CreateCommand())
        {
            cleared.Transaction = transaction;
            cleared.CommandText = $"DELETE FROM {DatastoreDatabase.FailureTable} WHERE resource_id = $resource";
            cleared.Parameters.AddWithValue("$resource", DatastoreDatabase.TableName(resourceId));
            cleared.ExecuteNonQuery();
        }
        transaction.Commit();
        return (rows, loadedAt);
    }

    /// The rows, through SQLite's own prepared-statement calls: binding by position, straight from
    /// the parser's spans, is most of the difference to sqlite3's .import (docs/benchmarks.md).
    private static long Insert(SqliteConnection connection, string sql, List<DatastoreField> fields, RowCursor cursor)
    {
        var db = connection.Handle!;
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        using (statement)
        {
            var types = fields.Select(f => f.Type).ToArray();
            long rows = 0;
            while (cursor.Read())
            {
                for (var i = 0; i < types.Length; i++)
                {
                    Check(db, Bind(statement, i + 1, cursor[i], types[i]));
                }
                Step(db, statement);
                rows++;
            }
            return rows;
        }
    }

    private static void Step(sqlite3 db, sqlite3_stmt statement)
    {
        var step = raw.sqlite3_step(statement);
        if (step != raw.SQLITE_DONE)
        {
            Check(db, step);
        }
        raw.sqlite3_reset(statement);
    }

    private static int Bind(sqlite3_stmt statement, int index, ReadOnlySpan<char> value, DatastoreType type)
    {
        if (value.IsWhiteSpace())
        {
            return raw.sqlite3_bind_null(statement, index);
        }
        switch (type)
        {
            case DatastoreType.Integer when ColumnTypes.ToInteger(value) is { } l:
                return raw.sqlite3_bind_int64(statement, index, l);
            case DatastoreType.Number when ColumnTypes.ToNumber(value) is { } d:
                return raw.sqlite3_bind_double(statement, index, d);
            case DatastoreType.Boolean when ColumnTypes.ToFlag(value) is { } b:
                return raw.sqlite3_bind_int64(statement, index, b);
            case DatastoreType.Date or DatastoreType.Timestamp when ColumnTypes.ToIsoText(value, type) is { } iso:
                return raw.sqlite3_bind_text(statement, index, iso);
            case DatastoreType.Text:
                return raw.sqlite3_bind_text16(statement, index, value);
            default:
                // Only a value the type inference let through could get here; it is kept as null rather than guessed.
                return raw.sqlite3_bind_null(statement, index);
        }
    }

    private static void Check(sqlite3 db, int code)
    {
        if (code is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            throw new SqliteException($"SQLite Error {code}: {raw.sqlite3_errmsg(db).utf8_to_string()}", code);
        }
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// What a load did: rows loaded, the fields with their inferred types, the detected text encoding, how long
/// it took until the table was swapped in, and how long its full-text index then took.
public sealed record DatastoreLoadResult(Guid ResourceId, long Rows, IReadOnlyList<DatastoreField> Fields, string? EncodingName, TimeSpan Elapsed, TimeSpan FullTextElapsed = default);
