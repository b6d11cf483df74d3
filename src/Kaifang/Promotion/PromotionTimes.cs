using System.Globalization;
using Kaifang.Pipelines;

namespace Kaifang.Promotion;

/// Event times as people in Taiwan read them in e-mail: Taipei time, with the ROC year in Chinese.
public static class PromotionTimes
{
    public static DateTimeOffset Taipei(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Interop.NationalPlatform.TaipeiDates.Zone);

    /// 民國115年12月10日 14:00 (2026-12-10).
    public static string Chinese(DateTimeOffset instant)
    {
        var local = Taipei(instant);
        return $"{RocDate.FromDate(DateOnly.FromDateTime(local.DateTime))} {local:HH:mm}（{local:yyyy-MM-dd}）";
    }

    public static string English(DateTimeOffset instant) => Taipei(instant).ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + " (Taipei time)";

    /// A time typed as Taipei time (a form's datetime-local value, 2026-12-10T14:00) as an instant; null when it is not one.
    public static DateTimeOffset? FromTaipeiLocal(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, Interop.NationalPlatform.TaipeiDates.Zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }

    /// The form's value for an instant: Taipei time, to the minute.
    public static string ToTaipeiLocal(DateTimeOffset instant) => Taipei(instant).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
