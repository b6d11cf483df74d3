using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kaifang.Interop.NationalPlatform;

/// One prepared INSERT for an entity type whose table, columns, parameter types and value
/// conversions are all read from the EF model, so the entity configuration stays the only
/// definition of how a row is stored. Used where EF's change tracking costs more than the rows
/// themselves: bulk loads of tens of thousands of rows (STYLE.md: raw SQL only where measured).
/// For SQLite, whose rows never leave the process: PostgreSQL takes new rows by COPY (CopyInsert),
/// as a round trip per row made its import three times slower.
internal sealed class PreparedInsert : IDisposable
{
    private readonly DbCommand _command;
    private readonly (InsertColumn Column, DbParameter Parameter)[] _columns;

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
        _command.Prepare();
    }

    public void Insert(object entity)
    {
        foreach (var (column, parameter) in _columns)
        {
            parameter.Value = column.Value(entity) ?? DBNull.Value;
        }
        // Synchronous on purpose: Microsoft.Data.Sqlite's async calls run synchronously anyway, at extra cost per row.
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
