using System.Globalization;

namespace Kaifang.Pipelines;

/// Reads numbers as Taiwan's agencies and statistics tables write them, to plain invariant numbers:
/// thousands separators (1,234,567), full-width digits and punctuation (１２３，４５６．７),
/// negatives as -1,234, (1,234), △1,234 or ▲1,234 (the statistics tables' decrease markers),
/// percentages (12.5%), units with a multiplier (3.5萬 = 35000, 1.2億 = 120000000), and the marks
/// statistics tables put where there is no figure (-, —, …, x), which become empty cells, not zeros.
public sealed class TaiwanNumber
{
    public static readonly IReadOnlyList<string> DefaultEmptyMarkers = ["-", "—", "–", "…", "...", "x", "X", "＊", "*"];

    public static readonly IReadOnlyDictionary<string, decimal> DefaultUnits = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["萬"] = 10_000m,
        ["億"] = 100_000_000m,
    };

    private readonly HashSet<string> _emptyMarkers;
    private readonly (string Unit, decimal Multiplier)[] _units;
    private readonly bool _plainWholeIsNumber;

    public TaiwanNumber(IEnumerable<string>? emptyMarkers = null, IReadOnlyDictionary<string, decimal>? units = null, bool percentAsFraction = false)
    {
        _emptyMarkers = new HashSet<string>((emptyMarkers ?? DefaultEmptyMarkers).Select(m => Normalize(m.Trim())), StringComparer.Ordinal);
        // Longest first, so that 千元 wins over 元.
        _units = [.. (units ?? DefaultUnits).Select(u => (Normalize(u.Key.Trim()), u.Value)).OrderByDescending(u => u.Item1.Length)];
        PercentAsFraction = percentAsFraction;
        // Unless some digits are a mark for no figure.
        _plainWholeIsNumber = !_emptyMarkers.Any(m => m.Length > 0 && !m.AsSpan().ContainsAnyExceptInRange('0', '9'));
    }

    /// 12.5% as 0.125 rather than 12.5.
    public bool PercentAsFraction { get; }

    /// Reads one value. <see cref="NumberForm.Empty"/> for an empty cell or an empty marker, with "" as the text.
    public NumberForm TryParse(string? text, out string plain)
    {
        if (IsWrittenPlainly(text))
        {
            // Already as it would be written: the same string, not a new one.
            plain = text!;
            return NumberForm.Number;
        }
        Span<char> written = stackalloc char[PlainLength];
        var form = TryParse(text, written, out var length);
        plain = new string(written[..length]);
        return form;
    }

    /// The most characters <see cref="TryParse(ReadOnlySpan{char}, Span{char}, out int)"/> writes.
    public const int PlainLength = 64;

    /// A number already written as it would be (a plain whole number): a cell that need not change.
    public bool IsWrittenPlainly(ReadOnlySpan<char> text) => _plainWholeIsNumber && IsPlainWhole(text);

    /// Reads one cell, as <see cref="TryParse(string?, out string)"/>, and writes the number plainly into
    /// <paramref name="plain"/>, at least <see cref="PlainLength"/> long: <paramref name="length"/>
    /// characters, none unless it is a number. No string (millions of cells in a large file).
    public NumberForm TryParse(ReadOnlySpan<char> text, Span<char> plain, out int length)
    {
        length = 0;
        Span<char> halfWidth = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var s = Normalize(text, halfWidth).Trim();
        if (s.IsEmpty)
        {
            return NumberForm.Empty;
        }
        if (_emptyMarkers.GetAlternateLookup<ReadOnlySpan<char>>().Contains(s))
        {
            return NumberForm.Empty;
        }
        var negative = false;
        if (s[0] == '(' && s[^1] == ')')
        {
            negative = true;
            s = s[1..^1].Trim();
        }
        if (!s.IsEmpty && s[0] is '△' or '▲' or '-' or '\u2212' or '+')
        {
            negative = s[0] != '+';
            s = s[1..].TrimStart();
        }
        var multiplier = 1m;
        var percent = false;
        if (!s.IsEmpty && s[^1] == '%')
        {
            percent = true;
            s = s[..^1].TrimEnd();
        }
        else
        {
            foreach (var (unit, factor) in _units)
            {
                if (unit.Length > 0 && s.EndsWith(unit, StringComparison.Ordinal))
                {
                    multiplier = factor;
                    s = s[..^unit.Length].TrimEnd();
                    break;
                }
            }
        }
        if (!TryDigits(s, out var value, out var whole))
        {
            return NumberForm.NotNumber;
        }
        if (whole is { } w && multiplier == 1m && !(percent && PercentAsFraction))
        {
            // A whole number with no unit, the usual case: printed as Format prints it, without decimal arithmetic.
            (negative ? -w : w).TryFormat(plain, out length, default, CultureInfo.InvariantCulture);
            return NumberForm.Number;
        }
        value *= multiplier;
        if (percent && PercentAsFraction)
        {
            value /= 100m;
        }
        if (negative)
        {
            value = -value;
        }
        var formatted = Format(value);
        formatted.CopyTo(plain);
        length = formatted.Length;
        return NumberForm.Number;
    }

    /// ASCII digits without a leading zero (or 0 alone), short enough for a long: what <see cref="Format"/>
    /// writes for that number.
    private static bool IsPlainWhole(ReadOnlySpan<char> text) =>
        text.Length is > 0 and <= 18 && (text[0] != '0' || text.Length == 1) && !text.ContainsAnyExceptInRange('0', '9');

    /// A decimal without trailing zeros or exponent, in invariant form (1234.5, -0.125, 35000).
    public static string Format(decimal value)
    {
        if (value == decimal.Truncate(value) && value >= long.MinValue && value <= long.MaxValue)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }
        return text is "-0" ? "0" : text;
    }

    /// Digits with an optional fraction; commas allowed only as thousands separators (1,234 not 1,23).
    private static bool TryDigits(ReadOnlySpan<char> s, out decimal value, out long? whole)
    {
        value = 0;
        whole = null;
        if (s.IsEmpty || s.Length > 64)
        {
            return false;
        }
        Span<char> digits = stackalloc char[s.Length + 1];
        var n = 0;
        var dot = -1;
        var group = -1;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                digits[n++] = c;
                if (group >= 0 && dot < 0)
                {
                    group++;
                }
            }
            else if (c == ',' && dot < 0 && n > 0 && (group < 0 ? n <= 3 : group == 3))
            {
                group = 0;
            }
            else if (c == '.' && dot < 0 && (group < 0 || group == 3))
            {
                dot = i;
                digits[n++] = '.';
                group = -1;
            }
            else
            {
                return false;
            }
        }
        if ((group >= 0 && group != 3) || (dot >= 0 && dot == s.Length - 1) || n == (dot >= 0 ? 1 : 0))
        {
            return false;
        }
        if (dot < 0 && n <= 18)
        {
            // Whole numbers, the usual case, without going through decimal's parser.
            long number = 0;
            foreach (var c in digits[..n])
            {
                number = number * 10 + (c - '0');
            }
            value = number;
            whole = number;
            return true;
        }
        return decimal.TryParse(digits[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// An empty marker or a unit as the cells are read: full-width forms as ASCII.
    private static string Normalize(string text) => Normalize(text, new char[text.Length]).ToString();

    /// Full-width digits, signs and punctuation as their ASCII forms, written into <paramref name="room"/>
    /// (as long as the text); the text itself when there are none.
    private static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> text, Span<char> room)
    {
        if (!text.ContainsAnyInRange('\uFF01', '\uFF5E') && !text.Contains('\u3000'))
        {
            return text;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            room[i] = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c == '\u3000' ? ' ' : c;
        }
        return room[..text.Length];
    }
}

/// How a text reads as a number.
public enum NumberForm
{
    /// Empty, or a mark that stands for no figure.
    Empty = 0,

    NotNumber = 1,

    Number = 2,
}
