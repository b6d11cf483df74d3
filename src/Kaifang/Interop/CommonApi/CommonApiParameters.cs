using System.Globalization;
using Kaifang.Interop.NationalPlatform;

namespace Kaifang.Interop.CommonApi;

/// One request's query string, checked the way the standard asks: a parameter the endpoint does not
/// take is ER0200, a value not of its form ER0210. Names are matched ignoring case.
public sealed class CommonApiParameters
{
    /// Most items one list answer holds; a larger limit is taken as this.
    public const int MaxListLimit = 1000;

    public const int DefaultLimit = 100;

    private readonly Dictionary<string, string[]> _values;

    private CommonApiParameters(Dictionary<string, string[]> values) => _values = values;

    /// The parameters, or ER0200 naming the first one not among those allowed.
    public static CommonApiParameters Read(IEnumerable<KeyValuePair<string, string[]>> query, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(allowed);
        var values = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in query)
        {
            if (!allowed.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                var known = allowed.Length == 0 ? "（無）" : string.Join("、", allowed);
                throw new CommonApiException(CommonApiErrors.UnknownParameter,
                    $"不接受參數「{name}」；可用的參數：{known}。",
                    $"Unknown parameter \"{name}\"; this endpoint takes: {(allowed.Length == 0 ? "none" : string.Join(", ", allowed))}.");
            }
            values[name] = value;
        }
        return new CommonApiParameters(values);
    }

    /// The parameter's one value; null when absent; ER0210 when given more than once.
    public string? Value(string name)
    {
        if (!_values.TryGetValue(name, out var value) || value.Length == 0)
        {
            return null;
        }
        return value.Length == 1
            ? value[0]
            : throw CommonApiException.Malformed($"參數「{name}」只能出現一次。", $"Parameter \"{name}\" may be given only once.");
    }

    /// limit (default 100, at most <paramref name="maxLimit"/>) and offset (default 0): whole numbers, 0 or more.
    public CommonPage Page(int maxLimit = MaxListLimit) =>
        new(Math.Min(Whole("limit", DefaultLimit), maxLimit), Whole("offset", 0));

    /// modified: Taiwan time as the standard writes it (2024-01-05 08:30:00; a date alone means its
    /// midnight), in UTC; null when absent or empty.
    public DateTimeOffset? Modified()
    {
        var text = Value("modified");
        if (!TaipeiDates.TryParse(text, out var utc))
        {
            throw CommonApiException.Malformed(
                $"modified「{text}」不是日期時間；請用 yyyy-MM-dd HH:mm:ss（臺灣時間），例如 2024-01-05 08:30:00。",
                $"modified \"{text}\" is not a date and time; use yyyy-MM-dd HH:mm:ss in Taiwan time, e.g. 2024-01-05 08:30:00.");
        }
        return utc;
    }

    private int Whole(string name, int fallback)
    {
        var text = Value(name);
        if (text is null || text.Length == 0)
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw CommonApiException.Malformed(
                $"{name}「{text}」須為 0 以上的整數。",
                $"{name} \"{text}\" must be a whole number, 0 or more.");
    }
}

/// Which part of a list to answer with.
public readonly record struct CommonPage(int Limit, int Offset)
{
    public IEnumerable<T> Of<T>(IEnumerable<T> items) => items.Skip(Offset).Take(Limit);
}
