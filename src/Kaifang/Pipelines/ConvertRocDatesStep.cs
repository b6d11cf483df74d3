using System.Text.Json.Serialization;

namespace Kaifang.Pipelines;

/// Rewrites ROC dates (105/03/01, 1050301, 民國105年3月1日, … see <see cref="RocDate.TryParse"/>) in the
/// chosen columns as ISO 8601: 2016-03-01, or 2016-03-01T13:45:00 with a time. Gregorian dates and empty
/// cells are left as they are. A cell written as an ROC date that names no day (105/02/30), or text that
/// is not a date at all, is left unchanged and reported with its row and column, never guessed at.
/// Settings: <c>columns</c>.
public sealed record ConvertRocDatesStep : PipelineStep
{
    public const string KindName = "convert-roc-dates";

    [JsonIgnore]
    public override string Kind => KindName;

    public IReadOnlyList<string>? Columns { get; init; }

    public override IEnumerable<StepSettingsError> Check(IReadOnlyList<string> columns) =>
        NoColumns("columns", Columns).Concat(MissingColumns("columns", Columns, columns));

    public override Table Apply(Table table, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(context);
        return table.With(rows: Rows(table.Rows, table.Header, Positions(table.Header, Columns), context));
    }

    private IEnumerable<TableRow> Rows(IEnumerable<TableRow> rows, IReadOnlyList<string> header, int[] positions, StepContext context)
    {
        var iso = new char[RocDate.IsoLength];
        foreach (var row in rows)
        {
            foreach (var i in positions)
            {
                if (i >= row.Width || row.Cells[i].Length == 0)
                {
                    continue;
                }
                switch (RocDate.TryParse(row.Text(i), out var date, out var time))
                {
                    case RocDateForm.Valid:
                        row.Set(i, iso.AsSpan(0, RocDate.WriteIso(date, time, iso)));
                        break;
                    case RocDateForm.Invalid:
                        var value = row[i];
                        context.Report(Kind, "invalid-date", IssueSeverity.Warning, row.Number, header[i], value,
                            $"第 {row.Number} 列「{header[i]}」的「{value}」不是存在的日期，未轉換",
                            $"row {row.Number}, column '{header[i]}': '{value}' is not a real date; left as it is");
                        break;
                    default:
                        if (!IsGregorian(row.Text(i)))
                        {
                            value = row[i];
                            context.Report(Kind, "not-a-date", IssueSeverity.Warning, row.Number, header[i], value,
                                $"第 {row.Number} 列「{header[i]}」的「{value}」不是民國日期，未轉換",
                                $"row {row.Number}, column '{header[i]}': '{value}' is not an ROC date; left as it is");
                        }
                        break;
                }
            }
            yield return row;
        }
    }

    /// A date with a four-digit year, already Gregorian: nothing to convert and nothing to report.
    private static bool IsGregorian(ReadOnlySpan<char> value)
    {
        var s = value.Trim();
        var digits = 0;
        while (digits < s.Length && char.IsAsciiDigit(s[digits]))
        {
            digits++;
        }
        return (digits == 4 && s.Length > 4 && s[4] is '-' or '/' or '.' or '年') || (digits == 8 && s.Length == 8);
    }
}
