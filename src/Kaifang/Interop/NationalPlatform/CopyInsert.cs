using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Kaifang.Interop.NationalPlatform;

/// New rows of one entity type written with PostgreSQL's COPY (binary), in the caller's transaction: the table,
/// columns, store types and value conversions come from the EF model as for <see cref="PreparedInsert"/>, so the
/// rows are the same as its INSERTs would write. COPY sends the rows as one stream the server reads without
/// parsing, planning or executing a statement for each: with 500 INSERTs to a round trip the 100,000-dataset
/// national import spent three times SQLite's time writing its rows on PostgreSQL.
/// Call <see cref="Complete"/> after the last row; disposed without it, the COPY is cancelled and the server
/// reports an error, which aborts the transaction, so that none of its rows are kept.
internal sealed class CopyInsert : IDisposable
{
    private readonly NpgsqlBinaryImporter _writer;
    private readonly InsertColumn[] _columns;

    public CopyInsert(DbContext db, Type clrType, NpgsqlConnection connection)
    {
        var (table, columns) = InsertColumn.For(db, clrType);
        _columns = columns;
        var sql = db.GetService<ISqlGenerationHelper>();
        _writer = connection.BeginBinaryImport(
            $"COPY {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) FROM STDIN (FORMAT BINARY)");
    }

    public void Insert(object entity)
    {
        _writer.StartRow();
        foreach (var column in _columns)
        {
            if (column.Value(entity) is { } value)
            {
                // The column's own store type, as the INSERT's parameter would have had: COPY's binary format
                // carries no types, so a value written as another type would be misread, not refused.
                _writer.Write(value, column.StoreType);
            }
            else
            {
                _writer.WriteNull();
            }
        }
    }

    /// Ends the COPY: the rows are written (the transaction still decides whether they are kept).
    public void Complete() => _writer.Complete();

    public void Dispose() => _writer.Dispose();
}
