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
/// one at a time as they are read. The values of unique fields and of the primary key have to be
/// remembered to find repeats: up to <see cref="MemoryLimit"/> distinct values each in memory, where a
/// repeat is reported with its row; past that on disk (<see cref="DistinctValues"/>), the repeats then
/// found when the report is made and listed after the other errors, so that memory stays bounded
/// whatever the table's length.
public sealed class TableValidator : IDisposable
{
    /// Distinct values of a unique field or of the primary key kept in memory before they go to disk.
    public const int DefaultMemoryLimit = 250_000;

    private readonly TableSchema _schema;

    /// The schema's fields as an array, read for every cell.
    private readonly SchemaField[] _fields;
    private readonly List<ValidationError> _errors = [];
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly DistinctValues?[] _unique;
    private readonly DistinctValues? _primaryKey;
    private readonly int[] _keyPositions;
    private readonly bool[] _isKey;
    private readonly int _sharedKey;
    private readonly string?[] _typed;
    private readonly HashSet<string> _missingValues;

    /// Bit n set when a missing value has n characters (n below 64); so that most cells need no set lookup.
    private readonly ulong _missingLengths;
    private readonly bool _longMissingValue;

    /// <paramref name="spillDirectory"/>: where values past <paramref name="memoryLimit"/> go (the
    /// system's temporary folder when left out); the files are deleted once the report is made, or on Dispose.
    public TableValidator(TableSchema schema, int maxErrors = 1000, string? spillDirectory = null, int memoryLimit = DefaultMemoryLimit)
    {
        _schema = schema ?? throw new ArgumentNullException(nameof(schema));
        _fields = [.. schema.Fields];
        MaxErrors = maxErrors;
        MemoryLimit = memoryLimit;
        var directory = () => spillDirectory ?? Path.GetTempPath();
        _unique = [.. schema.Fields.Select(f => f.Unique ? new DistinctValues(memoryLimit, directory) : null)];
        _keyPositions = [.. schema.PrimaryKey.Select(k => schema.Fields.ToList().FindIndex(f => f.Name == k))];
        // A primary key of one unique field has the same values: remembered once, each repeat reported twice.
        _sharedKey = _keyPositions.Length == 1 && schema.Fields[_keyPositions[0]].Unique ? _keyPositions[0] : -1;
        _primaryKey = _keyPositions.Length > 0 && _sharedKey < 0 ? new DistinctValues(memoryLimit, directory) : null;
        _isKey = new bool[schema.Fields.Count];
        foreach (var p in _keyPositions)
        {
            _isKey[p] = true;
        }
        _typed = new string?[schema.Fields.Count];
        _missingValues = new HashSet<string>(schema.MissingValues, StringComparer.Ordinal);
        foreach (var missing in _missingValues)
        {
            if (missing.Length < 64)
            {
                _missingLengths |= 1UL << missing.Length;
            }
            else
            {
                _longMissingValue = true;
            }
        }
    }

    /// How many errors are kept with their details; all are counted.
    public int MaxErrors { get; }

    /// Distinct values of each unique field and of the primary key kept in memory.
    public int MemoryLimit { get; }

    public long RowsChecked { get; private set; }

    /// Checks a whole table: the header, then every row.
    public static ValidationReport Validate(Table table, TableSchema schema, int maxErrors = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var validator = new TableValidator(schema, maxErrors);
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

    /// The report; the repeats among values that went to disk are found now (once).
    public ValidationReport Report()
    {
        FinishRepeats();
        return new([.. _errors], _counts.Values.Sum(), new Dictionary<string, long>(_counts), RowsChecked);
    }

    public void Dispose()
    {
        foreach (var values in _unique)
        {
            values?.Dispose();
        }
        _primaryKey?.Dispose();
    }

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
        var fields = _fields;
        var n = row.Number;
        if (IsBlank(cells))
        {
            Add("blank-row", n, null, null, null, $"第 {n} 列是空白的", $"row {n} is blank");
            return;
        }
        for (var i = fields.Length; i < cells.Length; i++)
        {
            var extra = row[i];
            Add("extra-cell", n, i + 1, null, extra, $"第 {n} 列第 {i + 1} 欄多出一個值「{extra}」", $"row {n} has an extra value '{extra}' in column {i + 1}");
        }
        var typed = _primaryKey is not null ? _typed : null;
        long? keyRepeat = null;
        if (typed is not null)
        {
            Array.Clear(typed);
        }
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            if (i >= cells.Length)
            {
                Add("missing-cell", n, i + 1, field.Name, null, $"第 {n} 列缺少「{field.Name}」欄（第 {i + 1} 欄）", $"row {n} has no cell for field '{field.Name}' (column {i + 1})");
                continue;
            }
            // The cell as characters; a string is made only for a message or a value to remember.
            var cell = cells[i];
            var span = cell.Span;
            if (IsMissing(span))
            {
                if (field.Required || _isKey[i])
                {
                    Constraint(n, i, field, cell.ToString(), "required", $"「{field.Name}」為必填，第 {n} 列沒有值", $"field '{field.Name}' is required; row {n} has no value");
                }
                continue;
            }
            if (!CellTypes.TryRead(field, cell, span, out var value))
            {
                var text = cell.ToString();
                Add("type-error", n, i + 1, field.Name, text,
                    $"第 {n} 列「{field.Name}」的「{text}」不是 {field.Type}{FormatNote(field)} 型別的值",
                    $"row {n}, field '{field.Name}': '{text}' is not a {field.Type}{FormatNote(field)} value");
                continue;
            }
            CheckConstraints(n, i, field, cell, span, value);
            if (_unique[i] is null && !_isKey[i])
            {
                continue;
            }
            // An integer written plainly is its own canonical form: its characters, no new string.
            var canonical = value.Kind == CellKind.Integer && IsPlainInteger(span) ? null : value.Canonical();
            if (_unique[i]?.Add(canonical ?? span, span, n) is { } first)
            {
                UniqueError(n, i, cell.ToString(), first);
                if (i == _sharedKey)
                {
                    keyRepeat = first;
                }
            }
            if (typed is not null)
            {
                typed[i] = canonical ?? cell.ToString();
            }
        }
        if (keyRepeat is { } repeated)
        {
            PrimaryKeyError(n, row[_sharedKey], repeated);
        }
        if (typed is not null && _primaryKey is not null && AllSet(typed))
        {
            var key = _keyPositions.Length == 1 ? typed[_keyPositions[0]]! : string.Join('\u001F', _keyPositions.Select(p => typed[p]));
            var values = _keyPositions.Length == 1 ? row[_keyPositions[0]] : string.Join(", ", _keyPositions.Select(p => row[p]));
            if (_primaryKey.Add(key, values, n) is { } first)
            {
                PrimaryKeyError(n, values, first);
            }
        }
    }

    private void UniqueError(long n, int i, string text, long first)
    {
        var field = _schema.Fields[i];
        Add("unique-error", n, i + 1, field.Name, text, $"第 {n} 列「{field.Name}」的「{text}」與第 {first} 列重複，此欄須唯一", $"row {n}, field '{field.Name}': '{text}' repeats row {first}; the field is unique");
    }

    private void PrimaryKeyError(long n, string values, long first)
    {
        var names = string.Join(", ", _schema.PrimaryKey);
        Add("primary-key-error", n, null, null, values, $"第 {n} 列的主鍵（{names}）值「{values}」與第 {first} 列重複", $"row {n}: primary key ({names}) value '{values}' repeats row {first}");
    }

    /// The repeats found on disk, in row order after the errors found during the pass; all are counted,
    /// the earliest kept with their details as far as <see cref="MaxErrors"/> allows.
    private void FinishRepeats()
    {
        var room = Math.Max(0, MaxErrors - _errors.Count);
        // The earliest repeats, at most `room` of them: the latest is at the head, to be dropped first.
        var earliest = new PriorityQueue<(long Row, int Field, long First, string Text), (long Row, int Field)>(
            Comparer<(long Row, int Field)>.Create((a, b) => b.CompareTo(a)));
        long uniqueRepeats = 0, keyRepeats = 0;
        void Repeat(long row, int field, long first, string text)
        {
            if (field == int.MaxValue)
            {
                keyRepeats++;
            }
            else
            {
                uniqueRepeats++;
            }
            if (room == 0)
            {
                return;
            }
            if (earliest.Count < room)
            {
                earliest.Enqueue((row, field, first, text), (row, field));
            }
            else if (earliest.TryPeek(out _, out var latest) && (row, field).CompareTo(latest) < 0)
            {
                earliest.DequeueEnqueue((row, field, first, text), (row, field));
            }
        }
        for (var i = 0; i < _unique.Length; i++)
        {
            var field = i;
            _unique[i]?.Finish((row, first, text) =>
            {
                Repeat(row, field, first, text);
                if (field == _sharedKey)
                {
                    Repeat(row, int.MaxValue, first, text);
                }
            });
        }
        _primaryKey?.Finish((row, first, text) => Repeat(row, int.MaxValue, first, text));
        var listed = new List<(long Row, int Field, long First, string Text)>(earliest.Count);
        while (earliest.TryDequeue(out var repeat, out _))
        {
            listed.Add(repeat);
        }
        listed.Reverse();
        foreach (var (row, field, first, text) in listed)
        {
            if (field == int.MaxValue)
            {
                PrimaryKeyError(row, text, first);
                keyRepeats--;
            }
            else
            {
                UniqueError(row, field, text, first);
                uniqueRepeats--;
            }
        }
        // The rest are counted only.
        if (uniqueRepeats > 0)
        {
            _counts["unique-error"] = _counts.GetValueOrDefault("unique-error") + uniqueRepeats;
        }
        if (keyRepeats > 0)
        {
            _counts["primary-key-error"] = _counts.GetValueOrDefault("primary-key-error") + keyRepeats;
        }
    }

    private bool IsBlank(ReadOnlyMemory<char>[] cells)
    {
        foreach (var c in cells)
        {
            if (!c.Span.IsWhiteSpace() && !IsMissing(c.Span))
            {
                return false;
            }
        }
        return true;
    }

    private bool IsMissing(ReadOnlySpan<char> text) =>
        (text.Length < 64 ? (_missingLengths >> text.Length & 1) != 0 : _longMissingValue) && _missingValues.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text);

    private bool AllSet(string?[] typed)
    {
        foreach (var p in _keyPositions)
        {
            if (typed[p] is null)
            {
                return false;
            }
        }
        return true;
    }

    private void CheckConstraints(long n, int i, SchemaField field, ReadOnlyMemory<char> cell, ReadOnlySpan<char> span, CellValue value)
    {
        // Most cells break no constraint: the text as a string only for a message or a length.
        if (field.EnumSet is { } set && !set.Contains(value) && field.EnumValues is { } allowed)
        {
            var text = cell.ToString();
            var list = string.Join(", ", allowed.Select(v => v.Canonical()));
            Constraint(n, i, field, text, "enum", $"第 {n} 列「{field.Name}」的「{text}」不在允許的值（{list}）中", $"row {n}, field '{field.Name}': '{text}' is not one of the allowed values ({list})");
        }
        if (field.Pattern is { } pattern && !pattern.IsMatch(span))
        {
            var text = cell.ToString();
            Constraint(n, i, field, text, "pattern", $"第 {n} 列「{field.Name}」的「{text}」不符合格式 {field.PatternText}", $"row {n}, field '{field.Name}': '{text}' does not match the pattern {field.PatternText}");
        }
        if (field.MinLength is { } minLength || field.MaxLength is not null)
        {
            var text = cell.ToString();
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
        if (field.MinimumValue is { } minimum && minimum.CompareTo(value) > 0)
        {
            var text = cell.ToString();
            Constraint(n, i, field, text, "minimum", $"第 {n} 列「{field.Name}」的「{text}」小於下限 {field.MinimumText}", $"row {n}, field '{field.Name}': '{text}' is less than the minimum {field.MinimumText}");
        }
        if (field.MaximumValue is { } maximum && maximum.CompareTo(value) < 0)
        {
            var text = cell.ToString();
            Constraint(n, i, field, text, "maximum", $"第 {n} 列「{field.Name}」的「{text}」大於上限 {field.MaximumText}", $"row {n}, field '{field.Name}': '{text}' is more than the maximum {field.MaximumText}");
        }
    }

    private void Constraint(long n, int i, SchemaField field, string text, string constraint, string zh, string en) =>
        Add("constraint-error", n, i + 1, field.Name, text, zh, en, constraint);

    private static string FormatNote(SchemaField field) => field.Format == "default" ? "" : $" ({field.Format})";

    /// ASCII digits without a leading zero (or 0 alone), short enough for a long: as a long prints.
    private static bool IsPlainInteger(ReadOnlySpan<char> text) =>
        text.Length is > 0 and <= 18 && (text[0] != '0' || text.Length == 1) && !text.ContainsAnyExceptInRange('0', '9');

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
