using System.Globalization;

namespace Kaifang.Pipelines;

/// A cell's value read as its Table Schema type (see <see cref="CellTypes"/>), held without boxing: a
/// check of millions of rows reads several typed values a row. Values of the same kind compare and are
/// equal as the .NET values they stand for do (long, double, bool, DateOnly, TimeOnly, DateTimeOffset
/// by its UTC instant, TimeSpan, or text); values of different kinds are never equal and do not compare.
internal readonly struct CellValue : IEquatable<CellValue>
{
    private readonly long _bits;
    /// A text value's characters: a slice of the cell, so that reading a text cell makes no string.
    private readonly ReadOnlyMemory<char> _text;

    private CellValue(CellKind kind, long bits, ReadOnlyMemory<char> text = default)
    {
        Kind = kind;
        _bits = bits;
        _text = text;
    }

    public CellKind Kind { get; }

    public static CellValue Text(string text) => new(CellKind.Text, 0, text.AsMemory());

    public static CellValue Text(ReadOnlyMemory<char> text) => new(CellKind.Text, 0, text);

    public static CellValue Integer(long value) => new(CellKind.Integer, value);

    public static CellValue Number(double value) => new(CellKind.Number, BitConverter.DoubleToInt64Bits(value));

    public static CellValue Boolean(bool value) => new(CellKind.Boolean, value ? 1 : 0);

    public static CellValue Date(DateOnly value) => new(CellKind.Date, value.DayNumber);

    public static CellValue Time(TimeOnly value) => new(CellKind.Time, value.Ticks);

    public static CellValue DateTime(DateTimeOffset value) => new(CellKind.DateTime, value.UtcTicks);

    public static CellValue Duration(TimeSpan value) => new(CellKind.Duration, value.Ticks);

    private double AsDouble => BitConverter.Int64BitsToDouble(_bits);

    /// The value as the .NET value it stands for (a date and time in UTC).
    public object ToObject() => Kind switch
    {
        CellKind.Integer => _bits,
        CellKind.Number => AsDouble,
        CellKind.Boolean => _bits != 0,
        CellKind.Date => DateOnly.FromDayNumber((int)_bits),
        CellKind.Time => new TimeOnly(_bits),
        CellKind.DateTime => new DateTimeOffset(_bits, TimeSpan.Zero),
        CellKind.Duration => new TimeSpan(_bits),
        _ => _text.ToString(),
    };

    /// The value as text that is the same for equal values (for unique fields and messages).
    public string Canonical() => Kind switch
    {
        CellKind.Text => _text.ToString(),
        CellKind.Date => DateOnly.FromDayNumber((int)_bits).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        CellKind.DateTime => new DateTime(_bits, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
        CellKind.Number => AsDouble.ToString("R", CultureInfo.InvariantCulture),
        CellKind.Boolean => _bits != 0 ? "true" : "false",
        CellKind.Integer => _bits.ToString(CultureInfo.InvariantCulture),
        CellKind.Time => new TimeOnly(_bits).ToString(null, CultureInfo.InvariantCulture),
        _ => new TimeSpan(_bits).ToString(null, CultureInfo.InvariantCulture),
    };

    /// Below zero when this value comes before <paramref name="other"/>, as the .NET values compare
    /// (text as string.CompareTo does); null when they are of different kinds.
    public int? CompareTo(CellValue other)
    {
        if (Kind != other.Kind)
        {
            return null;
        }
        return Kind switch
        {
            // As string.CompareTo: by the current culture, as the check has always compared text.
            CellKind.Text => CultureInfo.CurrentCulture.CompareInfo.Compare(_text.Span, other._text.Span, CompareOptions.None),
            CellKind.Number => AsDouble.CompareTo(other.AsDouble),
            _ => _bits.CompareTo(other._bits),
        };
    }

    public bool Equals(CellValue other) => Kind == other.Kind && Kind switch
    {
        CellKind.Text => _text.Span.SequenceEqual(other._text.Span),
        CellKind.Number => AsDouble.Equals(other.AsDouble),
        _ => _bits == other._bits,
    };

    public override bool Equals(object? obj) => obj is CellValue other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        CellKind.Text => string.GetHashCode(_text.Span, StringComparison.Ordinal),
        CellKind.Number => AsDouble.GetHashCode(),
        _ => HashCode.Combine(Kind, _bits),
    };

    public static bool operator ==(CellValue left, CellValue right) => left.Equals(right);

    public static bool operator !=(CellValue left, CellValue right) => !left.Equals(right);
}

/// What a <see cref="CellValue"/> holds.
internal enum CellKind
{
    Text = 0,
    Integer = 1,
    Number = 2,
    Boolean = 3,
    Date = 4,
    Time = 5,
    DateTime = 6,
    Duration = 7,
}
