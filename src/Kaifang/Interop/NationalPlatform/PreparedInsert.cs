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
internal sealed class PreparedInsert : IDisposable
{
    private readonly DbCommand _command;
    private readonly (IPropertyBase Property, IClrPropertyGetter Getter, DbParameter Parameter, ValueConverter? Converter)[] _columns;

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
        _command.Prepare();
    }

    public void Insert(object entity)
    {
        foreach (var (_, getter, parameter, converter) in _columns)
        {
            var value = getter.GetClrValue(entity);
            parameter.Value = (converter is null || value is null ? value : converter.ConvertToProvider(value)) ?? DBNull.Value;
        }
        // Synchronous on purpose: Microsoft.Data.Sqlite's async calls run synchronously anyway, at extra cost per row.
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
