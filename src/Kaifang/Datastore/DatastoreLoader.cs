using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.Data.Sqlite;

namespace Kaifang.Datastore;

/// Loads an uploaded resource's file into its DataStore table: one pass over the rows to infer the
/// columns' types, a second to insert them with one prepared statement in one transaction into a
/// new table, which then takes the old one's place in the same transaction. A file that fails to
/// load leaves the previous table as it was.
public sealed class DatastoreLoader(DatastoreDatabase store, FileStore files, TimeProvider time)
{
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

        await store.WriteLock.WaitAsync(cancellationToken);
        try
        {
            var rows = await Task.Run(() => Write(resource.Id, resource.DatasetId, hash, file, fields, cancellationToken), cancellationToken);
            store.Forget(resource.Id);
            return new DatastoreLoadResult(resource.Id, rows, fields, file.EncodingName, clock.Elapsed);
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
                command.CommandText = $"DROP TABLE IF EXISTS {DatastoreDatabase.Quote(DatastoreDatabase.TableName(id))}; DELETE FROM {DatastoreDatabase.MetaTable} WHERE resource_id = $id;";
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
        foreach (var row in file.Rows(cancellationToken))
        {
            for (var i = 0; i < row.Length; i++)
            {
                types.See(i, row[i]);
            }
        }
        var meanings = FieldDescriptions.Parse(mainFieldsDescription);
        return [.. file.Columns.Select((name, i) => new DatastoreField(name, types.TypeOf(i), meanings.GetValueOrDefault(name)))];
    }

    private long Write(Guid resourceId, Guid datasetId, string hash, TabularFile file, List<DatastoreField> fields, CancellationToken cancellationToken)
    {
        var table = DatastoreDatabase.Quote(DatastoreDatabase.TableName(resourceId));
        var loading = DatastoreDatabase.Quote($"_loading_{resourceId:N}");
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

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {loading} ({string.Join(", ", fields.Select(f => DatastoreDatabase.Quote(f.Id)))}) VALUES ({string.Join(", ", fields.Select((_, i) => $"$p{i}"))})";
        var parameters = fields.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        insert.Prepare();
        long rows = 0;
        foreach (var row in file.Rows(cancellationToken))
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = ColumnTypes.Convert(row[i], fields[i].Type) ?? DBNull.Value;
            }
            insert.ExecuteNonQuery();
            rows++;
        }

        Execute(connection, transaction, $"DROP TABLE IF EXISTS {table}");
        Execute(connection, transaction, $"ALTER TABLE {loading} RENAME TO {table}");
        using (var meta = connection.CreateCommand())
        {
            meta.Transaction = transaction;
            meta.CommandText = $"""
                INSERT INTO {DatastoreDatabase.MetaTable} (resource_id, dataset_id, fields, row_count, source_hash, loaded_at)
                VALUES ($resource, $dataset, $fields, $rows, $hash, $at)
                ON CONFLICT (resource_id) DO UPDATE SET dataset_id = excluded.dataset_id, fields = excluded.fields,
                    row_count = excluded.row_count, source_hash = excluded.source_hash, loaded_at = excluded.loaded_at
                """;
            meta.Parameters.AddWithValue("$resource", DatastoreDatabase.TableName(resourceId));
            meta.Parameters.AddWithValue("$dataset", datasetId.ToString("D"));
            meta.Parameters.AddWithValue("$fields", JsonSerializer.Serialize(fields));
            meta.Parameters.AddWithValue("$rows", rows);
            meta.Parameters.AddWithValue("$hash", hash);
            meta.Parameters.AddWithValue("$at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            meta.ExecuteNonQuery();
        }
        transaction.Commit();
        return rows;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// What a load did: rows loaded, the fields with their inferred types, the detected text encoding, how long it took.
public sealed record DatastoreLoadResult(Guid ResourceId, long Rows, IReadOnlyList<DatastoreField> Fields, string? EncodingName, TimeSpan Elapsed);
