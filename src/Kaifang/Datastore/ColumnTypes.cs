using System.Globalization;

namespace Kaifang.Datastore;

/// Infers a column's type from all its values, and converts each value to it. Conservative on purpose:
/// a column is a number only when every value is one as written; codes with leading zeros ("007",
/// 郵遞區號 "0800"), over-long digit strings (IDs, phone numbers) and values with thousands separators
/// stay text, so that nothing a reader may filter on is changed. Empty values are nulls and fit any type.
public sealed class ColumnTypes
{
    /// More digits than this are an identifier, not a quantity (and would not fit a 64-bit integer safely).
    private const int MaxIntegerDigits = 15;

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy-M-d", "yyyy/M/d"];

    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm",
        "yyyy/M/d HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy/M/d HH:mm", "yyyy/M/d H:mm",
    ];

    private readonly Candidates[] _columns;

    public ColumnTypes(int columnCount)
    {
        _columns = new Candidates[columnCount];
        Array.Fill(_columns, Candidates.All);
    }

    [Flags]
    private enum Candidates
    {
        None = 0,
        Integer = 1,
        Number = 2,
        Boolean = 4,
        Date = 8,
        Timestamp = 16,
        All = Integer | Number | Boolean | Date | Timestamp,
    }

    /// Narrows the column's possible types by one more value.
    public void See(int column, string? value) => See(column, value.AsSpan());

    /// Narrows the column's possible types by one more value.
    public void See(int column, ReadOnlySpan<char> value)
    {
        var possible = _columns[column];
        if (possible == Candidates.None || value.IsWhiteSpace())
        {
            return;
        }
        var span = value.Trim();
        if ((possible & Candidates.Integer) != 0 && !IsInteger(span))
        {
            possible &= ~Candidates.Integer;
        }
        if ((possible & Candidates.Number) != 0 && !IsNumber(span))
        {
            possible &= ~Candidates.Number;
        }
        if ((possible & Candidates.Boolean) != 0 && ToBoolean(span) is null)
        {
            possible &= ~Candidates.Boolean;
        }
        if ((possible & Candidates.Date) != 0 && ToDate(span) is null)
        {
            possible &= ~Candidates.Date;
        }
        if ((possible & Candidates.Timestamp) != 0 && ToTimestamp(span) is null)
        {
            possible &= ~Candidates.Timestamp;
        }
        _columns[column] = possible;
    }

    /// The narrowest type every value fits; a column with no values at all is text.
    public DatastoreType TypeOf(int column)
    {
        var possible = _columns[column];
        if (possible == Candidates.All)
        {
            return DatastoreType.Text;
        }
        if ((possible & Candidates.Integer) != 0)
        {
            return DatastoreType.Integer;
        }
        if ((possible & Candidates.Number) != 0)
        {
            return DatastoreType.Number;
        }
        if ((possible & Candidates.Boolean) != 0)
        {
            return DatastoreType.Boolean;
        }
        if ((possible & Candidates.Date) != 0)
        {
            return DatastoreType.Date;
        }
        return (possible & Candidates.Timestamp) != 0 ? DatastoreType.Timestamp : DatastoreType.Text;
    }

    /// The value as stored in a column of the type: long, double, 0/1, ISO 8601 text, or the text itself.
    /// Null for an empty value, or a value that does not fit (only possible for a filter a caller sent).
    public static object? Convert(string? value, DatastoreType type)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (type == DatastoreType.Text)
        {
            return value;
        }
        var span = value.AsSpan().Trim();
        return type switch
        {
            DatastoreType.Integer => long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null,
            DatastoreType.Number => double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            DatastoreType.Boolean => ToBoolean(span) is { } b ? (b ? 1L : 0L) : null,
            DatastoreType.Date => ToDate(span)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DatastoreType.Timestamp => ToTimestamp(span)?.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
            _ => value,
        };
    }

    /// The value as a 64-bit integer for an integer column, or null.
    public static long? ToInteger(ReadOnlySpan<char> value) =>
        long.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null;

    /// The value as a double for a number column, or null.
    public static double? ToNumber(ReadOnlySpan<char> value) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// The value as 1 or 0 for a boolean column, or null.
    public static long? ToFlag(ReadOnlySpan<char> value) => ToBoolean(value.Trim()) is { } b ? (b ? 1L : 0L) : null;

    /// The value as ISO 8601 text for a date or timestamp column, or null.
    public static string? ToIsoText(ReadOnlySpan<char> value, DatastoreType type) => type == DatastoreType.Date
        ? ToDate(value.Trim())?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : ToTimestamp(value.Trim())?.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static bool IsoDate(ReadOnlySpan<char> s, out DateOnly date)
    {
        date = default;
        if (!s[..4].ContainsOnlyDigits() || TwoDigits(s[5..7], 12) is not { } month || month == 0 || TwoDigits(s[8..10], 31) is not { } day || day == 0)
        {
            return false;
        }
        var year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        if (year == 0 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }

    private static int? TwoDigits(ReadOnlySpan<char> s, int max)
    {
        if (!char.IsAsciiDigit(s[0]) || !char.IsAsciiDigit(s[1]))
        {
            return null;
        }
        var value = (s[0] - '0') * 10 + (s[1] - '0');
        return value <= max ? value : null;
    }

    private static bool IsInteger(ReadOnlySpan<char> s)
    {
        var digits = s.Length > 0 && (s[0] == '-' || s[0] == '+') ? s[1..] : s;
        if (digits.Length == 0 || digits.Length > MaxIntegerDigits || !digits.ContainsOnlyDigits())
        {
            return false;
        }
        // "0" is a number; "007" is a code.
        return digits.Length == 1 || digits[0] != '0';
    }

    private static bool IsNumber(ReadOnlySpan<char> s)
    {
        var body = s.Length > 0 && (s[0] == '-' || s[0] == '+') ? s[1..] : s;
        var dot = body.IndexOf('.');
        var whole = dot < 0 ? body : body[..dot];
        var fraction = dot < 0 ? [] : body[(dot + 1)..];
        if (whole.Length == 0 || whole.Length > MaxIntegerDigits || !whole.ContainsOnlyDigits() || (dot >= 0 && fraction.Length == 0) || !fraction.ContainsOnlyDigits())
        {
            return false;
        }
        return whole.Length == 1 || whole[0] != '0';
    }

    private static bool? ToBoolean(ReadOnlySpan<char> s) =>
        s.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
        : s.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
        : null;

    private static DateOnly? ToDate(ReadOnlySpan<char> s)
    {
        // yyyy-MM-dd, by far the most common form, without the general parser (a million rows have a million dates).
        if (s.Length == 10 && s[4] == '-' && s[7] == '-')
        {
            return IsoDate(s, out var iso) ? iso : null;
        }
        return s.Length is >= 8 and <= 10 && DateOnly.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    private static DateTime? ToTimestamp(ReadOnlySpan<char> s)
    {
        if (s.Length < 14 || s.Length > 40)
        {
            return null;
        }
        // yyyy-MM-dd HH:mm:ss and yyyy-MM-ddTHH:mm:ss, likewise without the general parser.
        if (s.Length == 19 && s[4] == '-' && s[7] == '-' && s[10] is ' ' or 'T' && s[13] == ':' && s[16] == ':')
        {
            return IsoDate(s[..10], out var day) && TwoDigits(s[11..13], 23) is { } h && TwoDigits(s[14..16], 59) is { } m && TwoDigits(s[17..19], 59) is { } sec
                ? day.ToDateTime(new TimeOnly(h, m, sec))
                : null;
        }
        if (DateTime.TryParseExact(s, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return local;
        }
        // With an offset or Z: kept as UTC.
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var withZone) && (s.EndsWith("Z") || s.Contains('+') || s[10..].Contains('-'))
            ? withZone.UtcDateTime
            : null;
    }
}

/// Small text helpers on spans the type rules use.
internal static class DigitSpans
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
