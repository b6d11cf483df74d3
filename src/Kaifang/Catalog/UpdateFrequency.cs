using System.Globalization;
using System.Text.RegularExpressions;

namespace Kaifang.Catalog;

/// 更新頻率 as the national platform writes it: 不定期更新, 即時, or 每N + unit (每1日, 每3月, 每1年).
public readonly partial record struct UpdateFrequency(UpdateFrequencyKind Kind, int Interval, FrequencyUnit Unit)
{
    public static readonly UpdateFrequency Irregular = new(UpdateFrequencyKind.Irregular, 0, FrequencyUnit.None);
    public static readonly UpdateFrequency RealTime = new(UpdateFrequencyKind.RealTime, 0, FrequencyUnit.None);

    public static UpdateFrequency Every(int interval, FrequencyUnit unit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, 1);
        if (unit == FrequencyUnit.None)
        {
            throw new ArgumentException("A periodic frequency needs a unit.", nameof(unit));
        }
        return new(UpdateFrequencyKind.Periodic, interval, unit);
    }

    /// The national platform's Chinese text.
    public override string ToString() => Kind switch
    {
        UpdateFrequencyKind.Irregular => "不定期更新",
        UpdateFrequencyKind.RealTime => "即時",
        _ => $"每{Interval}{UnitText(Unit)}",
    };

    public string ToEnglish() => Kind switch
    {
        UpdateFrequencyKind.Irregular => "Irregular",
        UpdateFrequencyKind.RealTime => "Real time",
        _ => Interval == 1
            ? $"Every {Unit.ToString().ToLowerInvariant()}"
            : $"Every {Interval} {Unit.ToString().ToLowerInvariant()}s",
    };

    public string Display(bool english) => english ? ToEnglish() : ToString();

    /// The expected period between updates, or null when none is declared.
    public TimeSpan? Period => Kind != UpdateFrequencyKind.Periodic ? null : Unit switch
    {
        FrequencyUnit.Minute => TimeSpan.FromMinutes(Interval),
        FrequencyUnit.Hour => TimeSpan.FromHours(Interval),
        FrequencyUnit.Day => TimeSpan.FromDays(Interval),
        FrequencyUnit.Week => TimeSpan.FromDays(7 * Interval),
        FrequencyUnit.Month => TimeSpan.FromDays(30.4375 * Interval),
        FrequencyUnit.Quarter => TimeSpan.FromDays(91.3125 * Interval),
        FrequencyUnit.Year => TimeSpan.FromDays(365.25 * Interval),
        _ => null,
    };

    public static bool TryParse(string? text, out UpdateFrequency frequency)
    {
        frequency = Irregular;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var t = text.Trim();
        if (t is "不定期更新" or "不定期" or "irregular" or "Irregular")
        {
            return true;
        }
        if (t is "即時" or "即時更新" or "real time" or "Real time" or "realtime")
        {
            frequency = RealTime;
            return true;
        }
        var m = PeriodicPattern().Match(t);
        if (!m.Success)
        {
            return false;
        }
        var unit = m.Groups["unit"].Value switch
        {
            "分" or "分鐘" => FrequencyUnit.Minute,
            "時" or "小時" => FrequencyUnit.Hour,
            "日" or "天" => FrequencyUnit.Day,
            "週" or "周" or "星期" => FrequencyUnit.Week,
            "月" or "個月" => FrequencyUnit.Month,
            "季" => FrequencyUnit.Quarter,
            "年" => FrequencyUnit.Year,
            _ => FrequencyUnit.None,
        };
        var interval = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        if (unit == FrequencyUnit.None || interval < 1)
        {
            return false;
        }
        frequency = Every(interval, unit);
        return true;
    }

    public static UpdateFrequency Parse(string text) =>
        TryParse(text, out var f) ? f : throw new FormatException($"Unknown update frequency '{text}'.");

    /// The unit as the national platform writes it after the interval: 分鐘, 小時, 日, 週, 月, 季, 年.
    public static string UnitText(FrequencyUnit unit) => unit switch
    {
        FrequencyUnit.Minute => "分鐘",
        FrequencyUnit.Hour => "小時",
        FrequencyUnit.Day => "日",
        FrequencyUnit.Week => "週",
        FrequencyUnit.Month => "月",
        FrequencyUnit.Quarter => "季",
        FrequencyUnit.Year => "年",
        _ => "",
    };

    [GeneratedRegex(@"^每\s*(?<n>\d{1,4})\s*(?<unit>分鐘|分|小時|時|日|天|週|周|星期|個月|月|季|年)(更新)?$")]
    private static partial Regex PeriodicPattern();
}

public enum UpdateFrequencyKind
{
    Irregular = 0,
    RealTime = 1,
    Periodic = 2,
}

public enum FrequencyUnit
{
    None = 0,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
}
