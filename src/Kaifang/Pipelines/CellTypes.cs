using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace Kaifang.Pipelines;

/// Reads a cell's text as a Table Schema type, the way the spec defines each type's forms.
/// The values compare with each other (for minimum and maximum) and print the same when they are
/// equal (for unique): long, double, bool, DateOnly, TimeOnly, DateTimeOffset, TimeSpan or text.
internal static class CellTypes
{
    private static readonly string[] IsoDateTimes =
        ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    public static bool TryRead(SchemaField field, string text, out CellValue value) => TryRead(field, text.AsMemory(), out value);

    /// Reads a cell without making a string of it for the common types (string, integer, date, date
    /// and time, time, year); the rarer ones read it as a string.
    public static bool TryRead(SchemaField field, ReadOnlyMemory<char> cell, out CellValue value) => TryRead(field, cell, cell.Span, out value);

    /// <paramref name="span"/> is <paramref name="cell"/>'s characters, taken once by the caller.
    public static bool TryRead(SchemaField field, ReadOnlyMemory<char> cell, ReadOnlySpan<char> span, out CellValue value)
    {
        value = CellValue.Text(cell);
        switch (field.Kind)
        {
            case FieldType.String:
                return field.FormatKind == FieldFormat.Default || ReadString(field.Format, cell.ToString());
            case FieldType.Integer:
                var integer = field.BareNumber ? span : StripNonNumeric(span);
                if (long.TryParse(integer, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    value = CellValue.Integer(l);
                    return true;
                }
                return false;
            case FieldType.Number:
                return ReadNumber(field, cell.ToString(), out value);
            case FieldType.Boolean:
                var text = cell.ToString();
                if (field.TrueValues.Contains(text))
                {
                    value = CellValue.Boolean(true);
                    return true;
                }
                if (field.FalseValues.Contains(text))
                {
                    value = CellValue.Boolean(false);
                    return true;
                }
                return false;
            case FieldType.Date:
                return ReadDate(field, span, ref value);
            case FieldType.Time:
                var timeFormat = field.DotNetFormat ?? "HH:mm:ss";
                if (field.Format == "any" ? TimeOnly.TryParse(span, CultureInfo.InvariantCulture, out var anyTime) : TimeOnly.TryParseExact(span, timeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out anyTime))
                {
                    value = CellValue.Time(anyTime);
                    return true;
                }
                return false;
            case FieldType.DateTime:
                return ReadDateTime(field, cell, ref value);
            case FieldType.Year:
                if (span.Length == 4 && int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
                {
                    value = CellValue.Integer(year);
                    return true;
                }
                return false;
            case FieldType.YearMonth:
                if (span.Length == 7 && span[4] == '-' && int.TryParse(span[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
                    && int.TryParse(span.Slice(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 12)
                {
                    value = CellValue.Date(new DateOnly(Math.Max(y, 1), m, 1));
                    return true;
                }
                return false;
            case FieldType.Duration:
                try
                {
                    value = CellValue.Duration(XmlConvert.ToTimeSpan(cell.ToString()));
                    return span.StartsWith('P') || span.StartsWith("-P", StringComparison.Ordinal);
                }
                catch (FormatException)
                {
                    return false;
                }
                catch (OverflowException)
                {
                    return false;
                }
            case FieldType.Geopoint:
                return ReadGeopoint(field.Format, cell.ToString());
            case FieldType.Object or FieldType.Geojson:
                return IsJson(cell.ToString(), JsonValueKind.Object);
            case FieldType.Array:
                return IsJson(cell.ToString(), JsonValueKind.Array);
            default:
                return true;
        }
    }

    /// A strptime format (Python's, which Table Schema uses) as a .NET one: %Y/%m/%d → yyyy'/'MM'/'dd.
    public static string FromStrptime(string format)
    {
        var result = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] == '%' && i + 1 < format.Length)
            {
                result.Append(format[++i] switch
                {
                    'Y' => "yyyy",
                    'y' => "yy",
                    'm' => "MM",
                    'd' => "dd",
                    'H' => "HH",
                    'I' => "hh",
                    'M' => "mm",
                    'S' => "ss",
                    'f' => "FFFFFF",
                    'p' => "tt",
                    'b' => "MMM",
                    'B' => "MMMM",
                    'z' => "zzz",
                    '%' => "'%'",
                    var other => $"'%{other}'",
                });
            }
            else
            {
                result.Append('\'').Append(format[i] == '\'' ? "\\'" : format[i]).Append('\'');
            }
        }
        return result.ToString();
    }

    private static bool ReadString(string format, string text) => format switch
    {
        "email" => PersonalData.IsEmail(text),
        "uri" => Uri.TryCreate(text, UriKind.Absolute, out _),
        "uuid" => Guid.TryParse(text, out _),
        "binary" => IsBase64(text),
        _ => true,
    };

    private static bool ReadNumber(SchemaField field, string text, out CellValue value)
    {
        value = CellValue.Text(text);
        var s = field.BareNumber ? text : StripNonNumeric(text);
        if (field.GroupChar.Length > 0)
        {
            s = s.Replace(field.GroupChar, "", StringComparison.Ordinal);
        }
        if (field.DecimalChar != ".")
        {
            s = s.Replace(field.DecimalChar, ".", StringComparison.Ordinal);
        }
        switch (s)
        {
            case "NaN":
                value = CellValue.Number(double.NaN);
                return true;
            case "INF":
                value = CellValue.Number(double.PositiveInfinity);
                return true;
            case "-INF":
                value = CellValue.Number(double.NegativeInfinity);
                return true;
        }
        if (double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d))
        {
            value = CellValue.Number(d);
            return true;
        }
        return false;
    }

    private static bool ReadDate(SchemaField field, ReadOnlySpan<char> text, ref CellValue value)
    {
        var date = default(DateOnly);
        var ok = field.FormatKind switch
        {
            FieldFormat.Default => text.Length == 10 && (IsoDate(text, out date) ?? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)),
            FieldFormat.Any => DateOnly.TryParse(text, CultureInfo.InvariantCulture, out date),
            _ => DateOnly.TryParseExact(text, field.DotNetFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date),
        };
        if (ok)
        {
            value = CellValue.Date(date);
        }
        return ok;
    }

    private static bool ReadDateTime(SchemaField field, ReadOnlyMemory<char> cell, ref CellValue value)
    {
        var text = cell.Span;
        var instant = default(DateTimeOffset);
        var ok = field.FormatKind is FieldFormat.Default or FieldFormat.Any && IsoDateTime(text, out instant) ? true : field.Format switch
        {
            // ISO 8601 with a T; without an offset it is taken as UTC, as the spec's default form ends in Z.
            "default" => DateTimeOffset.TryParseExact(text.EndsWith('Z') ? string.Concat(text[..^1], "+00:00") : cell.ToString(), IsoDateTimes, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant),
            "any" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant),
            _ => DateTimeOffset.TryParseExact(text, field.DotNetFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant),
        };
        if (ok)
        {
            value = CellValue.DateTime(instant);
        }
        return ok;
    }

    /// The common form 2016-03-01 read directly: true or false when the text has that shape (a valid
    /// date or not, as DateOnly.TryParseExact says), null when it has not and the general reading decides.
    private static bool? IsoDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length < 10 || text[4] != '-' || text[7] != '-' || !TryDigits(text[..4], out var year)
            || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day))
        {
            return null;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }

    /// The common form 2016-03-01T13:45:00 (no fraction, no offset: UTC) read directly; false leaves
    /// every other text, and that form naming no time, to the general reading.
    private static bool IsoDateTime(ReadOnlySpan<char> text, out DateTimeOffset instant)
    {
        instant = default;
        if (text.Length != 19 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || IsoDate(text, out var date) != true
            || !TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        instant = new DateTimeOffset(date.Year, date.Month, date.Day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static bool ReadGeopoint(string format, string text)
    {
        double lon, lat;
        switch (format)
        {
            case "array":
                try
                {
                    var values = JsonSerializer.Deserialize<double[]>(text);
                    if (values is not { Length: 2 })
                    {
                        return false;
                    }
                    (lon, lat) = (values[0], values[1]);
                }
                catch (JsonException)
                {
                    return false;
                }
                break;
            case "object":
                try
                {
                    using var json = JsonDocument.Parse(text);
                    if (!json.RootElement.TryGetProperty("lon", out var lo) || !json.RootElement.TryGetProperty("lat", out var la) || !lo.TryGetDouble(out lon) || !la.TryGetDouble(out lat))
                    {
                        return false;
                    }
                }
                catch (JsonException)
                {
                    return false;
                }
                break;
            default:
                var parts = text.Split(',');
                if (parts.Length != 2 || !double.TryParse(parts[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out lon) || !double.TryParse(parts[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out lat))
                {
                    return false;
                }
                break;
        }
        return lon is >= -180 and <= 180 && lat is >= -90 and <= 90;
    }

    private static bool IsJson(string text, JsonValueKind kind)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.ValueKind == kind;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsBase64(string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        return text.Length <= 340 ? Convert.TryFromBase64String(text, buffer, out _) : text.Length % 4 == 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=');
    }

    /// bareNumber false: a number may have text around it ("€95", "12.5%").
    private static string StripNonNumeric(string text) => StripNonNumeric(text.AsSpan()).ToString();

    private static ReadOnlySpan<char> StripNonNumeric(ReadOnlySpan<char> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && !char.IsAsciiDigit(text[start]) && text[start] is not ('-' or '+' or '.'))
        {
            start++;
        }
        while (end > start && !char.IsAsciiDigit(text[end - 1]))
        {
            end--;
        }
        return text[start..end];
    }
}
