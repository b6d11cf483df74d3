using System.Text.Json.Serialization;

namespace Kaifang.Pipelines;

/// Rewrites numbers as Taiwan's files write them (see <see cref="TaiwanNumber"/>) as plain invariant
/// numbers in the chosen columns. Text that is not a number is left as it is and reported.
/// Settings: <c>columns</c>; <c>emptyMarkers</c> (the marks that mean "no figure", default
/// - — – … ... x X * ＊); <c>units</c> (suffix → multiplier, default {"萬":10000,"億":100000000});
/// <c>percent</c>: "number" (12.5% → 12.5, the default) or "fraction" (12.5% → 0.125).
public sealed record ConvertNumbersStep : PipelineStep
{
    public const string KindName = "convert-numbers";

    [JsonIgnore]
    public override string Kind => KindName;

    public IReadOnlyList<string>? Columns { get; init; }

    public IReadOnlyList<string>? EmptyMarkers { get; init; }

    public IReadOnlyDictionary<string, decimal>? Units { get; init; }

    public string Percent { get; init; } = "number";

    public override IEnumerable<StepSettingsError> Check(IReadOnlyList<string> columns)
    {
        foreach (var error in NoColumns("columns", Columns).Concat(MissingColumns("columns", Columns, columns)))
        {
            yield return error;
        }
        if (Percent is not ("number" or "fraction"))
        {
            yield return Problem("percent", $"percent 應為 \"number\" 或 \"fraction\"，不是 \"{Percent}\"", $"'percent' must be \"number\" or \"fraction\", not \"{Percent}\"");
        }
        foreach (var (unit, multiplier) in Units ?? new Dictionary<string, decimal>())
        {
            if (string.IsNullOrWhiteSpace(unit) || unit.Any(char.IsAsciiDigit))
            {
                yield return Problem("units", $"單位「{unit}」不可空白或含數字", $"unit '{unit}' must not be blank or hold digits");
            }
            if (multiplier == 0)
            {
                yield return Problem("units", $"單位「{unit}」的倍數不可為 0", $"the multiplier of unit '{unit}' must not be 0");
            }
        }
    }

    public override Table Apply(Table table, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(context);
        var reader = new TaiwanNumber(EmptyMarkers, Units, Percent == "fraction");
        return table.With(rows: Rows(table.Rows, table.Header, Positions(table.Header, Columns), reader, context));
    }

    private IEnumerable<TableRow> Rows(IEnumerable<TableRow> rows, IReadOnlyList<string> header, int[] positions, TaiwanNumber reader, StepContext context)
    {
        var plain = new char[TaiwanNumber.PlainLength];
        foreach (var row in rows)
        {
            foreach (var i in positions)
            {
                if (i >= row.Width || row.Cells[i].Length == 0)
                {
                    continue;
                }
                if (reader.IsWrittenPlainly(row.Text(i)))
                {
                    continue;
                }
                if (reader.TryParse(row.Text(i), plain, out var length) == NumberForm.NotNumber)
                {
                    var value = row[i];
                    context.Report(Kind, "not-a-number", IssueSeverity.Warning, row.Number, header[i], value,
                        $"第 {row.Number} 列「{header[i]}」的「{value}」不是數字，未轉換",
                        $"row {row.Number}, column '{header[i]}': '{value}' is not a number; left as it is");
                }
                else
                {
                    row.Set(i, plain.AsSpan(0, length));
                }
            }
            yield return row;
        }
    }
}
