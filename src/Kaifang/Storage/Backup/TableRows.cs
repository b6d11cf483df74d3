using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kaifang.Storage.Backup;

/// A table's rows as a backup holds them: JSON Lines, one object a row, keyed by column name. Written straight from a
/// data reader and read back one line at a time, so a table of any size passes through a few kilobytes of memory.
internal static class TableRows
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Chinese text stays readable (and a third of the size) instead of \u escapes; quotes, control characters
        // and line breaks are still escaped, so every row is one line.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// Copies every row of the table, in key order, to <paramref name="output"/>.
    public static async Task<BackupTableEntry> ExportAsync(
        DbConnection connection, DbTransaction transaction, BackupSql sql, BackupTableMap table, string entryName, Stream output,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql.SelectAll(table);
        // A large table takes as long as it takes; the snapshot stays consistent meanwhile.
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new ArrayBufferWriter<byte>(4096);
        await using var json = new Utf8JsonWriter(buffer, WriterOptions);
        long rows = 0;
        long bytes = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            json.WriteStartObject();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                json.WritePropertyName(column.Name);
                if (await reader.IsDBNullAsync(i, cancellationToken))
                {
                    json.WriteNullValue();
                }
                else
                {
                    BackupValues.Write(json, BackupValues.Read(reader, i, column.Kind), column.Kind, column.Scale);
                }
            }
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
            buffer.Write("\n"u8);
            hash.AppendData(buffer.WrittenSpan);
            await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
            rows++;
            bytes += buffer.WrittenCount;
        }
        return new BackupTableEntry(table.Name, entryName, rows, bytes, Convert.ToHexStringLower(hash.GetHashAndReset()),
            [.. table.Columns.Select(c => new BackupColumn(c.Name, c.Kind, c.IsNullable))]);
    }

    /// Reads a table's rows back, each as its values in the order of <paramref name="entry"/>'s columns. A line that
    /// is not a row of that table throws <see cref="BackupException"/> naming the line and what is wrong with it.
    public static async IAsyncEnumerable<object?[]> ReadAsync(Stream input, BackupTableEntry entry, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entry.Columns.Count; i++)
        {
            ordinals[entry.Columns[i].Name] = i;
        }
        using var reader = new StreamReader(input, StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        long line = 0;
        while (true)
        {
            string? text;
            try
            {
                text = await reader.ReadLineAsync(cancellationToken);
            }
            catch (DecoderFallbackException e)
            {
                throw Bad(entry, line + 1, "it is not UTF-8 text", e);
            }
            if (text is null)
            {
                yield break;
            }
            line++;
            yield return ParseRow(entry, ordinals, text, line);
        }
    }

    private static object?[] ParseRow(BackupTableEntry entry, Dictionary<string, int> ordinals, string text, long line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw Bad(entry, line, "it is not a JSON object", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Bad(entry, line, "it is not a JSON object", null);
            }
            var values = new object?[entry.Columns.Count];
            var seen = new bool[entry.Columns.Count];
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!ordinals.TryGetValue(property.Name, out var i))
                {
                    throw Bad(entry, line, $"it has a column {property.Name} that the manifest does not list", null);
                }
                var column = entry.Columns[i];
                seen[i] = true;
                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    values[i] = column.Nullable ? null : throw Bad(entry, line, $"{column.Name} is empty, and cannot be", null);
                    continue;
                }
                try
                {
                    values[i] = BackupValues.Decode(property.Value, column.Type);
                }
                catch (FormatException e)
                {
                    throw Bad(entry, line, $"{column.Name}: {e.Message}", e);
                }
            }
            if (Array.IndexOf(seen, false) is var missing and >= 0)
            {
                throw Bad(entry, line, $"it has no {entry.Columns[missing].Name}", null);
            }
            return values;
        }
    }

    private static BackupException Bad(BackupTableEntry entry, long line, string what, Exception? inner) =>
        new($"{entry.Entry}, line {line:N0}, is not a row of {entry.Name}: {what}. The backup is damaged; use another copy of it.", inner);

    /// Inserts rows in batches of multi-row INSERTs inside the restore's transaction, with their keys as given.
    public sealed class Import : IAsyncDisposable
    {
        private readonly DbConnection _connection;
        private readonly DbTransaction _transaction;
        private readonly BackupSql _sql;
        private readonly BackupTableMap _table;
        private readonly IReadOnlyList<BackupColumnMap> _columns;
        private readonly int[] _sourceOrdinals;
        private readonly bool[] _later;
        private readonly int _batchRows;
        private readonly List<object?[]> _pending = [];
        private DbCommand? _batch;

        /// <paramref name="columns"/>: the table's columns the backup holds, each with its place in the backup's rows.
        public Import(DbConnection connection, DbTransaction transaction, BackupSql sql, BackupTableMap table,
            IReadOnlyList<(BackupColumnMap Column, int SourceOrdinal)> columns)
        {
            _connection = connection;
            _transaction = transaction;
            _sql = sql;
            _table = table;
            _columns = [.. columns.Select(c => c.Column)];
            _sourceOrdinals = [.. columns.Select(c => c.SourceOrdinal)];
            _later = [.. _columns.Select(c => table.FilledInLater.Contains(c))];
            _batchRows = sql.RowsPerInsert(_columns.Count);
        }

        public long Rows { get; private set; }

        public async Task AddAsync(object?[] row, CancellationToken cancellationToken)
        {
            _pending.Add(row);
            if (_pending.Count == _batchRows)
            {
                _batch ??= Command(_batchRows);
                await ExecuteAsync(_batch, cancellationToken);
            }
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_pending.Count > 0)
            {
                await using var rest = Command(_pending.Count);
                await ExecuteAsync(rest, cancellationToken);
            }
        }

        private DbCommand Command(int rows)
        {
            var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandTimeout = 0;
            command.CommandText = _sql.Insert(_table, _columns, rows);
            for (var row = 0; row < rows; row++)
            {
                for (var i = 0; i < _columns.Count; i++)
                {
                    command.Parameters.Add(BackupSql.Parameter(command, _columns[i], $"@p{row * _columns.Count + i}"));
                }
            }
            return command;
        }

        private async Task ExecuteAsync(DbCommand command, CancellationToken cancellationToken)
        {
            var p = 0;
            foreach (var row in _pending)
            {
                for (var i = 0; i < _columns.Count; i++)
                {
                    // Keys into the same table (or a cycle) wait for every row to be in.
                    command.Parameters[p++].Value = _later[i] ? DBNull.Value : BackupSql.Bind(_columns[i], row[_sourceOrdinals[i]]);
                }
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
            Rows += _pending.Count;
            _pending.Clear();
        }

        public ValueTask DisposeAsync() => _batch?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    /// Sets the keys that were left empty at insert, one row at a time: only rows that have one (an agency's parent).
    public static async Task<long> FillInLaterAsync(
        DbConnection connection, DbTransaction transaction, BackupSql sql, BackupTableMap table, BackupTableEntry entry,
        IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var set = table.FilledInLater;
        var setOrdinals = set.Select(c => Ordinal(entry, c)).ToArray();
        var keyOrdinals = table.Key.Select(c => Ordinal(entry, c)).ToArray();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql.Update(table, set);
        var columns = set.Concat(table.Key).ToList();
        for (var i = 0; i < columns.Count; i++)
        {
            command.Parameters.Add(BackupSql.Parameter(command, columns[i], $"@p{i}"));
        }
        long updated = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (setOrdinals.All(o => o < 0 || row[o] is null))
            {
                continue;
            }
            for (var i = 0; i < set.Count; i++)
            {
                command.Parameters[i].Value = BackupSql.Bind(set[i], setOrdinals[i] < 0 ? null : row[setOrdinals[i]]);
            }
            for (var i = 0; i < keyOrdinals.Length; i++)
            {
                command.Parameters[set.Count + i].Value = BackupSql.Bind(table.Key[i], row[keyOrdinals[i]]);
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
            updated++;
        }
        return updated;
    }

    private static int Ordinal(BackupTableEntry entry, BackupColumnMap column)
    {
        for (var i = 0; i < entry.Columns.Count; i++)
        {
            if (entry.Columns[i].Name == column.Name)
            {
                return i;
            }
        }
        return -1;
    }
}
