using System.Text.RegularExpressions;

namespace Kaifang.Catalog;

public static partial class ContactPhones
{
    /// Whether a contact phone is written as a Taiwan number.
    public static bool IsValid(string value) => PhonePattern().IsMatch(value);

    // Taiwan numbers as agencies write them: 02-85902866, (02)8590-2866, 0800-211-459, +886-2-8590-2866, with #ext or 分機.
    [GeneratedRegex(@"^(?:(?:\+?886[- ]?\(?0?\d{1,3}\)?|\(?0\d{1,3}\)?)[- ]?)?\d{3,4}[- ]?\d{3,4}(?:[- ]?\d{1,4})?(?:\s*(?:#|轉|分機|ext\.?)\s*\d{1,6})?$", RegexOptions.IgnoreCase)]
    private static partial Regex PhonePattern();
}
