using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

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
    private readonly (IPropertyBase Property, IClrPropertyGetter Getter, DbParameter Parameter, ValueConverter? Converter)[] _columns;
    private readonly DbBatch? _batch;

    public PreparedInsert(DbContext db, Type clrType, DbTransaction transaction)
    {
        var entityType = db.Model.FindEntityType(clrType) ?? throw new ArgumentException($"{clrType.Name} is not in the model.", nameof(clrType));
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        // Database-generated keys (integer identities) are left to the database.
        var properties = entityType.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType is var t && (t == typeof(int) || t == typeof(long))))
            .ToList();
        _command = transaction.Connection!.CreateCommand();
        _command.Transaction = transaction;
        _columns = new (IPropertyBase, IClrPropertyGetter, DbParameter, ValueConverter?)[properties.Count];
        for (var i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            var mapping = (RelationalTypeMapping)property.GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(_command, $"@p{i}", null, property.IsNullable);
            _command.Parameters.Add(parameter);
            _columns[i] = (property, property.GetGetter(), parameter, mapping.Converter);
        }
        _command.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) "
            + $"VALUES ({string.Join(", ", properties.Select((_, i) => $"@p{i}"))})";
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
            foreach (var (_, getter, parameter, converter) in _columns)
            {
                parameter.Value = Value(entity, getter, converter);
            }
            // Synchronous on purpose: Microsoft.Data.Sqlite's async calls run synchronously anyway, at extra cost per row.
            _command.ExecuteNonQuery();
            return;
        }
        var row = _batch.CreateBatchCommand();
        row.CommandText = _command.CommandText;
        foreach (var (_, getter, parameter, converter) in _columns)
        {
            // A copy of the prepared parameter keeps its name and provider type.
            var copy = (DbParameter)((ICloneable)parameter).Clone();
            copy.Value = Value(entity, getter, converter);
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

    private static object Value(object entity, IClrPropertyGetter getter, ValueConverter? converter)
    {
        var value = getter.GetClrValue(entity);
        return (converter is null || value is null ? value : converter.ConvertToProvider(value)) ?? DBNull.Value;
    }

    public void Dispose()
    {
        _batch?.Dispose();
        _command.Dispose();
    }
}
