using System.Globalization;
using System.Text.Json.Serialization;

namespace Kaifang.Pipelines;

/// Keeps the rows that meet a condition on one column (or, with <c>"keep": false</c>, leaves them out),
/// e.g. <c>{"kind":"filter-rows","column":"年度","operator":"between","value":"2020","to":"2024"}</c>.
/// Settings: <c>column</c>; <c>operator</c>: equals, not-equals, contains, empty, not-empty, &gt;, &gt;=, &lt;, &lt;=,
/// between; <c>value</c> (and <c>to</c> for between, both ends included). &gt;, &lt; and between compare numbers
/// when the value is a number and ISO 8601 dates when it is a date; a cell that is neither does not match.
/// To combine conditions, add one step per condition.
public sealed record FilterRowsStep : PipelineStep
{
    public const string KindName = "filter-rows";

    [JsonIgnore]
    public override string Kind => KindName;

    public string? Column { get; init; }

    public FilterOperator Operator { get; init; } = FilterOperator.EqualTo;

    public string? Value { get; init; }

    public string? To { get; init; }

    public bool Keep { get; init; } = true;

    public override IEnumerable<StepSettingsError> Check(IReadOnlyList<string> columns)
    {
        if (string.IsNullOrWhiteSpace(Column))
        {
            yield return Problem("column", "請在 column 填寫要比較的欄位", "name the column to compare in 'column'");
        }
        else if (Table.IndexOf(columns, Column) < 0)
        {
            yield return ColumnNotInTable("column", Column, columns);
        }
        var ordered = Operator is FilterOperator.GreaterThan or FilterOperator.GreaterThanOrEqualTo or FilterOperator.LessThan or FilterOperator.LessThanOrEqualTo or FilterOperator.Between;
        if (Operator is not (FilterOperator.Empty or FilterOperator.NotEmpty) && Value is null)
        {
            yield return Problem("value", "請在 value 填寫要比較的值", "give the value to compare with in 'value'");
        }
        else if (ordered && Comparable.Of(Value) is null)
        {
            yield return Problem("value", $"「{Value}」不是數字或 ISO 8601 日期（例：2016-03-01），無法比較大小", $"'{Value}' is neither a number nor an ISO 8601 date (e.g. 2016-03-01), so it cannot be compared");
        }
        if (Operator == FilterOperator.Between)
        {
            var from = Comparable.Of(Value);
            var to = Comparable.Of(To);
            if (to is null)
            {
                yield return Problem("to", "between 需要 to：範圍的上限（數字或 ISO 8601 日期）", "'between' needs 'to', the upper end (a number or an ISO 8601 date)");
            }
            else if (from is not null && from.Value.IsNumber != to.Value.IsNumber)
            {
                yield return Problem("to", "value 與 to 須同為數字或同為日期", "'value' and 'to' must both be numbers or both be dates");
            }
        }
    }

    public override Table Apply(Table table, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(table);
        var column = table.IndexOf(Column ?? "");
        var value = Value ?? "";
        var from = Comparable.Of(Value);
        var to = Comparable.Of(To);
        return table.With(rows: table.Rows.Where(row => Matches(row[column], value, from, to) == Keep));
    }

    private bool Matches(string cell, string value, Comparable? from, Comparable? to)
    {
        switch (Operator)
        {
            case FilterOperator.EqualTo:
                return string.Equals(cell, value, StringComparison.Ordinal);
            case FilterOperator.NotEqualTo:
                return !string.Equals(cell, value, StringComparison.Ordinal);
            case FilterOperator.Contains:
                return cell.Contains(value, StringComparison.Ordinal);
            case FilterOperator.Empty:
                return string.IsNullOrWhiteSpace(cell);
            case FilterOperator.NotEmpty:
                return !string.IsNullOrWhiteSpace(cell);
        }
        if (from is not { } lower || Comparable.Of(cell, lower.IsNumber) is not { } c)
        {
            return false;
        }
        return Operator switch
        {
            FilterOperator.GreaterThan => c.CompareTo(lower) > 0,
            FilterOperator.GreaterThanOrEqualTo => c.CompareTo(lower) >= 0,
            FilterOperator.LessThan => c.CompareTo(lower) < 0,
            FilterOperator.LessThanOrEqualTo => c.CompareTo(lower) <= 0,
            FilterOperator.Between => to is { } upper && c.CompareTo(lower) >= 0 && c.CompareTo(upper) <= 0,
            _ => false,
        };
    }

    /// A number, or an ISO 8601 date or date-time as its ticks.
    private readonly record struct Comparable(bool IsNumber, decimal Value) : IComparable<Comparable>
    {
        public static Comparable? Of(string? text, bool? number = null)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }
            var s = text.AsSpan().Trim();
            if (number != false && decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
            {
                return new Comparable(true, d);
            }
            if (number != true && s.Length >= 10 && s[4] == '-' && s[7] == '-'
                && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
            {
                return new Comparable(false, t.Ticks);
            }
            return null;
        }

        public int CompareTo(Comparable other) => Value.CompareTo(other.Value);
    }
}

[JsonConverter(typeof(JsonStringEnumConverter<FilterOperator>))]
public enum FilterOperator
{
    [JsonStringEnumMemberName("equals")]
    EqualTo = 0,

    [JsonStringEnumMemberName("not-equals")]
    NotEqualTo = 1,

    [JsonStringEnumMemberName("contains")]
    Contains = 2,

    [JsonStringEnumMemberName("empty")]
    Empty = 3,

    [JsonStringEnumMemberName("not-empty")]
    NotEmpty = 4,

    [JsonStringEnumMemberName(">")]
    GreaterThan = 5,

    [JsonStringEnumMemberName(">=")]
    GreaterThanOrEqualTo = 6,

    [JsonStringEnumMemberName("<")]
    LessThan = 7,

    [JsonStringEnumMemberName("<=")]
    LessThanOrEqualTo = 8,

    [JsonStringEnumMemberName("between")]
    Between = 9,
}
