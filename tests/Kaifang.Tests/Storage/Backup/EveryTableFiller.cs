using System.Text.Json;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Kaifang.Tests.Storage.Backup;

/// Adds two rows to every table of the model through EF Core, as the app would write them: one with every column
/// filled at the edge of what it holds (Chinese text at the column's maximum length, times with tenths of a
/// microsecond, decimals with fewer places than their scale, the largest numbers, JSON documents), one with every
/// column that may be empty left empty. A new entity type gets its rows without this class changing; a property of a
/// type it cannot make a value for fails, saying so.
internal sealed class EveryTableFiller
{
    /// An instant with tenths of a microsecond: SQLite keeps them, PostgreSQL cuts them.
    public static readonly DateTimeOffset Instant = new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero).AddTicks(1_234_567);

    private const string Text = "開放政府資料「勞動統計」：\"引號\"、反斜線\\、換行\n定位\t、罕用字𠀋、表情😀；";

    private readonly List<(IEntityType Type, object Entity)> _added = [];

    public int Rows => _added.Count;

    public async Task FillAsync(KaifangDbContext db, IReadOnlySet<Type> leftOut)
    {
        var rows = new Dictionary<IEntityType, List<object>>();
        foreach (var type in PrincipalsFirst(db.Model.GetEntityTypes().Where(t => !leftOut.Contains(t.ClrType) && !t.IsOwned())))
        {
            var made = new List<object>();
            for (var variant = 0; variant < 2; variant++)
            {
                var entity = Activator.CreateInstance(type.ClrType)
                    ?? throw new InvalidOperationException($"{type.DisplayName()} has no constructor without parameters: teach {nameof(EveryTableFiller)} to make one.");
                var shadow = new List<(IProperty, object?)>();
                foreach (var property in type.GetProperties())
                {
                    if (property.IsPrimaryKey() && property.ValueGenerated == ValueGenerated.OnAdd && IsWhole(property.ClrType))
                    {
                        continue;
                    }
                    if (ValueFor(type, property, variant, rows) is not (true, var value))
                    {
                        continue;
                    }
                    if (property.IsShadowProperty())
                    {
                        shadow.Add((property, value));
                    }
                    else if (property.PropertyInfo is { CanWrite: true } setter)
                    {
                        setter.SetValue(entity, value);
                    }
                    else
                    {
                        (property.FieldInfo ?? throw new InvalidOperationException($"{type.DisplayName()}.{property.Name} cannot be set.")).SetValue(entity, value);
                    }
                }
                db.Add(entity);
                foreach (var (property, value) in shadow)
                {
                    db.Entry(entity).Property(property.Name).CurrentValue = value;
                }
                await db.SaveChangesAsync();
                made.Add(entity);
            }
            rows[type] = made;
            // A key into the same table: the first row points to the second, added after it, so a restore has to put
            // the rows in before it can set the key.
            foreach (var key in type.GetForeignKeys().Where(k => k.PrincipalEntityType == type))
            {
                for (var i = 0; i < key.Properties.Count; i++)
                {
                    db.Entry(made[0]).Property(key.Properties[i].Name).CurrentValue = key.PrincipalKey.Properties[i].GetGetter().GetClrValue(made[1]);
                }
                await db.SaveChangesAsync();
            }
            _added.AddRange(made.Select(m => (type, m)));
        }
    }

    /// Checks that every row added reads back from <paramref name="restored"/> as it reads from
    /// <paramref name="source"/>, value for value as the database stores them, times to the microsecond (the round
    /// trip passed through PostgreSQL). Read back from both, so that what EF Core's own conversions change on the way
    /// in (a decimal stored as a double) is not taken for the backup's doing.
    public async Task AssertSameInAsync(KaifangDbContext source, KaifangDbContext restored)
    {
        foreach (var (type, entity) in _added)
        {
            var key = type.FindPrimaryKey()!.Properties.Select(p => Get(p, entity)).ToArray();
            var before = await source.FindAsync(type.ClrType, key);
            var after = await restored.FindAsync(type.ClrType, key);
            Assert.True(before is not null && after is not null, $"{type.DisplayName()} {string.Join(", ", key)} is missing.");
            foreach (var property in type.GetProperties())
            {
                var expected = Stored(property, before);
                var actual = Stored(property, after);
                Assert.True(Equals(expected, actual),
                    $"{type.DisplayName()}.{property.Name} was {Show(expected)} and is {Show(actual)} after the round trip.");
            }
            source.ChangeTracker.Clear();
            restored.ChangeTracker.Clear();
        }
    }

    private static object? Get(IProperty property, object entity) =>
        property.IsShadowProperty() ? null : property.GetGetter().GetClrValue(entity);

    // The value as the database holds it (after the model's conversions), times cut to the microsecond.
    private static object? Stored(IProperty property, object entity)
    {
        var value = Get(property, entity);
        if (value is not null && property.GetTypeMapping().Converter is { } converter)
        {
            value = converter.ConvertToProvider(value);
        }
        return value switch
        {
            DateTime d => new DateTime(d.Ticks - d.Ticks % 10, DateTimeKind.Utc),
            DateTimeOffset d => new DateTimeOffset(d.UtcTicks - d.UtcTicks % 10, TimeSpan.Zero),
            _ => value,
        };
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s.Length > 60 ? s[..60] + "…" : s),
        DateTime d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static (bool Set, object? Value) ValueFor(IEntityType type, IProperty property, int variant, Dictionary<IEntityType, List<object>> rows)
    {
        var inKeyOrUniqueIndex = property.IsKey() || property.GetContainingIndexes().Any(i => i.IsUnique);
        if (property.GetContainingForeignKeys().FirstOrDefault() is { } key)
        {
            if (key.PrincipalEntityType == type)
            {
                return (false, null);
            }
            if (variant == 1 && property.IsNullable && !inKeyOrUniqueIndex)
            {
                return (true, null);
            }
            // Rows that must differ by their key point to different principals; the others to the fully filled one.
            var principal = rows[key.PrincipalEntityType][variant == 1 && inKeyOrUniqueIndex ? 1 : 0];
            return (true, key.PrincipalKey.Properties[key.Properties.ToList().IndexOf(property)].GetGetter().GetClrValue(principal));
        }
        if (variant == 1 && property.IsNullable)
        {
            return (true, null);
        }
        return Sample(type, property, variant);
    }

    private static (bool, object?) Sample(IEntityType type, IProperty property, int variant)
    {
        var clr = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        object? value = clr switch
        {
            _ when clr == typeof(string) => variant == 0 ? Long(property.GetMaxLength()) : Short(property.GetMaxLength()),
            _ when clr == typeof(bool) => variant == 0,
            _ when clr == typeof(byte) => variant == 0 ? byte.MaxValue : (byte)1,
            _ when clr == typeof(short) => variant == 0 ? short.MaxValue : (short)-1,
            _ when clr == typeof(int) => variant == 0 ? int.MaxValue : -1,
            _ when clr == typeof(long) => variant == 0 ? long.MaxValue : -1L,
            _ when clr == typeof(float) => variant == 0 ? MathF.PI / 3 : 1e-30f,
            _ when clr == typeof(double) => variant == 0 ? Math.PI / 3 : 1e-300,
            _ when clr == typeof(decimal) => Decimal(property, variant),
            _ when clr == typeof(Guid) => Guid.NewGuid(),
            _ when clr == typeof(DateTimeOffset) => variant == 0 ? Instant : new DateTimeOffset(1911, 1, 1, 0, 0, 0, TimeSpan.Zero),
            _ when clr == typeof(DateTime) => variant == 0 ? Instant.UtcDateTime : new DateTime(1911, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            _ when clr == typeof(DateOnly) => variant == 0 ? new DateOnly(2028, 2, 29) : new DateOnly(1911, 1, 1),
            _ when clr == typeof(TimeOnly) => variant == 0 ? TimeOnly.FromTimeSpan(Instant.TimeOfDay) : TimeOnly.MinValue,
            _ when clr == typeof(TimeSpan) => variant == 0 ? Instant.TimeOfDay : TimeSpan.Zero,
            _ when clr == typeof(byte[]) => variant == 0 ? new byte[] { 0, 1, 127, 128, 255 } : Array.Empty<byte>(),
            _ when clr.IsEnum => Enum.GetValues(clr).GetValue(variant == 0 ? Enum.GetValues(clr).Length - 1 : 0),
            _ when clr == typeof(List<string>) => new List<string> { "開放資料", Text },
            _ when clr == typeof(Dictionary<string, string>) => new Dictionary<string, string> { ["欄位"] = Text, ["空白"] = "" },
            _ => null,
        };
        if (value is not null)
        {
            return (true, value);
        }
        // Types of the domain (a list of field changes, an update frequency): the entity's own default, which the
        // app would write too.
        if (property.IsNullable || property.PropertyInfo?.GetValue(Activator.CreateInstance(type.ClrType)) is not null)
        {
            return (false, null);
        }
        throw new InvalidOperationException(
            $"{nameof(EveryTableFiller)} cannot make a value of {clr.Name} for {type.DisplayName()}.{property.Name}: teach it one.");
    }

    // Chinese text at the column's maximum length (or 2,000 characters without one: the search index refuses
    // longer category codes than a few thousand), unique by its start.
    private static string Long(int? max)
    {
        var length = max ?? 2_000;
        var text = new System.Text.StringBuilder(Guid.NewGuid().ToString("N")[..Math.Min(8, length)]);
        var runes = Text.EnumerateRunes().ToArray();
        for (var i = 0; text.Length + runes[i % runes.Length].Utf16SequenceLength <= length; i++)
        {
            text.Append(runes[i % runes.Length].ToString());
        }
        // A character beyond the BMP that did not fit whole.
        return text.Append('字', length - text.Length).ToString();
    }

    private static string Short(int? max)
    {
        var text = "v" + Guid.NewGuid().ToString("N");
        return max is { } m && m < text.Length ? text[..m] : text;
    }

    private static decimal Decimal(IProperty property, int variant)
    {
        if (variant == 1)
        {
            // Fewer places than the column's scale: PostgreSQL pads it, and the backup writes it padded from SQLite too.
            return 0.5m;
        }
        if (property.GetPrecision() is { } precision && property.GetScale() is { } scale)
        {
            // The largest the column holds: 999.99 for numeric(5,2).
            return (decimal)Math.Pow(10, precision - scale) - 1m / (decimal)Math.Pow(10, scale);
        }
        return 1234567890.123456789m;
    }

    private static bool IsWhole(Type type) => type == typeof(int) || type == typeof(long) || type == typeof(short);

    private static List<IEntityType> PrincipalsFirst(IEnumerable<IEntityType> types)
    {
        var waiting = types.ToDictionary(
            t => t,
            t => t.GetForeignKeys().Select(k => k.PrincipalEntityType).Where(p => p != t).ToHashSet());
        var ordered = new List<IEntityType>();
        while (waiting.Count > 0)
        {
            var next = waiting.Where(w => w.Value.All(p => !waiting.ContainsKey(p))).Select(w => w.Key)
                .OrderBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault()
                ?? throw new InvalidOperationException($"Entity types point to each other: {string.Join(", ", waiting.Keys.Select(t => t.DisplayName()))}.");
            ordered.Add(next);
            waiting.Remove(next);
        }
        return ordered;
    }
}
