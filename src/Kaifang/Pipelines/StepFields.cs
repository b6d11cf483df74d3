using System.Globalization;
using System.Text.Json;

namespace Kaifang.Pipelines;

/// One cleaning step as a form holds it: the kind, and every setting of every kind as the text a person
/// typed, so that what was entered survives a round trip through the page even while it is not valid
/// yet (a new kind chosen keeps the settings the kinds share, such as the columns). <see cref="Of"/> fills
/// it from a step; <see cref="ToStep"/> makes the step, or says which field to fix.
/// Lists are written one item a line (columns) or as "code=label" lines (codes, units).
public sealed class StepFields
{
    /// Every kind of step, in the order the form offers them.
    public static readonly IReadOnlyList<string> Kinds =
    [
        DecodeStep.KindName, TrimStep.KindName, DropEmptyRowsStep.KindName, RenameColumnsStep.KindName, ReorderColumnsStep.KindName,
        DropColumnsStep.KindName, MaskColumnsStep.KindName, ConvertRocDatesStep.KindName, ConvertNumbersStep.KindName,
        MapCodesStep.KindName, FilterRowsStep.KindName,
    ];

    /// The delimiter "tab" stands for a tab character, which a text field cannot hold.
    public const string Tab = "tab";

    public string Kind { get; set; } = TrimStep.KindName;

    /// decode.
    public string? Format { get; set; }
    public string? Encoding { get; set; }
    public string? Delimiter { get; set; }

    /// trim (empty: every column), reorder-columns, drop-columns, convert-roc-dates, convert-numbers: one name a line.
    public string? Columns { get; set; }

    /// trim: the column names too.
    public bool Header { get; set; } = true;

    /// rename-columns.
    public List<RenamedColumn> Names { get; set; } = [];

    /// reorder-columns: end or drop.
    public string? Others { get; set; }

    /// mask-columns.
    public List<MaskedColumnFields> Masks { get; set; } = [];

    /// convert-numbers: the marks for no figure, separated by spaces (empty: the defaults); units as
    /// "萬=10000" lines (empty: the defaults); percent: number or fraction.
    public string? EmptyMarkers { get; set; }
    public string? Units { get; set; }
    public string? Percent { get; set; }

    /// map-codes: a column and its "code=label" lines each; unmapped: keep or flag.
    public List<CodeMapFields> Maps { get; set; } = [];
    public string? Unmapped { get; set; }

    /// filter-rows.
    public string? Column { get; set; }
    public string? Operator { get; set; }
    public string? Value { get; set; }
    public string? To { get; set; }
    public bool Keep { get; set; } = true;

    /// A new step of the kind, with the defaults its form shows.
    public static StepFields New(string? kind)
    {
        var fields = new StepFields { Kind = Kinds.Contains(kind ?? "") ? kind! : TrimStep.KindName };
        fields.Complete();
        return fields;
    }

    /// The settings of a step, as its form shows them.
    public static StepFields Of(PipelineStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var fields = new StepFields { Kind = step.Kind };
        switch (step)
        {
            case DecodeStep s:
                fields.Format = s.Format;
                fields.Encoding = s.Encoding;
                fields.Delimiter = s.Delimiter == "\t" ? Tab : s.Delimiter;
                break;
            case TrimStep s:
                fields.Columns = Lines(s.Columns);
                fields.Header = s.Header;
                break;
            case RenameColumnsStep s:
                fields.Names = [.. (s.Names ?? new Dictionary<string, string>()).Select(p => new RenamedColumn { From = p.Key, To = p.Value })];
                break;
            case ReorderColumnsStep s:
                fields.Columns = Lines(s.Columns);
                fields.Others = s.Others;
                break;
            case DropColumnsStep s:
                fields.Columns = Lines(s.Columns);
                break;
            case MaskColumnsStep s:
                fields.Masks = [.. (s.Columns ?? []).Select(c => new MaskedColumnFields { Name = c.Name, As = EnumName(c.As) })];
                break;
            case ConvertRocDatesStep s:
                fields.Columns = Lines(s.Columns);
                break;
            case ConvertNumbersStep s:
                fields.Columns = Lines(s.Columns);
                fields.EmptyMarkers = s.EmptyMarkers is null ? null : string.Join(' ', s.EmptyMarkers);
                fields.Units = s.Units is null ? null : string.Join('\n', s.Units.Select(u => $"{u.Key}={u.Value.ToString(CultureInfo.InvariantCulture)}"));
                fields.Percent = s.Percent;
                break;
            case MapCodesStep s:
                fields.Maps = [.. (s.Maps ?? new Dictionary<string, IReadOnlyDictionary<string, string>>())
                    .Select(m => new CodeMapFields { Column = m.Key, Codes = string.Join('\n', (m.Value ?? new Dictionary<string, string>()).Select(c => $"{c.Key}={c.Value}")) })];
                fields.Unmapped = s.Unmapped;
                break;
            case FilterRowsStep s:
                fields.Column = s.Column;
                fields.Operator = EnumName(s.Operator);
                fields.Value = s.Value;
                fields.To = s.To;
                fields.Keep = s.Keep;
                break;
        }
        fields.Complete();
        return fields;
    }

    /// Fills the choices left empty with their defaults, and gives the lists of pairs the rows the form
    /// shows (at least one, so that there is somewhere to type).
    public void Complete()
    {
        Format ??= "csv";
        Encoding ??= "auto";
        Others ??= "end";
        Percent ??= "number";
        Unmapped ??= "keep";
        Operator ??= EnumName(FilterOperator.EqualTo);
        Names ??= [];
        Masks ??= [];
        Maps ??= [];
        if (Kind == RenameColumnsStep.KindName && Names.Count == 0)
        {
            Names.Add(new RenamedColumn());
        }
        if (Kind == MaskColumnsStep.KindName && Masks.Count == 0)
        {
            Masks.Add(new MaskedColumnFields());
        }
        if (Kind == MapCodesStep.KindName && Maps.Count == 0)
        {
            Maps.Add(new CodeMapFields());
        }
    }

    /// The step the fields describe, or null and what to fix, field by field. The settings a step checks
    /// against the table's columns (a column that is not there) are left to the preview and the run.
    public PipelineStep? ToStep(out IReadOnlyList<StepSettingsError> errors)
    {
        var problems = new List<StepSettingsError>();
        void Problem(string field, string zh, string en) => problems.Add(new StepSettingsError(Kind, field, zh, en));
        List<string> RequiredColumns()
        {
            var columns = ColumnList(Columns);
            if (columns.Count == 0)
            {
                Problem("columns", "請填寫至少一個欄位名稱（每行一個）。", "Enter at least one column name (one a line).");
            }
            return columns;
        }

        PipelineStep? step = null;
        switch (Kind)
        {
            case DecodeStep.KindName:
                step = new DecodeStep
                {
                    Format = Blank(Format) ? "csv" : Format!.Trim(),
                    Encoding = Blank(Encoding) ? "auto" : Encoding!.Trim(),
                    Delimiter = Blank(Delimiter) ? null : Delimiter == Tab ? "\t" : Delimiter,
                };
                break;
            case TrimStep.KindName:
                var trimmed = ColumnList(Columns);
                step = new TrimStep { Columns = trimmed.Count == 0 ? null : trimmed, Header = Header };
                break;
            case DropEmptyRowsStep.KindName:
                step = new DropEmptyRowsStep();
                break;
            case RenameColumnsStep.KindName:
                step = new RenameColumnsStep { Names = RenamedNames(Problem) };
                break;
            case ReorderColumnsStep.KindName:
                step = new ReorderColumnsStep { Columns = RequiredColumns(), Others = Blank(Others) ? "end" : Others!.Trim() };
                break;
            case DropColumnsStep.KindName:
                step = new DropColumnsStep { Columns = RequiredColumns() };
                break;
            case MaskColumnsStep.KindName:
                step = new MaskColumnsStep { Columns = MaskedColumns(Problem) };
                break;
            case ConvertRocDatesStep.KindName:
                step = new ConvertRocDatesStep { Columns = RequiredColumns() };
                break;
            case ConvertNumbersStep.KindName:
                step = new ConvertNumbersStep
                {
                    Columns = RequiredColumns(),
                    EmptyMarkers = Blank(EmptyMarkers) ? null : EmptyMarkers!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries),
                    Units = UnitMultipliers(Problem),
                    Percent = Blank(Percent) ? "number" : Percent!.Trim(),
                };
                break;
            case MapCodesStep.KindName:
                step = new MapCodesStep { Maps = CodeMaps(Problem), Unmapped = Blank(Unmapped) ? "keep" : Unmapped!.Trim() };
                break;
            case FilterRowsStep.KindName:
                step = FilterStep(Problem);
                break;
            default:
                Problem("kind", $"不認得的步驟種類「{Kind}」；請從清單選擇。", $"'{Kind}' is not a kind of step; choose one from the list.");
                break;
        }
        if (step is not null)
        {
            // What the step itself says about settings that do not depend on the table's columns, for
            // the fields not already found wanting here.
            var answered = problems.Select(p => p.Field).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(step.Check([]).Where(p => ColumnFree.Contains(p.Field) && !answered.Contains(p.Field)));
        }
        errors = problems;
        return problems.Count == 0 ? step : null;
    }

    /// The settings a step checks without looking at the table's columns.
    private static readonly HashSet<string> ColumnFree = new(StringComparer.Ordinal) { "format", "encoding", "delimiter", "others", "percent", "units", "unmapped", "value", "to" };

    private Dictionary<string, string> RenamedNames(Action<string, string, string> problem)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var row = 0;
        var any = false;
        foreach (var pair in Names ?? [])
        {
            row++;
            var from = pair.From ?? "";
            var to = pair.To ?? "";
            if (Blank(from) && Blank(to))
            {
                continue;
            }
            any = true;
            if (Blank(from))
            {
                problem("names", $"第 {row} 列：請填寫要改名的原欄位名稱（新名稱為「{to}」）。", $"Row {row}: enter the column to rename (to '{to}').");
            }
            else if (Blank(to))
            {
                problem("names", $"第 {row} 列：請填寫欄位「{from}」的新名稱。", $"Row {row}: enter the new name of column '{from}'.");
            }
            else if (!names.TryAdd(from, to))
            {
                problem("names", $"第 {row} 列：欄位「{from}」已在前面改名，每個欄位只能寫一次。", $"Row {row}: column '{from}' is renamed above already; name each column once.");
            }
        }
        if (!any)
        {
            problem("names", "請至少填寫一組「原欄位名稱」與「新名稱」。", "Enter at least one column and its new name.");
        }
        return names;
    }

    private List<MaskedColumn> MaskedColumns(Action<string, string, string> problem)
    {
        var columns = new List<MaskedColumn>();
        var row = 0;
        var any = false;
        foreach (var mask in Masks ?? [])
        {
            row++;
            if (Blank(mask.Name))
            {
                continue;
            }
            any = true;
            if (ParseEnum<MaskAs>(Blank(mask.As) ? "auto" : mask.As!) is not { } kind)
            {
                problem("columns", $"第 {row} 列：不認得的遮罩方式「{mask.As}」；請從清單選擇。", $"Row {row}: '{mask.As}' is not a way of masking; choose one from the list.");
                continue;
            }
            columns.Add(new MaskedColumn(mask.Name!, kind));
        }
        if (!any)
        {
            problem("columns", "請填寫至少一個要遮罩的欄位名稱。", "Enter at least one column to mask.");
        }
        return columns;
    }

    private Dictionary<string, decimal>? UnitMultipliers(Action<string, string, string> problem)
    {
        if (Blank(Units))
        {
            return null;
        }
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var line = 0;
        foreach (var text in Units!.Split('\n'))
        {
            line++;
            var entry = text.TrimEnd('\r');
            if (Blank(entry))
            {
                continue;
            }
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                problem("units", $"第 {line} 行「{entry}」：請寫成「單位=倍數」，例如 萬=10000。", $"Line {line} '{entry}': write 'unit=multiplier', e.g. 萬=10000.");
                continue;
            }
            var unit = entry[..equals].Trim();
            var number = entry[(equals + 1)..].Trim();
            if (!decimal.TryParse(number, NumberStyles.Number, CultureInfo.InvariantCulture, out var multiplier))
            {
                problem("units", $"第 {line} 行：「{number}」不是數字；單位「{unit}」的倍數請寫成數字，例如 10000。", $"Line {line}: '{number}' is not a number; write the multiplier of unit '{unit}' as a number, e.g. 10000.");
            }
            else if (!units.TryAdd(unit, multiplier))
            {
                problem("units", $"第 {line} 行：單位「{unit}」寫了兩次。", $"Line {line}: unit '{unit}' is written twice.");
            }
        }
        return units;
    }

    private Dictionary<string, IReadOnlyDictionary<string, string>> CodeMaps(Action<string, string, string> problem)
    {
        var maps = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var any = false;
        foreach (var map in Maps ?? [])
        {
            if (Blank(map.Column) && Blank(map.Codes))
            {
                continue;
            }
            any = true;
            if (Blank(map.Column))
            {
                problem("maps", "請填寫這些代碼所在的欄位名稱。", "Enter the column that holds these codes.");
                continue;
            }
            var column = map.Column!;
            var codes = new Dictionary<string, string>(StringComparer.Ordinal);
            var line = 0;
            foreach (var text in (map.Codes ?? "").Split('\n'))
            {
                line++;
                var entry = text.TrimEnd('\r');
                if (Blank(entry))
                {
                    continue;
                }
                var equals = entry.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    problem("maps", $"欄位「{column}」第 {line} 行「{entry}」：請寫成「代碼=名稱」，例如 1=男。", $"Column '{column}', line {line} '{entry}': write 'code=label', e.g. 1=male.");
                }
                else if (!codes.TryAdd(entry[..equals], entry[(equals + 1)..]))
                {
                    problem("maps", $"欄位「{column}」第 {line} 行：代碼「{entry[..equals]}」寫了兩次。", $"Column '{column}', line {line}: code '{entry[..equals]}' is written twice.");
                }
            }
            if (Blank(map.Codes))
            {
                problem("maps", $"請填寫欄位「{column}」的代碼與名稱，每行一組「代碼=名稱」。", $"Enter the codes of column '{column}' and their labels, one 'code=label' a line.");
            }
            else if (!maps.TryAdd(column, codes))
            {
                problem("maps", $"欄位「{column}」寫了兩次；請把它的代碼寫在同一處。", $"Column '{column}' is written twice; put its codes in one place.");
            }
        }
        if (!any)
        {
            problem("maps", "請填寫至少一個欄位與它的代碼。", "Enter at least one column and its codes.");
        }
        return maps;
    }

    private FilterRowsStep? FilterStep(Action<string, string, string> problem)
    {
        if (Blank(Column))
        {
            problem("column", "請填寫要比較的欄位名稱。", "Enter the column to compare.");
        }
        if (ParseEnum<FilterOperator>(Blank(Operator) ? "equals" : Operator!) is not { } op)
        {
            problem("operator", $"不認得的比較方式「{Operator}」；請從清單選擇。", $"'{Operator}' is not a comparison; choose one from the list.");
            return null;
        }
        var needsValue = op is not (FilterOperator.Empty or FilterOperator.NotEmpty);
        if (needsValue && Value is null or "")
        {
            problem("value", "請填寫要比較的值。", "Enter the value to compare with.");
        }
        if (op == FilterOperator.Between && Blank(To))
        {
            problem("to", "「介於」需要範圍的上限（數字或日期，例如 2024-12-31）。", "'Between' needs the upper end (a number or a date such as 2024-12-31).");
        }
        return new FilterRowsStep
        {
            Column = Blank(Column) ? null : Column,
            Operator = op,
            Value = needsValue ? Value : null,
            To = op == FilterOperator.Between ? To : null,
            Keep = Keep,
        };
    }

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);

    /// Column names, one a line, as written (only the line breaks taken off); empty lines left out.
    private static List<string> ColumnList(string? text) =>
        [.. (text ?? "").Split('\n').Select(l => l.TrimEnd('\r')).Where(l => !Blank(l))];

    private static string? Lines(IEnumerable<string>? names) => names is null ? null : string.Join('\n', names);

    /// An option's name as the steps' JSON writes it ("national-id", ">=").
    public static string EnumName<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value, PipelineSteps.Json).Trim('"');

    private static T? ParseEnum<T>(string name) where T : struct, Enum
    {
        try
        {
            return JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(name.Trim()), PipelineSteps.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// A column to rename, and its new name.
public sealed class RenamedColumn
{
    public string? From { get; set; }
    public string? To { get; set; }
}

/// A column to mask, and how (auto, national-id, resident-certificate, phone, email, name, text).
public sealed class MaskedColumnFields
{
    public string? Name { get; set; }
    public string? As { get; set; }
}

/// A column of codes, and its "code=label" lines.
public sealed class CodeMapFields
{
    public string? Column { get; set; }
    public string? Codes { get; set; }
}
