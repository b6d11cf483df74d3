using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kaifang.Pipelines;

/// A Frictionless Table Schema (specs.frictionlessdata.io/table-schema): the fields a resource's
/// table should have, in order, with their types, formats and constraints, and its primary key.
public sealed class TableSchema
{
    private TableSchema(IReadOnlyList<SchemaField> fields, IReadOnlyList<string> primaryKey, IReadOnlyList<string> missingValues)
    {
        Fields = fields;
        PrimaryKey = primaryKey;
        MissingValues = missingValues;
    }

    public IReadOnlyList<SchemaField> Fields { get; }

    public IReadOnlyList<string> PrimaryKey { get; }

    /// The cell texts that mean "no value" (the spec's default: the empty string).
    public IReadOnlyList<string> MissingValues { get; }

    /// Reads a schema from its JSON; a <see cref="TableSchemaException"/> says what in it is wrong.
    public static TableSchema Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new TableSchemaException($"Table Schema 不是有效的 JSON：{e.Message}", $"the Table Schema is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("fields", out var fieldsJson) || fieldsJson.ValueKind != JsonValueKind.Array)
            {
                throw new TableSchemaException("Table Schema 須為含 fields 陣列的物件", "a Table Schema is an object with a 'fields' array");
            }
            var missing = root.TryGetProperty("missingValues", out var mv) && mv.ValueKind == JsonValueKind.Array
                ? mv.EnumerateArray().Select(v => v.GetString() ?? "").ToList()
                : [""];
            var fields = new List<SchemaField>();
            foreach (var field in fieldsJson.EnumerateArray())
            {
                fields.Add(SchemaField.Parse(field, fields.Count + 1));
            }
            var primaryKey = root.TryGetProperty("primaryKey", out var pk)
                ? pk.ValueKind == JsonValueKind.String ? [pk.GetString()!] : pk.ValueKind == JsonValueKind.Array ? pk.EnumerateArray().Select(k => k.GetString() ?? "").ToList() : []
                : new List<string>();
            foreach (var key in primaryKey)
            {
                if (!fields.Any(f => f.Name == key))
                {
                    throw new TableSchemaException($"primaryKey 的「{key}」不是 fields 中的欄位", $"primaryKey '{key}' is not one of the fields");
                }
            }
            return new TableSchema(fields, primaryKey, missing);
        }
    }
}

/// One field of a Table Schema and the rules its cells follow.
public sealed class SchemaField
{
    public static readonly IReadOnlyList<string> Types =
        ["string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime", "year", "yearmonth", "duration", "geopoint", "geojson", "any"];

    private SchemaField(string name, string type, string format)
    {
        Name = name;
        Type = type;
        Format = format;
        Kind = type switch
        {
            "string" => FieldType.String,
            "number" => FieldType.Number,
            "integer" => FieldType.Integer,
            "boolean" => FieldType.Boolean,
            "object" => FieldType.Object,
            "array" => FieldType.Array,
            "date" => FieldType.Date,
            "time" => FieldType.Time,
            "datetime" => FieldType.DateTime,
            "year" => FieldType.Year,
            "yearmonth" => FieldType.YearMonth,
            "duration" => FieldType.Duration,
            "geopoint" => FieldType.Geopoint,
            "geojson" => FieldType.Geojson,
            _ => FieldType.Any,
        };
        FormatKind = format switch
        {
            "default" => FieldFormat.Default,
            "any" => FieldFormat.Any,
            _ => FieldFormat.Other,
        };
    }

    /// <see cref="Type"/> and <see cref="Format"/> as read once, for the check of every cell.
    internal FieldType Kind { get; }

    internal FieldFormat FormatKind { get; }

    public string Name { get; }

    public string Type { get; }

    public string Format { get; }

    public bool Required { get; private set; }

    public bool Unique { get; private set; }

    /// The allowed values, read as the field's type.
    public IReadOnlyList<object>? Enum { get; private set; }

    /// The same allowed values, to look a value up in (the values compare with Equals, see CellTypes).
    internal HashSet<CellValue>? EnumSet { get; private set; }

    /// The allowed values in the order written, for messages.
    internal IReadOnlyList<CellValue>? EnumValues { get; private set; }

    public Regex? Pattern { get; private set; }

    public object? Minimum => MinimumValue?.ToObject();

    public object? Maximum => MaximumValue?.ToObject();

    internal CellValue? MinimumValue { get; private set; }

    internal CellValue? MaximumValue { get; private set; }

    public int? MinLength { get; private set; }

    public int? MaxLength { get; private set; }

    internal IReadOnlyList<string> TrueValues { get; private set; } = ["true", "True", "TRUE", "1"];

    internal IReadOnlyList<string> FalseValues { get; private set; } = ["false", "False", "FALSE", "0"];

    internal string DecimalChar { get; private set; } = ".";

    internal string GroupChar { get; private set; } = "";

    internal bool BareNumber { get; private set; } = true;

    /// The constraint as written in the schema, for messages.
    internal string? MinimumText { get; private set; }

    internal string? MaximumText { get; private set; }

    internal string? PatternText { get; private set; }

    internal static SchemaField Parse(JsonElement json, int position)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("name", out var nameJson) || nameJson.ValueKind != JsonValueKind.String)
        {
            throw new TableSchemaException($"第 {position} 個欄位沒有 name", $"field {position} has no 'name'");
        }
        var name = nameJson.GetString()!;
        var type = json.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "string";
        if (!Types.Contains(type))
        {
            throw new TableSchemaException($"欄位「{name}」的型別「{type}」不是 Table Schema 的型別", $"field '{name}' has type '{type}', which Table Schema does not define; use one of {string.Join(", ", Types)}");
        }
        var format = json.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : "default";
        var field = new SchemaField(name, type, format);
        if (json.TryGetProperty("trueValues", out var tv) && tv.ValueKind == JsonValueKind.Array)
        {
            field.TrueValues = [.. tv.EnumerateArray().Select(v => v.GetString() ?? "")];
        }
        if (json.TryGetProperty("falseValues", out var fv) && fv.ValueKind == JsonValueKind.Array)
        {
            field.FalseValues = [.. fv.EnumerateArray().Select(v => v.GetString() ?? "")];
        }
        if (json.TryGetProperty("decimalChar", out var dc) && dc.ValueKind == JsonValueKind.String)
        {
            field.DecimalChar = dc.GetString()!;
        }
        if (json.TryGetProperty("groupChar", out var gc) && gc.ValueKind == JsonValueKind.String)
        {
            field.GroupChar = gc.GetString()!;
        }
        if (json.TryGetProperty("bareNumber", out var bn) && bn.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            field.BareNumber = bn.GetBoolean();
        }
        if (field.Type is "date" or "time" or "datetime" && format is not ("default" or "any"))
        {
            field.DotNetFormat = CellTypes.FromStrptime(format);
        }
        if (json.TryGetProperty("constraints", out var c) && c.ValueKind == JsonValueKind.Object)
        {
            field.ReadConstraints(c);
        }
        return field;
    }

    /// A .NET format string for a strptime-style date format ("%Y/%m/%d").
    internal string? DotNetFormat { get; private set; }

    private void ReadConstraints(JsonElement c)
    {
        Required = c.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True;
        Unique = c.TryGetProperty("unique", out var u) && u.ValueKind == JsonValueKind.True;
        if (c.TryGetProperty("enum", out var e) && e.ValueKind == JsonValueKind.Array)
        {
            var values = new List<CellValue>();
            foreach (var item in e.EnumerateArray())
            {
                values.Add(Constraint(item, "enum"));
            }
            Enum = [.. values.Select(v => v.ToObject())];
            EnumValues = values;
            EnumSet = [.. values];
        }
        if (c.TryGetProperty("pattern", out var p) && p.ValueKind == JsonValueKind.String)
        {
            PatternText = p.GetString()!;
            try
            {
                // Compiled: the pattern is tried on every cell of the column, millions in a large file.
                Pattern = new Regex($"^(?:{PatternText})$", RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                throw new TableSchemaException($"欄位「{Name}」的 pattern 不是有效的正規表示式：{ex.Message}", $"the pattern of field '{Name}' is not a valid regular expression: {ex.Message}");
            }
        }
        if (c.TryGetProperty("minimum", out var min))
        {
            MinimumText = Text(min);
            MinimumValue = Constraint(min, "minimum");
        }
        if (c.TryGetProperty("maximum", out var max))
        {
            MaximumText = Text(max);
            MaximumValue = Constraint(max, "maximum");
        }
        MinLength = c.TryGetProperty("minLength", out var minLength) && minLength.TryGetInt32(out var n1) ? n1 : null;
        MaxLength = c.TryGetProperty("maxLength", out var maxLength) && maxLength.TryGetInt32(out var n2) ? n2 : null;
    }

    /// A constraint's value read as the field's type: minimum 0 of an integer field is the integer 0.
    private CellValue Constraint(JsonElement value, string constraint)
    {
        var text = Text(value);
        if (CellTypes.TryRead(this, text, out var typed))
        {
            return typed;
        }
        throw new TableSchemaException($"欄位「{Name}」的 {constraint}「{text}」不是 {Type} 型別的值", $"the {constraint} '{text}' of field '{Name}' is not a {Type} value");
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({Type})");
}

/// A Table Schema that cannot be used, with the reason in Chinese and English.
public sealed class TableSchemaException(string zh, string en) : Exception(en)
{
    public string Zh { get; } = zh;
}

/// A field's Table Schema type.
internal enum FieldType
{
    String,
    Number,
    Integer,
    Boolean,
    Object,
    Array,
    Date,
    Time,
    DateTime,
    Year,
    YearMonth,
    Duration,
    Geopoint,
    Geojson,
    Any,
}

/// A field's format: "default", "any", or another (a pattern, or a string format such as email).
internal enum FieldFormat
{
    Default,
    Any,
    Other,
}
