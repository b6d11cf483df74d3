using System.Globalization;
using Kaifang.Pipelines;

namespace Kaifang.Web.Localization;

/// Dates shown to people follow Taiwan's convention: Asia/Taipei time, and in Chinese the ROC year
/// beside the Gregorian one (民國115年 = 2026). Stored and exchanged dates stay ISO 8601 UTC.
public static class TaiwanDates
{
    public static readonly TimeZoneInfo Taipei = TimeZoneInfo.FindSystemTimeZoneById("Asia/Taipei");

    public static DateTimeOffset ToTaipei(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Taipei);

    public static int RocYear(int gregorianYear) => RocDate.YearOf(gregorianYear);

    /// 2026-11-28 (民國115年11月28日) in Chinese; 28 Nov 2026 in English.
    public static string Date(DateTimeOffset? instant)
    {
        if (instant is null)
        {
            return "—";
        }
        var local = ToTaipei(instant.Value);
        return Lang.IsEnglish
            ? local.ToString("d MMM yyyy", CultureInfo.InvariantCulture)
            : $"{local:yyyy-MM-dd}（{RocDate.FromDate(DateOnly.FromDateTime(local.DateTime))}）";
    }

    /// A calendar day (already a Taipei date), shown as <see cref="Date(DateTimeOffset?)"/> shows an instant.
    public static string Date(DateOnly date) => Lang.IsEnglish
        ? date.ToString("d MMM yyyy", CultureInfo.InvariantCulture)
        : $"{date:yyyy-MM-dd}（{RocDate.FromDate(date)}）";

    public static string DateTime(DateTimeOffset? instant)
    {
        if (instant is null)
        {
            return "—";
        }
        var local = ToTaipei(instant.Value);
        return Lang.IsEnglish
            ? local.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture)
            : $"{RocDate.FromDate(DateOnly.FromDateTime(local.DateTime))} {local:HH:mm}";
    }

    /// The machine-readable value for a time element's datetime attribute.
    public static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
