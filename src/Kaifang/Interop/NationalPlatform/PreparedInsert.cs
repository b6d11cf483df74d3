using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kaifang.Interop.NationalPlatform;

/// One prepared INSERT for an entity type whose table, columns, parameter types and value
/// conversions are all read from the EF model, so the entity configuration stays the only
/// definition of how a row is stored. Used where EF's change tracking costs more than the rows
/// themselves: bulk loads of tens of thousands of rows (STYLE.md: raw SQL only where measured).
/// Where the provider sends several statements in one round trip (PostgreSQL), rows are sent
/// <see cref="RowsPerBatch"/> at a time: one round trip per row made a 100,000-dataset import on
/// PostgreSQL three times slower than on SQLite, whose rows never leave the process. Call
/// <see cref="Flush"/> after the last row.
internal sealed class PreparedInsert : IDisposable
{
    public const int RowsPerBatch = 500;

    private readonly DbCommand _command;
    private readonly (InsertColumn Column, DbParameter Parameter)[] _columns;
    private readonly DbBatch? _batch;

    public PreparedInsert(DbContext db, Type clrType, DbTransaction transaction)
    {
        var (table, columns) = InsertColumn.For(db, clrType);
        var sql = db.GetService<ISqlGenerationHelper>();
        _command = transaction.Connection!.CreateCommand();
        _command.Transaction = transaction;
        _columns = new (InsertColumn, DbParameter)[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            var parameter = columns[i].Mapping.CreateParameter(_command, $"@p{i}", null, columns[i].IsNullable);
            _command.Parameters.Add(parameter);
            _columns[i] = (columns[i], parameter);
        }
        _command.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) "
            + $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        if (transaction.Connection.CanCreateBatch)
        {
            _batch = transaction.Connection.CreateBatch();
            _batch.Transaction = transaction;
        }
        else
        {
            _command.Prepare();
        }
    }

    public void Insert(object entity)
    {
        if (_batch is null)
        {
            foreach (var (column, parameter) in _columns)
            {
                parameter.Value = column.Value(entity) ?? DBNull.Value;
            }
            // Synchronous on purpose: Microsoft.Data.Sqlite's async calls run synchronously anyway, at extra cost per row.
            _command.ExecuteNonQuery();
            return;
        }
        var row = _batch.CreateBatchCommand();
        row.CommandText = _command.CommandText;
        foreach (var (column, parameter) in _columns)
        {
            // A copy of the prepared parameter keeps its name and provider type.
            var copy = (DbParameter)((ICloneable)parameter).Clone();
            copy.Value = column.Value(entity) ?? DBNull.Value;
            row.Parameters.Add(copy);
        }
        _batch.BatchCommands.Add(row);
        if (_batch.BatchCommands.Count == RowsPerBatch)
        {
            Flush();
        }
    }

    /// Sends the rows not sent yet.
    public void Flush()
    {
        if (_batch is { BatchCommands.Count: > 0 })
        {
            _batch.ExecuteNonQuery();
            _batch.BatchCommands.Clear();
        }
    }

    public void Dispose()
    {
        _batch?.Dispose();
        _command.Dispose();
    }
}
