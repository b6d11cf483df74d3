using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kaifang.Storage.Backup;

/// The tables a backup holds, read from the EF Core model as the database at hand maps it: every table some entity
/// type is stored in (Identity's, join tables, owned types sharing a table, shadow properties — whatever the model
/// maps lands in a table's columns), except those of the entity types left out on purpose. Ordered so that each
/// table comes after the tables its foreign keys point to; a key that points back into its own table (an agency's
/// parent) or closes a cycle is left empty when rows are inserted and filled in once every row is in.
public sealed class BackupSchema
{
    private BackupSchema(IReadOnlyList<BackupTableMap> tables, IReadOnlyList<BackupTableMap> all)
    {
        Tables = tables;
        AllTables = all;
    }

    /// The tables backed up, principals first.
    public IReadOnlyList<BackupTableMap> Tables { get; }

    /// Every table of the model, those left out too: a restore's target must have none of them holding rows.
    public IReadOnlyList<BackupTableMap> AllTables { get; }

    public BackupTableMap? Find(string name) => Tables.FirstOrDefault(t => t.Name == name);

    /// Reads the tables of <paramref name="db"/>'s model; the tables whose every entity type is in
    /// <paramref name="leftOut"/> are not backed up. Throws when a column's type has no backup form, or a table kept
    /// points to one left out: both are mistakes of the model or the list, better found by a test than by a restore.
    public static BackupSchema For(DbContext db, IReadOnlySet<Type> leftOut)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(leftOut);
        // Seed data (HasData) is kept in the design-time model only; the relational model is the same in both.
        var model = db.GetService<IDesignTimeModel>().Model;
        var all = model.GetRelationalModel().Tables
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var kept = all.Where(t => !t.EntityTypeMappings.All(m => leftOut.Contains(m.TypeBase.ClrType))).ToList();
        foreach (var table in kept)
        {
            foreach (var key in table.ForeignKeyConstraints.Where(k => !kept.Contains(k.PrincipalTable)))
            {
                throw new InvalidOperationException(
                    $"{table.Name} points to {key.PrincipalTable.Name}, which backups leave out: back it up too, or leave {table.Name} out as well.");
            }
        }

        var deferred = DeferredKeys(kept);
        var maps = Order(kept, deferred).Select(t => Map(t, deferred)).ToList();
        var leftOutMaps = all.Except(kept).Select(t => Map(t, [])).ToList();
        return new BackupSchema(maps, [.. maps, .. leftOutMaps]);
    }

    private static BackupTableMap Map(ITable table, HashSet<IForeignKeyConstraint> deferred)
    {
        var columns = table.Columns.Select(c => new BackupColumnMap(c)).ToList();
        var byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var key = table.PrimaryKey?.Columns.Select(c => byName[c.Name]).ToList()
            ?? throw new InvalidOperationException($"{table.Name} has no primary key: a backup could not put its rows back one for one.");
        var later = table.ForeignKeyConstraints.Where(deferred.Contains)
            .SelectMany(k => k.Columns).Select(c => byName[c.Name]).Distinct().ToList();
        var seeds = table.EntityTypeMappings
            .Select(m => m.TypeBase).OfType<IEntityType>()
            .SelectMany(e => e.GetSeedData().Select(seed => key.Select(k => SeedKeyValue(e, k, seed)).ToArray()))
            .ToList();
        return new BackupTableMap(table.Name, table.Schema, columns, key, later, seeds);
    }

    // A seed row's key value as the database holds it, in the form a backup writes it.
    private static string SeedKeyValue(IEntityType entityType, BackupColumnMap column, IDictionary<string, object?> seed)
    {
        var property = entityType.GetProperties().First(p => p.GetColumnName() == column.Name);
        var value = seed[property.Name];
        var converter = property.GetTypeMapping().Converter;
        return BackupColumnMap.Text(converter is null || value is null ? value : converter.ConvertToProvider(value), column.Kind);
    }

    // Keys that point back into their own table, or close a cycle of tables, are filled in after every row is in.
    private static HashSet<IForeignKeyConstraint> DeferredKeys(List<ITable> tables)
    {
        var deferred = tables.SelectMany(t => t.ForeignKeyConstraints).Where(k => k.Table == k.PrincipalTable).ToHashSet();
        while (FindCycle(tables, deferred) is { } cycle)
        {
            var breakable = cycle.FirstOrDefault(k => k.Columns.All(c => c.IsNullable))
                ?? throw new InvalidOperationException(
                    $"The tables {string.Join(", ", cycle.Select(k => k.Table.Name))} point to each other through keys that cannot be empty: "
                    + "no order inserts their rows one table at a time.");
            deferred.Add(breakable);
        }
        foreach (var key in deferred.Where(k => k.Columns.Any(c => !c.IsNullable)))
        {
            throw new InvalidOperationException(
                $"{key.Table.Name}.{string.Join(", ", key.Columns.Select(c => c.Name))} points into its own table but cannot be empty: "
                + "a restore could not insert its rows before the rows they point to.");
        }
        return deferred;
    }

    private static List<IForeignKeyConstraint>? FindCycle(List<ITable> tables, HashSet<IForeignKeyConstraint> deferred)
    {
        var state = new Dictionary<ITable, int>();
        var path = new Stack<IForeignKeyConstraint>();
        List<IForeignKeyConstraint>? Visit(ITable table)
        {
            state[table] = 1;
            foreach (var key in table.ForeignKeyConstraints.Where(k => !deferred.Contains(k) && tables.Contains(k.PrincipalTable))
                         .OrderBy(k => k.Name, StringComparer.Ordinal))
            {
                path.Push(key);
                if (state.GetValueOrDefault(key.PrincipalTable) == 1)
                {
                    return [.. path.Reverse().SkipWhile(k => k.Table != key.PrincipalTable)];
                }
                if (state.GetValueOrDefault(key.PrincipalTable) == 0 && Visit(key.PrincipalTable) is { } found)
                {
                    return found;
                }
                path.Pop();
            }
            state[table] = 2;
            return null;
        }
        foreach (var table in tables)
        {
            if (state.GetValueOrDefault(table) == 0 && Visit(table) is { } cycle)
            {
                return cycle;
            }
        }
        return null;
    }

    // Principals before dependents; among the tables ready at once, by name, so every backup lists them alike.
    private static List<ITable> Order(List<ITable> tables, HashSet<IForeignKeyConstraint> deferred)
    {
        var waitingFor = tables.ToDictionary(
            t => t,
            t => t.ForeignKeyConstraints.Where(k => !deferred.Contains(k)).Select(k => k.PrincipalTable).Where(p => p != t).ToHashSet());
        var ordered = new List<ITable>();
        while (waitingFor.Count > 0)
        {
            var next = waitingFor.Where(w => w.Value.Count == 0).Select(w => w.Key).OrderBy(t => t.Name, StringComparer.Ordinal).First();
            ordered.Add(next);
            waitingFor.Remove(next);
            foreach (var others in waitingFor.Values)
            {
                others.Remove(next);
            }
        }
        return ordered;
    }
}

/// One table as a backup reads and writes it.
public sealed class BackupTableMap(
    string name,
    string? schema,
    IReadOnlyList<BackupColumnMap> columns,
    IReadOnlyList<BackupColumnMap> key,
    IReadOnlyList<BackupColumnMap> filledInLater,
    IReadOnlyList<string[]> seedKeys)
{
    public string Name { get; } = name;
    public string? Schema { get; } = schema;
    public IReadOnlyList<BackupColumnMap> Columns { get; } = columns;
    public IReadOnlyList<BackupColumnMap> Key { get; } = key;

    /// Foreign-key columns left empty at insert and set once every table's rows are in.
    public IReadOnlyList<BackupColumnMap> FilledInLater { get; } = filledInLater;

    /// The keys of the rows migrations put in (HasData), as a backup writes them: a new database already has these.
    public IReadOnlyList<string[]> SeedKeys { get; } = seedKeys;

    public BackupColumnMap? Find(string column) => Columns.FirstOrDefault(c => c.Name == column);
}

/// One column: its name, the kind of value it holds, and the provider's mapping that binds values to commands.
public sealed class BackupColumnMap
{
    internal BackupColumnMap(IColumn column)
    {
        Name = column.Name;
        IsNullable = column.IsNullable;
        Mapping = column.StoreTypeMapping;
        Kind = BackupValues.KindOf(column.ProviderClrType) ?? throw new InvalidOperationException(
            $"{column.Table.Name}.{column.Name} holds {column.ProviderClrType.Name}, which backups cannot write: "
            + "map it to a type they can (text, numbers, dates, GUIDs, bytes), or teach BackupValues the type.");
        MaxLength = column.MaxLength;
        Scale = column.Scale;
        HasDefault = column.DefaultValue is not null || column.DefaultValueSql is not null;
    }

    public string Name { get; }
    public BackupValueKind Kind { get; }
    public bool IsNullable { get; }
    public RelationalTypeMapping Mapping { get; }
    public int? MaxLength { get; }
    public int? Scale { get; }

    /// Whether the database fills the column when an insert leaves it out.
    public bool HasDefault { get; }

    /// A value as its backup text, for comparing keys.
    internal static string Text(object? value, BackupValueKind kind)
    {
        if (value is null)
        {
            return "null";
        }
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            BackupValues.Write(writer, value, kind);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
