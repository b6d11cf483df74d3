using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kaifang.Interop.NationalPlatform;

/// One column a bulk insert writes, read from the EF model: its name, store type and how the entity's value is
/// converted for the database (the same conversion EF applies when it saves).
internal sealed record InsertColumn(string Name, RelationalTypeMapping Mapping, bool IsNullable, IClrPropertyGetter Getter)
{
    public string StoreType => Mapping.StoreType;

    /// The columns written for new rows of an entity type: every mapped property except database-generated
    /// integer keys, which are left to the database.
    public static (StoreObjectIdentifier Table, InsertColumn[] Columns) For(DbContext db, Type clrType)
    {
        var entityType = db.Model.FindEntityType(clrType) ?? throw new ArgumentException($"{clrType.Name} is not in the model.", nameof(clrType));
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = entityType.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType is var t && (t == typeof(int) || t == typeof(long))))
            .Select(p => new InsertColumn(p.GetColumnName(table)!, (RelationalTypeMapping)p.GetRelationalTypeMapping(), p.IsNullable, p.GetGetter()))
            .ToArray();
        return (table, columns);
    }

    /// The entity's value as the database stores it, or null.
    public object? Value(object entity)
    {
        var value = Getter.GetClrValue(entity);
        return Mapping.Converter is { } converter && value is not null ? converter.ConvertToProvider(value) : value;
    }
}
