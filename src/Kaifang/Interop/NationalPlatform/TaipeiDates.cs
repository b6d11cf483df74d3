using System.Globalization;
using System.Text.RegularExpressions;

namespace Kaifang.Interop.NationalPlatform;

/// Reads the dates the national platform and agencies write — 2016-03-01 10:00:00, 2016/3/1 下午 02:00:00,
/// 105-03-01, 105年3月1日, 1050301 — as Taiwan local time, and returns them in UTC.
public static partial class TaipeiDates
{
    /// Taiwan has kept UTC+8 without daylight saving since 1980; the fixed offset stands in when the OS has no tz data.
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Taipei", out var zone)
        ? zone
        : TimeZoneInfo.CreateCustomTimeZone("Asia/Taipei", TimeSpan.FromHours(8), "Taipei", "Taipei");

    /// True with a UTC value for a date in one of the known forms; true with null for an empty cell; false otherwise.
    public static bool TryParse(string? text, out DateTimeOffset? utc)
    {
        utc = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var t = text.Trim();
        if (t.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso)
            && HasExplicitOffset(t))
        {
            utc = iso.ToUniversalTime();
            return true;
        }
        int year, month, day, hour = 0, minute = 0, second = 0;
        var compact = CompactPattern().Match(t);
        var full = FullPattern().Match(t);
        if (compact.Success)
        {
            var digits = compact.Groups["d"].Value;
            var yearDigits = digits.Length - 4;
            year = int.Parse(digits.AsSpan(0, yearDigits), CultureInfo.InvariantCulture);
            month = int.Parse(digits.AsSpan(yearDigits, 2), CultureInfo.InvariantCulture);
            day = int.Parse(digits.AsSpan(yearDigits + 2, 2), CultureInfo.InvariantCulture);
        }
        else if (full.Success)
        {
            year = Int(full, "y");
            month = Int(full, "m");
            day = Int(full, "d");
            if (full.Groups["h"].Success)
            {
                hour = Int(full, "h");
                minute = Int(full, "mi");
                second = full.Groups["s"].Success ? Int(full, "s") : 0;
                var meridiem = full.Groups["ap"].Success ? full.Groups["ap"].Value : full.Groups["ap2"].Value;
                var afternoon = meridiem is "下午" or "PM" or "pm";
                var morning = meridiem is "上午" or "AM" or "am";
                if (afternoon && hour < 12)
                {
                    hour += 12;
                }
                else if (morning && hour == 12)
                {
                    hour = 0;
                }
            }
        }
        else
        {
            return false;
        }
        // ROC years (民國) are short: 105 is 2016.
        if (year < 1000)
        {
            year += 1911;
        }
        if (year is < 1912 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        utc = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Zone), TimeSpan.Zero);
        return true;
    }

    private static bool HasExplicitOffset(string t) => t.EndsWith('Z') || OffsetPattern().IsMatch(t);

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<d>\d{7,8})$")]
    private static partial Regex CompactPattern();

    [GeneratedRegex(@"^(民國)?\s*(?<y>\d{2,4})\s*[-/.年]\s*(?<m>\d{1,2})\s*[-/.月]\s*(?<d>\d{1,2})\s*日?(\s+(?<ap>上午|下午|AM|PM|am|pm)?\s*(?<h>\d{1,2}):(?<mi>\d{2})(:(?<s>\d{2})(\.\d+)?)?(\s*(?<ap2>AM|PM|am|pm))?)?$")]
    private static partial Regex FullPattern();

    [GeneratedRegex(@"[+-]\d{2}:?\d{2}$")]
    private static partial Regex OffsetPattern();
}
