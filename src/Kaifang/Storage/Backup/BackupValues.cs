using System.Data.Common;
using System.Globalization;
using System.Text.Json;

namespace Kaifang.Storage.Backup;

/// What a column holds, as the database stores it after the model's conversions (an enum as its name or number, an
/// instant as a UTC date-time, a JSON document as text): the same on SQLite and PostgreSQL, so a backup made on one
/// restores on the other.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name",
    Justification = "Each kind is named after the .NET type the database hands its values over as; that is what a manifest reader needs to see.")]
public enum BackupValueKind
{
    String,
    Boolean,
    Byte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    Guid,
    DateTime,
    DateTimeOffset,
    DateOnly,
    TimeOnly,
    TimeSpan,
    Bytes,
}

/// How each kind of value is read from a database, written into a backup's JSON and read back: text for what JSON's
/// numbers would not keep exactly (decimals, with their scale), ISO 8601 for dates and times (to the tenth of a
/// microsecond), base64 for bytes; whole numbers and doubles as JSON numbers, which keep them exactly.
public static class BackupValues
{
    private const string DateTimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";
    private const string DateFormat = "yyyy'-'MM'-'dd";
    private const string TimeFormat = "HH':'mm':'ss'.'fffffff";

    /// The kind of a column whose values the database hands over as <paramref name="providerType"/>.
    public static BackupValueKind? KindOf(Type providerType)
    {
        ArgumentNullException.ThrowIfNull(providerType);
        var type = Nullable.GetUnderlyingType(providerType) ?? providerType;
        return type switch
        {
            _ when type == typeof(string) => BackupValueKind.String,
            _ when type == typeof(bool) => BackupValueKind.Boolean,
            _ when type == typeof(byte) => BackupValueKind.Byte,
            _ when type == typeof(short) => BackupValueKind.Int16,
            _ when type == typeof(int) => BackupValueKind.Int32,
            _ when type == typeof(long) => BackupValueKind.Int64,
            _ when type == typeof(float) => BackupValueKind.Single,
            _ when type == typeof(double) => BackupValueKind.Double,
            _ when type == typeof(decimal) => BackupValueKind.Decimal,
            _ when type == typeof(Guid) => BackupValueKind.Guid,
            _ when type == typeof(DateTime) => BackupValueKind.DateTime,
            _ when type == typeof(DateTimeOffset) => BackupValueKind.DateTimeOffset,
            _ when type == typeof(DateOnly) => BackupValueKind.DateOnly,
            _ when type == typeof(TimeOnly) => BackupValueKind.TimeOnly,
            _ when type == typeof(TimeSpan) => BackupValueKind.TimeSpan,
            _ when type == typeof(byte[]) => BackupValueKind.Bytes,
            _ => null,
        };
    }

    /// Reads a non-null value of the current row. Date-times are UTC: the model stores every instant as one, and
    /// SQLite hands them back without saying so.
    public static object Read(DbDataReader reader, int ordinal, BackupValueKind kind)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return kind switch
        {
            BackupValueKind.String => reader.GetString(ordinal),
            BackupValueKind.Boolean => reader.GetBoolean(ordinal),
            BackupValueKind.Byte => reader.GetByte(ordinal),
            BackupValueKind.Int16 => reader.GetInt16(ordinal),
            BackupValueKind.Int32 => reader.GetInt32(ordinal),
            BackupValueKind.Int64 => reader.GetInt64(ordinal),
            BackupValueKind.Single => reader.GetFloat(ordinal),
            BackupValueKind.Double => reader.GetDouble(ordinal),
            BackupValueKind.Decimal => reader.GetDecimal(ordinal),
            BackupValueKind.Guid => reader.GetGuid(ordinal),
            BackupValueKind.DateTime => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc),
            BackupValueKind.DateTimeOffset => reader.GetFieldValue<DateTimeOffset>(ordinal),
            BackupValueKind.DateOnly => reader.GetFieldValue<DateOnly>(ordinal),
            BackupValueKind.TimeOnly => reader.GetFieldValue<TimeOnly>(ordinal),
            BackupValueKind.TimeSpan => reader.GetFieldValue<TimeSpan>(ordinal),
            BackupValueKind.Bytes => reader.GetFieldValue<byte[]>(ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// Writes a value as JSON. A decimal is written at <paramref name="scale"/> decimal places when it has fewer, as
    /// PostgreSQL keeps it (100 in a column of scale 2 is 100.00 there), so that the same row reads the same whichever
    /// database it came from; no digit is ever dropped.
    public static void Write(Utf8JsonWriter writer, object value, BackupValueKind kind, int? scale = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        switch (kind)
        {
            case BackupValueKind.String:
                writer.WriteStringValue((string)value);
                break;
            case BackupValueKind.Boolean:
                writer.WriteBooleanValue((bool)value);
                break;
            case BackupValueKind.Byte:
                writer.WriteNumberValue((byte)value);
                break;
            case BackupValueKind.Int16:
                writer.WriteNumberValue((short)value);
                break;
            case BackupValueKind.Int32:
                writer.WriteNumberValue((int)value);
                break;
            case BackupValueKind.Int64:
                writer.WriteNumberValue((long)value);
                break;
            case BackupValueKind.Single:
                var single = (float)value;
                if (float.IsFinite(single))
                {
                    writer.WriteNumberValue(single);
                }
                else
                {
                    writer.WriteStringValue(single.ToString(CultureInfo.InvariantCulture));
                }
                break;
            case BackupValueKind.Double:
                var number = (double)value;
                if (double.IsFinite(number))
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    // JSON has no NaN or infinities: written as .NET names them, read back the same way.
                    writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                }
                break;
            case BackupValueKind.Decimal:
                writer.WriteStringValue(AtScale((decimal)value, scale).ToString(CultureInfo.InvariantCulture));
                break;
            case BackupValueKind.Guid:
                writer.WriteStringValue((Guid)value);
                break;
            case BackupValueKind.DateTime:
                writer.WriteStringValue(((DateTime)value).ToString(DateTimeFormat, CultureInfo.InvariantCulture));
                break;
            case BackupValueKind.DateTimeOffset:
                writer.WriteStringValue(((DateTimeOffset)value).ToString("O", CultureInfo.InvariantCulture));
                break;
            case BackupValueKind.DateOnly:
                writer.WriteStringValue(((DateOnly)value).ToString(DateFormat, CultureInfo.InvariantCulture));
                break;
            case BackupValueKind.TimeOnly:
                writer.WriteStringValue(((TimeOnly)value).ToString(TimeFormat, CultureInfo.InvariantCulture));
                break;
            case BackupValueKind.TimeSpan:
                writer.WriteStringValue(((TimeSpan)value).ToString("c", CultureInfo.InvariantCulture));
                break;
            case BackupValueKind.Bytes:
                writer.WriteBase64StringValue((byte[])value);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// Reads a non-null JSON value back as the kind the column holds; a value of the wrong shape throws
    /// <see cref="FormatException"/> saying what was expected.
    public static object Decode(JsonElement element, BackupValueKind kind)
    {
        try
        {
            return kind switch
            {
                BackupValueKind.String => Text(element),
                BackupValueKind.Boolean => element.GetBoolean(),
                BackupValueKind.Byte => element.GetByte(),
                BackupValueKind.Int16 => element.GetInt16(),
                BackupValueKind.Int32 => element.GetInt32(),
                BackupValueKind.Int64 => element.GetInt64(),
                BackupValueKind.Single => element.ValueKind == JsonValueKind.String
                    ? float.Parse(element.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
                    : element.GetSingle(),
                BackupValueKind.Double => element.ValueKind == JsonValueKind.String
                    ? double.Parse(element.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
                    : element.GetDouble(),
                BackupValueKind.Decimal => decimal.Parse(Text(element), NumberStyles.Number, CultureInfo.InvariantCulture),
                BackupValueKind.Guid => Guid.ParseExact(Text(element), "D"),
                BackupValueKind.DateTime => DateTime.ParseExact(Text(element), DateTimeFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                BackupValueKind.DateTimeOffset => DateTimeOffset.ParseExact(Text(element), "O", CultureInfo.InvariantCulture, DateTimeStyles.None),
                BackupValueKind.DateOnly => DateOnly.ParseExact(Text(element), DateFormat, CultureInfo.InvariantCulture),
                BackupValueKind.TimeOnly => TimeOnly.ParseExact(Text(element), TimeFormat, CultureInfo.InvariantCulture),
                BackupValueKind.TimeSpan => TimeSpan.ParseExact(Text(element), "c", CultureInfo.InvariantCulture),
                BackupValueKind.Bytes => element.GetBytesFromBase64(),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            throw new FormatException($"Expected {Describe(kind)}, found {Shorten(element.GetRawText())}.", e);
        }
    }

    /// Whether PostgreSQL, which keeps times to the microsecond, would cut digits off this value.
    public static bool HasTenthsOfMicroseconds(object value) => value switch
    {
        DateTime d => d.Ticks % 10 != 0,
        DateTimeOffset d => d.Ticks % 10 != 0,
        TimeOnly t => t.Ticks % 10 != 0,
        TimeSpan t => t.Ticks % 10 != 0,
        _ => false,
    };

    private static decimal AtScale(decimal value, int? scale)
    {
        if (scale is not { } places || places <= value.Scale || places > 28)
        {
            return value;
        }
        // Adding a zero of the wanted scale gives the sum that scale, leaving the number as it was.
        return value + new decimal(0, 0, 0, false, (byte)places);
    }

    private static string Text(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new FormatException("Not text.");

    private static string Describe(BackupValueKind kind) => kind switch
    {
        BackupValueKind.String => "text",
        BackupValueKind.Boolean => "true or false",
        BackupValueKind.Decimal => "a decimal number as text",
        BackupValueKind.Guid => "a GUID as text",
        BackupValueKind.DateTime => "a UTC date-time as text (2026-01-31T08:00:00.0000000Z)",
        BackupValueKind.DateOnly => "a date as text (2026-01-31)",
        BackupValueKind.Bytes => "base64 text",
        _ => $"a value of type {kind}",
    };

    private static string Shorten(string raw) => raw.Length <= 60 ? raw : raw[..57] + "...";
}
