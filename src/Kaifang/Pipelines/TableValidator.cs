using System.Globalization;
using System.Text;

namespace Kaifang.Pipelines;

/// Checks a table against its resource's Table Schema and reports each problem with the error type
/// Frictionless uses (framework v4/v5 names: blank-header, blank-label, duplicate-label,
/// incorrect-label, extra-label, missing-label, blank-row, extra-cell, missing-cell, type-error,
/// constraint-error, unique-error, primary-key-error), the row number as Frictionless counts it (the
/// header is row 1) and the field's position (1-based) and name.
///
/// Header labels are matched to fields by position, as Frictionless does by default. Rows are checked
/// one at a time as they are read; memory grows only with the distinct values of unique fields and of
/// the primary key, which have to be remembered to find repeats (O(distinct values)).
public sealed class TableValidator
{
    private readonly TableSchema _schema;
    private readonly List<ValidationError> _errors = [];
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long>?[] _unique;
    private readonly Dictionary<string, long>? _primaryKey;
    private readonly int[] _keyPositions;
    private readonly HashSet<string> _missingValues;

    public TableValidator(TableSchema schema, int maxErrors = 1000)
    {
        _schema = schema ?? throw new ArgumentNullException(nameof(schema));
        MaxErrors = maxErrors;
        _unique = [.. schema.Fields.Select(f => f.Unique ? new Dictionary<string, long>(StringComparer.Ordinal) : null)];
        _keyPositions = [.. schema.PrimaryKey.Select(k => schema.Fields.ToList().FindIndex(f => f.Name == k))];
        _primaryKey = _keyPositions.Length > 0 ? new Dictionary<string, long>(StringComparer.Ordinal) : null;
        _missingValues = new HashSet<string>(schema.MissingValues, StringComparer.Ordinal);
    }

    /// How many errors are kept with their details; all are counted.
    public int MaxErrors { get; }

    public long RowsChecked { get; private set; }

    /// Checks a whole table: the header, then every row.
    public static ValidationReport Validate(Table table, TableSchema schema, int maxErrors = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var validator = new TableValidator(schema, maxErrors);
        validator.CheckHeader(table.Header);
        foreach (var row in table.Rows)
        {
            if ((validator.RowsChecked & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            validator.CheckRow(row);
        }
        return validator.Report();
    }

    /// The rows as they pass, each checked on the way: to validate while the rows are written elsewhere.
    public IEnumerable<TableRow> Watch(IEnumerable<TableRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            CheckRow(row);
            yield return row;
        }
    }

    public ValidationReport Report() => new([.. _errors], _counts.Values.Sum(), new Dictionary<string, long>(_counts), RowsChecked);

    public void CheckHeader(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var fields = _schema.Fields;
        if (labels.All(string.IsNullOrWhiteSpace))
        {
            Add("blank-header", 1, null, null, null, "標題列是空白的", "the header row is blank");
            return;
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            var name = i < fields.Count ? fields[i].Name : null;
            if (string.IsNullOrWhiteSpace(label))
            {
                Add("blank-label", 1, i + 1, name, label, $"第 {i + 1} 欄的標題是空白的", $"the label of column {i + 1} is blank");
                continue;
            }
            if (seen.TryGetValue(label, out var first))
            {
                Add("duplicate-label", 1, i + 1, name, label, $"第 {i + 1} 欄的標題「{label}」與第 {first} 欄重複", $"label '{label}' of column {i + 1} repeats that of column {first}");
            }
            else
            {
                seen[label] = i + 1;
            }
            if (i >= fields.Count)
            {
                Add("extra-label", 1, i + 1, null, label, $"第 {i + 1} 欄「{label}」不在 Table Schema 中", $"column {i + 1} '{label}' is not in the Table Schema");
            }
            else if (!string.Equals(label, name, StringComparison.Ordinal))
            {
                Add("incorrect-label", 1, i + 1, name, label, $"第 {i + 1} 欄的標題「{label}」應為「{name}」", $"the label of column {i + 1} is '{label}'; the Table Schema names it '{name}'");
            }
        }
        for (var i = labels.Count; i < fields.Count; i++)
        {
            Add("missing-label", 1, i + 1, fields[i].Name, null, $"缺少第 {i + 1} 欄「{fields[i].Name}」", $"column {i + 1} '{fields[i].Name}' is missing");
        }
    }

    public void CheckRow(TableRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        RowsChecked++;
        var cells = row.Cells;
        var fields = _schema.Fields;
        var n = row.Number;
        if (cells.All(c => _missingValues.Contains(c) || string.IsNullOrWhiteSpace(c)))
        {
            Add("blank-row", n, null, null, null, $"第 {n} 列是空白的", $"row {n} is blank");
            return;
        }
        for (var i = fields.Count; i < cells.Length; i++)
        {
            Add("extra-cell", n, i + 1, null, cells[i], $"第 {n} 列第 {i + 1} 欄多出一個值「{cells[i]}」", $"row {n} has an extra value '{cells[i]}' in column {i + 1}");
        }
        var typed = _keyPositions.Length > 0 ? new string?[fields.Count] : null;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (i >= cells.Length)
            {
                Add("missing-cell", n, i + 1, field.Name, null, $"第 {n} 列缺少「{field.Name}」欄（第 {i + 1} 欄）", $"row {n} has no cell for field '{field.Name}' (column {i + 1})");
                continue;
            }
            var text = cells[i];
            if (_missingValues.Contains(text))
            {
                if (field.Required || (typed is not null && _keyPositions.Contains(i)))
                {
                    Constraint(n, i, field, text, "required", $"「{field.Name}」為必填，第 {n} 列沒有值", $"field '{field.Name}' is required; row {n} has no value");
                }
                continue;
            }
            if (!CellTypes.TryRead(field, text, out var value))
            {
                Add("type-error", n, i + 1, field.Name, text,
                    $"第 {n} 列「{field.Name}」的「{text}」不是 {field.Type}{FormatNote(field)} 型別的值",
                    $"row {n}, field '{field.Name}': '{text}' is not a {field.Type}{FormatNote(field)} value");
                continue;
            }
            CheckConstraints(n, i, field, text, value);
            var canonical = Canonical(value);
            if (_unique[i] is { } values && !values.TryAdd(canonical, n))
            {
                Add("unique-error", n, i + 1, field.Name, text, $"第 {n} 列「{field.Name}」的「{text}」與第 {values[canonical]} 列重複，此欄須唯一", $"row {n}, field '{field.Name}': '{text}' repeats row {values[canonical]}; the field is unique");
            }
            if (typed is not null)
            {
                typed[i] = canonical;
            }
        }
        if (typed is not null && _primaryKey is not null && _keyPositions.All(p => typed[p] is not null))
        {
            var key = string.Join('\u001F', _keyPositions.Select(p => typed[p]));
            if (!_primaryKey.TryAdd(key, n))
            {
                var names = string.Join(", ", _schema.PrimaryKey);
                var values = string.Join(", ", _keyPositions.Select(p => cells[p]));
                Add("primary-key-error", n, null, null, values, $"第 {n} 列的主鍵（{names}）值「{values}」與第 {_primaryKey[key]} 列重複", $"row {n}: primary key ({names}) value '{values}' repeats row {_primaryKey[key]}");
            }
        }
    }

    private void CheckConstraints(long n, int i, SchemaField field, string text, object value)
    {
        if (field.Enum is { } allowed && !allowed.Any(a => Equals(a, value)))
        {
            var list = string.Join(", ", allowed.Select(Canonical));
            Constraint(n, i, field, text, "enum", $"第 {n} 列「{field.Name}」的「{text}」不在允許的值（{list}）中", $"row {n}, field '{field.Name}': '{text}' is not one of the allowed values ({list})");
        }
        if (field.Pattern is { } pattern && !pattern.IsMatch(text))
        {
            Constraint(n, i, field, text, "pattern", $"第 {n} 列「{field.Name}」的「{text}」不符合格式 {field.PatternText}", $"row {n}, field '{field.Name}': '{text}' does not match the pattern {field.PatternText}");
        }
        if (field.MinLength is { } minLength || field.MaxLength is not null)
        {
            var length = text.EnumerateRunes().Count();
            if (field.MinLength is { } min && length < min)
            {
                Constraint(n, i, field, text, "minLength", $"第 {n} 列「{field.Name}」的「{text}」少於 {min} 個字", $"row {n}, field '{field.Name}': '{text}' is shorter than {min} characters");
            }
            if (field.MaxLength is { } max && length > max)
            {
                Constraint(n, i, field, text, "maxLength", $"第 {n} 列「{field.Name}」的「{text}」超過 {max} 個字", $"row {n}, field '{field.Name}': '{text}' is longer than {max} characters");
            }
        }
        if (field.Minimum is IComparable minimum && minimum.GetType() == value.GetType() && minimum.CompareTo(value) > 0)
        {
            Constraint(n, i, field, text, "minimum", $"第 {n} 列「{field.Name}」的「{text}」小於下限 {field.MinimumText}", $"row {n}, field '{field.Name}': '{text}' is less than the minimum {field.MinimumText}");
        }
        if (field.Maximum is IComparable maximum && maximum.GetType() == value.GetType() && maximum.CompareTo(value) < 0)
        {
            Constraint(n, i, field, text, "maximum", $"第 {n} 列「{field.Name}」的「{text}」大於上限 {field.MaximumText}", $"row {n}, field '{field.Name}': '{text}' is more than the maximum {field.MaximumText}");
        }
    }

    private void Constraint(long n, int i, SchemaField field, string text, string constraint, string zh, string en) =>
        Add("constraint-error", n, i + 1, field.Name, text, zh, en, constraint);

    private static string FormatNote(SchemaField field) => field.Format == "default" ? "" : $" ({field.Format})";

    private static string Canonical(object value) => value switch
    {
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private void Add(string type, long? row, int? position, string? name, string? cell, string zh, string en, string? constraint = null)
    {
        _counts[type] = _counts.GetValueOrDefault(type) + 1;
        if (_errors.Count < MaxErrors)
        {
            _errors.Add(new ValidationError(type, row, position, name, cell, constraint, zh, en));
        }
    }
}

/// One problem, in the shape of a Frictionless error: its type, the row number (header = 1), the
/// field's position (1-based) and name, the cell as written, the constraint broken, and a message.
public sealed record ValidationError(string Type, long? RowNumber, int? FieldPosition, string? FieldName, string? Cell, string? Constraint, string Zh, string En)
{
    public override string ToString() => En;
}

/// What a validation found: the first errors in detail and how many of each type there were.
public sealed record ValidationReport(IReadOnlyList<ValidationError> Errors, long ErrorCount, IReadOnlyDictionary<string, long> CountsByType, long RowsChecked)
{
    public bool Valid => ErrorCount == 0;

    public string Summary()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{RowsChecked} rows, {ErrorCount} errors");
        foreach (var (type, count) in CountsByType.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"; {type}: {count}");
        }
        return text.ToString();
    }
}
