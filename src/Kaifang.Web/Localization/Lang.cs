using System.Globalization;

namespace Kaifang.Web.Localization;

/// The UI speaks Traditional Chinese first and English second. Each text is written in both
/// languages where it is used (see docs/decisions/0002-inline-bilingual-text.md).
public static class Lang
{
    public const string Chinese = "zh-TW";
    public const string English = "en";

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// The value of the html lang attribute for the current request.
    public static string Tag => IsEnglish ? English : Chinese;

    public static string T(string zh, string en) => IsEnglish ? en : zh;
}
