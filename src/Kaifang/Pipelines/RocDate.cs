using System.Globalization;

namespace Kaifang.Pipelines;

/// A date in the Republic of China (民國) calendar Taiwan's government writes: the year counted from
/// 1912, months and days as in the Gregorian calendar (民國105年3月1日 is 2016-03-01). Reads the forms
/// agency files use and shows a date the way people read it on official documents.
public readonly struct RocDate : IEquatable<RocDate>
{
    /// The Gregorian year of 民國元年.
    public const int Offset = 1911;

    public RocDate(int year, int month, int day)
    {
        if (year < 1 || year + Offset > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year + Offset, month))
        {
            throw new ArgumentOutOfRangeException(nameof(day), $"民國{year}年{month}月{day}日 is not a date.");
        }
        Year = year;
        Month = month;
        Day = day;
    }

    /// The ROC year (民國年), 1 or later.
    public int Year { get; }

    public int Month { get; }

    public int Day { get; }

    public static RocDate FromDate(DateOnly date) => date.Year > Offset
        ? new RocDate(date.Year - Offset, date.Month, date.Day)
        : throw new ArgumentOutOfRangeException(nameof(date), "Dates before 1912 have no ROC year.");

    /// The ROC year of a Gregorian year (2026 → 115).
    public static int YearOf(int gregorianYear) => gregorianYear - Offset;

    public DateOnly ToDateOnly() => new(Year + Offset, Month, Day);

    /// 2016-03-01.
    public string ToIsoString() => ToDateOnly().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// 民國105年3月1日, as official documents write a date.
    public override string ToString() => $"民國{Year}年{Month}月{Day}日";

    public bool Equals(RocDate other) => Year == other.Year && Month == other.Month && Day == other.Day;

    public override bool Equals(object? obj) => obj is RocDate other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Year, Month, Day);

    public static bool operator ==(RocDate left, RocDate right) => left.Equals(right);

    public static bool operator !=(RocDate left, RocDate right) => !left.Equals(right);

    /// Reads an ROC date, with or without a time:
    /// <c>105/03/01</c>, <c>105-3-1</c>, <c>105.03.01</c>, <c>1050301</c>, <c>0990101</c>, <c>民國105年3月1日</c>,
    /// <c>105年3月1日</c>, <c>中華民國105年03月01日</c>, full-width digits, and a time after a space
    /// (<c>13:45</c>, <c>13:45:30</c>, <c>下午1:45</c>, <c>13時45分</c>).
    /// <see cref="RocDateForm.Invalid"/> when the text has the form of an ROC date but names no day
    /// (105/02/30); <see cref="RocDateForm.None"/> when it is not written as one — Gregorian dates
    /// (2016-03-01, 20160301) included.
    public static RocDateForm TryParse(ReadOnlySpan<char> text, out RocDate date, out TimeOnly? time)
    {
        date = default;
        time = null;
        Span<char> buffer = stackalloc char[64];
        var s = Normalize(text.Trim(), buffer);
        if (s.StartsWith("中華民國"))
        {
            s = s[4..].TrimStart();
        }
        else if (s.StartsWith("民國"))
        {
            s = s[2..].TrimStart();
        }
        int year, month, day;
        var compact = Digits(s);
        if (compact == 7 && (s.Length == 7 || s[7] == ' '))
        {
            year = Number(s[..3]);
            month = Number(s[3..5]);
            day = Number(s[5..7]);
            s = s[7..];
        }
        else
        {
            var yearDigits = compact;
            if (yearDigits is < 1 or > 3)
            {
                return RocDateForm.None;
            }
            year = Number(s[..yearDigits]);
            s = s[yearDigits..].TrimStart();
            var separator = s.IsEmpty ? '\0' : s[0];
            var chinese = separator == '年';
            if (!chinese && separator is not ('/' or '-' or '.'))
            {
                return RocDateForm.None;
            }
            s = s[1..].TrimStart();
            var monthDigits = Digits(s);
            if (monthDigits is < 1 or > 2)
            {
                return RocDateForm.None;
            }
            month = Number(s[..monthDigits]);
            s = s[monthDigits..].TrimStart();
            if (s.IsEmpty || s[0] != (chinese ? '月' : separator))
            {
                return RocDateForm.None;
            }
            s = s[1..].TrimStart();
            var dayDigits = Digits(s);
            if (dayDigits is < 1 or > 2)
            {
                return RocDateForm.None;
            }
            day = Number(s[..dayDigits]);
            s = s[dayDigits..];
            if (chinese && s.TrimStart().StartsWith("日"))
            {
                s = s.TrimStart()[1..];
            }
            else if (chinese && !s.IsEmpty && s[0] != ' ')
            {
                return RocDateForm.None;
            }
        }
        if (!s.IsEmpty)
        {
            if (!s.StartsWith(" ") && !s.StartsWith("上午") && !s.StartsWith("下午"))
            {
                return RocDateForm.None;
            }
            switch (ReadTime(s.Trim(), out var t))
            {
                case RocDateForm.None:
                    return RocDateForm.None;
                case RocDateForm.Invalid:
                    return RocDateForm.Invalid;
                default:
                    time = t;
                    break;
            }
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year + Offset, month))
        {
            return RocDateForm.Invalid;
        }
        date = new RocDate(year, month, day);
        return RocDateForm.Valid;
    }

    /// The value in ISO 8601 when it is an ROC date (2016-03-01, or 2016-03-01T13:45:00 with a time).
    public static string? ToIso(ReadOnlySpan<char> text) =>
        TryParse(text, out var date, out var time) == RocDateForm.Valid ? Iso(date, time) : null;

    internal static string Iso(RocDate date, TimeOnly? time)
    {
        Span<char> iso = stackalloc char[IsoLength];
        return new string(iso[..WriteIso(date, time, iso)]);
    }

    /// The most characters <see cref="WriteIso"/> writes.
    internal const int IsoLength = 19;

    /// Writes the date (and time) in ISO 8601 into <paramref name="s"/>, at least <see cref="IsoLength"/>
    /// long; returns how many characters it wrote.
    internal static int WriteIso(RocDate date, TimeOnly? time, Span<char> s)
    {
        // Written out directly (millions of cells in a large file): the year is 1912 or later, four digits.
        Two(s[..], (date.Year + Offset) / 100);
        Two(s[2..], (date.Year + Offset) % 100);
        s[4] = '-';
        Two(s[5..], date.Month);
        s[7] = '-';
        Two(s[8..], date.Day);
        if (time is not { } t)
        {
            return 10;
        }
        s[10] = 'T';
        Two(s[11..], t.Hour);
        s[13] = ':';
        Two(s[14..], t.Minute);
        s[16] = ':';
        Two(s[17..], t.Second);
        return 19;
    }

    private static void Two(Span<char> s, int value)
    {
        s[0] = (char)('0' + value / 10);
        s[1] = (char)('0' + value % 10);
    }

    private static RocDateForm ReadTime(ReadOnlySpan<char> s, out TimeOnly time)
    {
        time = default;
        var afternoon = false;
        var morning = false;
        if (s.StartsWith("上午") || s.StartsWith("下午"))
        {
            afternoon = s[0] == '下';
            morning = !afternoon;
            s = s[2..].TrimStart();
        }
        var hourDigits = Digits(s);
        if (hourDigits is < 1 or > 2 || s.Length <= hourDigits || s[hourDigits] is not (':' or '時' or '點'))
        {
            return RocDateForm.None;
        }
        var chinese = s[hourDigits] != ':';
        var hour = Number(s[..hourDigits]);
        s = s[(hourDigits + 1)..];
        var minuteDigits = Digits(s);
        if (minuteDigits != 2)
        {
            return RocDateForm.None;
        }
        var minute = Number(s[..2]);
        s = s[2..];
        if (chinese && s.StartsWith("分"))
        {
            s = s[1..];
        }
        var second = 0;
        if (!s.IsEmpty)
        {
            if (!chinese && s[0] != ':')
            {
                return RocDateForm.None;
            }
            s = chinese ? s : s[1..];
            if (Digits(s) != 2)
            {
                return RocDateForm.None;
            }
            second = Number(s[..2]);
            s = s[2..];
            if (chinese && s.StartsWith("秒"))
            {
                s = s[1..];
            }
            if (!s.IsEmpty)
            {
                return RocDateForm.None;
            }
        }
        if ((morning || afternoon) && hour is 0 or > 12)
        {
            return RocDateForm.Invalid;
        }
        if (afternoon && hour < 12)
        {
            hour += 12;
        }
        else if (morning && hour == 12)
        {
            hour = 0;
        }
        if (hour > 23 || minute > 59 || second > 59)
        {
            return RocDateForm.Invalid;
        }
        time = new TimeOnly(hour, minute, second);
        return RocDateForm.Valid;
    }

    /// Full-width digits and punctuation as ASCII; the text itself when it has none.
    private static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> text, Span<char> buffer)
    {
        if (text.Length > buffer.Length || !text.ContainsAnyInRange('\uFF0D', '\uFF1A'))
        {
            return text;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            buffer[i] = c is >= '\uFF0D' and <= '\uFF1A' ? (char)(c - 0xFEE0) : c;
        }
        return buffer[..text.Length];
    }

    private static int Digits(ReadOnlySpan<char> s)
    {
        var n = 0;
        while (n < s.Length && char.IsAsciiDigit(s[n]))
        {
            n++;
        }
        return n;
    }

    private static int Number(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var c in digits)
        {
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

/// How a text reads as an ROC date.
public enum RocDateForm
{
    /// Not written as an ROC date (empty, a Gregorian date, other text).
    None = 0,

    /// Written as an ROC date, but no such day (105/02/30) or time (25:00).
    Invalid = 1,

    Valid = 2,
}
