using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Kaifang.Datastore;

/// Reads the DataStore: which resources have a table, a table's fields, datastore_search, and the
/// same search streamed out as CSV or JSON. Every field name a caller sends is checked against the
/// table's fields and then quoted, and every value is a parameter: no caller text becomes SQL.
/// Visibility (published datasets only) is the caller's to check first, with the catalog.
public sealed class DatastoreQueries(DatastoreDatabase store) : IDisposable
{
    public const string IdField = "_id";

    private readonly ActiveTables _active = new(store);

    private static readonly DatastoreField Id = new(IdField, DatastoreType.Integer);

    /// Which of these resources have a DataStore table.
    public IReadOnlySet<Guid> ActiveAmong(IEnumerable<Guid> resourceIds)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        var tables = _active.Current();
        return resourceIds.Where(tables.Has).ToHashSet();
    }

    /// The resources with a DataStore table, per dataset, for these datasets (those without any are left out).
    public IReadOnlyDictionary<Guid, IReadOnlySet<Guid>> ActiveByDataset(IEnumerable<Guid> datasetIds)
    {
        ArgumentNullException.ThrowIfNull(datasetIds);
        var tables = _active.Current();
        var active = new Dictionary<Guid, IReadOnlySet<Guid>>();
        foreach (var id in datasetIds)
        {
            if (tables.OfDataset(id) is { } resources)
            {
                active[id] = resources;
            }
        }
        return active;
    }

    public void Dispose() => _active.Dispose();

    /// A resource's table: its fields, row count and source, or null when it has none.
    public async Task<DatastoreTable?> TableAsync(Guid resourceId, CancellationToken cancellationToken)
    {
        await using var connection = store.OpenRead();
        return await Task.Run(() => DatastoreDatabase.ReadTable(connection, resourceId), cancellationToken);
    }

    /// Checks the search against the resource's table without running it, so that a download can
    /// answer a bad request with an error before its body starts. Returns the table.
    public async Task<DatastoreTable> CheckAsync(DatastoreSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var table = await TableAsync(search.ResourceId, cancellationToken) ?? throw DatastoreQueryException.NotFound(search.ResourceId);
        Plan(table, search);
        return table;
    }

    public async Task<DatastoreSearchResult> SearchAsync(DatastoreSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        await using var connection = OpenRead(store);
        var table = DatastoreDatabase.ReadTable(connection, search.ResourceId) ?? throw DatastoreQueryException.NotFound(search.ResourceId);
        var plan = Plan(table, search);
        await IndexFiltersAsync(table, search, cancellationToken);

        long? total = null;
        if (search.IncludeTotal)
        {
            await using var count = plan.Command(connection, plan.CountSql);
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        var records = new List<object?[]>();
        await using (var select = plan.Command(connection, plan.SelectSql(Math.Clamp(search.Limit, 0, DatastoreSearch.MaxLimit), search.Offset)))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                records.Add(Values(reader, plan.Fields));
            }
        }
        return new DatastoreSearchResult(table, plan.Fields, records, total);
    }

    /// The search's rows (all of them: limit and offset apply only when given) written as CSV
    /// (UTF-8, header row first), as a JSON array of objects or as XML rows, one row at a time.
    public async Task WriteAsync(DatastoreSearch search, DatastoreExportFormat format, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(output);
        await using var connection = OpenRead(store);
        var table = DatastoreDatabase.ReadTable(connection, search.ResourceId) ?? throw DatastoreQueryException.NotFound(search.ResourceId);
        var plan = Plan(table, search);
        await IndexFiltersAsync(table, search, cancellationToken);
        await using var select = plan.Command(connection, plan.SelectSql(search.Limit, search.Offset));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        if (format == DatastoreExportFormat.Csv)
        {
            await writer.WriteAsync(DelimitedText.Line(plan.Fields.Select(f => (object?)f.Id), ','));
            while (await reader.ReadAsync(cancellationToken))
            {
                await writer.WriteAsync(DelimitedText.Line(Values(reader, plan.Fields), ','));
            }
        }
        else if (format == DatastoreExportFormat.Xml)
        {
            await WriteXmlAsync(reader, plan.Fields, writer, cancellationToken);
        }
        else
        {
            await using var json = new System.Text.Json.Utf8JsonWriter(writer.BaseStream, new System.Text.Json.JsonWriterOptions
            {
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            });
            json.WriteStartArray();
            var rows = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                json.WriteStartObject();
                var values = Values(reader, plan.Fields);
                for (var i = 0; i < values.Length; i++)
                {
                    json.WritePropertyName(plan.Fields[i].Id);
                    DatastoreJson.WriteValue(json, values[i]);
                }
                json.WriteEndObject();
                if (++rows % 1000 == 0)
                {
                    await json.FlushAsync(cancellationToken);
                }
            }
            json.WriteEndArray();
            await json.FlushAsync(cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
    }

    /// Rows as XML the way agencies' platforms write tables: &lt;rows&gt;&lt;row&gt;&lt;column&gt;value&lt;/column&gt;…&lt;/row&gt;&lt;/rows&gt;,
    /// each column an element named after it (XmlConvert-encoded where the name is not a valid XML name,
    /// e.g. a space becomes _x0020_); an empty value is an empty element.
    private static async Task WriteXmlAsync(SqliteDataReader reader, IReadOnlyList<DatastoreField> fields, StreamWriter output, CancellationToken cancellationToken)
    {
        var names = fields.Select(f => System.Xml.XmlConvert.EncodeLocalName(f.Id)).ToArray();
        await using var xml = System.Xml.XmlWriter.Create(output, new System.Xml.XmlWriterSettings
        {
            Async = true,
            Encoding = new UTF8Encoding(false),
            CloseOutput = false,
        });
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "rows", null);
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            await xml.WriteStartElementAsync(null, "row", null);
            var values = Values(reader, fields);
            for (var i = 0; i < values.Length; i++)
            {
                await xml.WriteElementStringAsync(null, names[i], null, XmlText(values[i] switch
                {
                    null => "",
                    bool b => b ? "true" : "false",
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var other => other.ToString() ?? "",
                }));
            }
            await xml.WriteEndElementAsync();
            if (++rows % 1000 == 0)
            {
                await xml.FlushAsync();
            }
        }
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    /// The text without the control characters XML 1.0 cannot carry (a stray U+0001 in an agency's file).
    private static string XmlText(string text)
    {
        if (text.All(c => System.Xml.XmlConvert.IsXmlChar(c) || char.IsSurrogate(c)))
        {
            return text;
        }
        return string.Concat(text.Where(c => System.Xml.XmlConvert.IsXmlChar(c) || char.IsSurrogate(c)));
    }

    private async Task IndexFiltersAsync(DatastoreTable table, DatastoreSearch search, CancellationToken cancellationToken)
    {
        foreach (var field in search.Filters.Keys)
        {
            var index = table.FieldIndex(field);
            if (index >= 0)
            {
                await store.EnsureIndexAsync(table, index, cancellationToken);
            }
        }
    }

    private static object?[] Values(SqliteDataReader reader, IReadOnlyList<DatastoreField> fields)
    {
        var values = new object?[fields.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.IsDBNull(i) ? null : fields[i].Type switch
            {
                DatastoreType.Boolean => reader.GetInt64(i) != 0,
                DatastoreType.Integer => reader.GetInt64(i),
                DatastoreType.Number => reader.GetDouble(i),
                _ => reader.GetValue(i),
            };
        }
        return values;
    }

    /// Checks every name and value of the search against the table, and builds its SQL.
    private static SearchPlan Plan(DatastoreTable table, DatastoreSearch search)
    {
        var all = new List<DatastoreField>(table.Fields.Count + 1) { Id };
        all.AddRange(table.Fields);
        DatastoreField Field(string parameter, string name) =>
            all.FirstOrDefault(f => string.Equals(f.Id, name, StringComparison.Ordinal))
            ?? throw DatastoreQueryException.NoSuchField(parameter, name,
                $"Field \"{name}\" not in the table; its fields are: {string.Join(", ", all.Select(f => f.Id))}.",
                $"資料表沒有欄位「{name}」；欄位有：{string.Join("、", all.Select(f => f.Id))}。");

        var fields = search.Fields.Count == 0 ? all : [.. search.Fields.Select(f => Field("fields", f.Trim()))];
        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        foreach (var (name, values) in search.Filters)
        {
            var field = Field("filters", name);
            var column = DatastoreDatabase.Quote(field.Id);
            var alternatives = new List<string>();
            var nonNull = new List<string>();
            foreach (var value in values)
            {
                if (value is null)
                {
                    alternatives.Add($"{column} IS NULL");
                    continue;
                }
                var converted = ColumnTypes.Convert(value, field.Type)
                    ?? (string.IsNullOrWhiteSpace(value) ? null : throw DatastoreQueryException.Invalid("filters",
                        $"Value \"{value}\" for field \"{field.Id}\" is not a valid {field.Type.ToString().ToLowerInvariant()}.",
                        $"欄位「{field.Id}」的值「{value}」不是有效的{TypeInChinese(field.Type)}。"));
                if (converted is null)
                {
                    alternatives.Add($"{column} IS NULL");
                    continue;
                }
                var p = $"$f{parameters.Count}";
                parameters.Add((p, converted));
                nonNull.Add(p);
            }
            if (nonNull.Count == 1)
            {
                alternatives.Add($"{column} = {nonNull[0]}");
            }
            else if (nonNull.Count > 1)
            {
                alternatives.Add($"{column} IN ({string.Join(", ", nonNull)})");
            }
            where.Add(alternatives.Count == 0 ? "0" : $"({string.Join(" OR ", alternatives)})");
        }
        // Every full-text condition goes into one FTS5 query (phrases joined by AND, a field's restricted to its column).
        var matches = new List<string>();
        if (!string.IsNullOrWhiteSpace(search.Query))
        {
            var textColumns = table.Fields.Where(f => f.Type == DatastoreType.Text).Select(f => DatastoreDatabase.Quote(f.Id)).ToList();
            if (table.FullText)
            {
                var match = DatastoreFullText.Query(search.Query) ?? throw NothingToSearch("q", search.Query);
                if (textColumns.Count == 0)
                {
                    where.Add("0");
                }
                else
                {
                    matches.Add(match);
                }
            }
            else
            {
                // The index is being built (or the table was loaded before tables had one): a scan that finds the same rows.
                var words = DatastoreFullText.Words(search.Query);
                if (words.Count == 0)
                {
                    throw NothingToSearch("q", search.Query);
                }
                foreach (var word in words)
                {
                    where.Add(textColumns.Count == 0 ? "0" : $"({string.Join(" OR ", textColumns.Select(c => ScanCondition(c, word, parameters)))})");
                }
            }
        }
        foreach (var (name, text) in search.FieldQueries)
        {
            var field = Field("q", name);
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (field.Type == DatastoreType.Text && table.FullText)
            {
                matches.Add(DatastoreFullText.Query(text, DatastoreDatabase.FullTextColumn(table.FieldIndex(field.Id)))
                    ?? throw NothingToSearch("q", text, field.Id));
                continue;
            }
            if (field.Type == DatastoreType.Text)
            {
                var words = DatastoreFullText.Words(text);
                if (words.Count == 0)
                {
                    throw NothingToSearch("q", text, field.Id);
                }
                where.AddRange(words.Select(w => ScanCondition(DatastoreDatabase.Quote(field.Id), w, parameters)));
                continue;
            }
            // Numbers, dates, booleans: the value written as text contains it.
            var p = $"$q{parameters.Count}";
            parameters.Add((p, $"%{EscapeLike(text.Trim())}%"));
            where.Add($"CAST({DatastoreDatabase.Quote(field.Id)} AS TEXT) LIKE {p} ESCAPE '\\'");
        }
        string? countSql = null;
        string? pagedInIndex = null;
        if (matches.Count > 0)
        {
            var p = $"$q{parameters.Count}";
            parameters.Add((p, string.Join(" AND ", matches)));
            var fullText = DatastoreDatabase.Quote(DatastoreDatabase.FullTextTableName(table.ResourceId));
            // Rows matched by the index alone are counted in the index, without reading the table.
            if (where.Count == 0 && !search.Distinct)
            {
                countSql = $"SELECT count(*) FROM {fullText} WHERE {fullText} MATCH {p}";
                // In "_id" order, the index gives the page itself (it returns rowids in order), and only those rows are read.
                pagedInIndex = $"\"_id\" IN (SELECT rowid FROM {fullText} WHERE {fullText} MATCH {p} ORDER BY rowid {PageMarker})";
            }
            where.Add($"\"_id\" IN (SELECT rowid FROM {fullText} WHERE {fullText} MATCH {p})");
        }

        var orderBy = new List<string>();
        foreach (var part in (search.Sort ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, direction) = SortPart(part);
            orderBy.Add($"{DatastoreDatabase.Quote(Field("sort", name).Id)} {direction}");
        }
        if (orderBy.Count == 0 && !search.Distinct)
        {
            orderBy.Add("\"_id\"");
        }

        var from = DatastoreDatabase.Quote(DatastoreDatabase.TableName(table.ResourceId));
        var whereSql = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);
        var columns = string.Join(", ", fields.Select(f => DatastoreDatabase.Quote(f.Id)));
        if (pagedInIndex is not null && orderBy is ["\"_id\""] or ["\"_id\" ASC"])
        {
            whereSql = " WHERE " + pagedInIndex;
        }
        var select = $"SELECT {(search.Distinct ? "DISTINCT " : "")}{columns} FROM {from}{whereSql}{(orderBy.Count == 0 ? "" : " ORDER BY " + string.Join(", ", orderBy))}";
        var count = countSql ?? (search.Distinct
            ? $"SELECT count(*) FROM (SELECT DISTINCT {columns} FROM {from}{whereSql})"
            : $"SELECT count(*) FROM {from}{whereSql}");
        return new SearchPlan(fields, select, count, parameters);
    }

    /// Where a plan's LIMIT and OFFSET go when they are not at its end.
    private const string PageMarker = "/*page*/";

    /// The function the scan of a table without its full-text index calls (DatastoreFullText.Contains).
    public const string ContainsFunction = "kaifang_contains";

    /// One q word in one text column, by scan: a LIKE on its Chinese part (where the index and a substring
    /// search agree) to skip most rows cheaply, then the index's own rule on what is left.
    private static string ScanCondition(string column, (string Word, string? Chinese) word, List<(string, object?)> parameters)
    {
        var w = $"$q{parameters.Count}";
        parameters.Add((w, word.Word));
        var contains = $"{ContainsFunction}({column}, {w})";
        if (word.Chinese is null)
        {
            return contains;
        }
        var like = $"$q{parameters.Count}";
        parameters.Add((like, $"%{EscapeLike(word.Chinese)}%"));
        return $"({column} LIKE {like} ESCAPE '\\' AND {contains})";
    }

    private static SqliteConnection OpenRead(DatastoreDatabase store)
    {
        var connection = store.OpenRead();
        connection.CreateFunction(ContainsFunction, (string? value, string word) => DatastoreFullText.Contains(value, word), isDeterministic: true);
        return connection;
    }

    private static DatastoreQueryException NothingToSearch(string parameter, string text, string? field = null) => DatastoreQueryException.Invalid(parameter,
        $"Nothing to search for in \"{text}\"{(field is null ? "" : $" (field \"{field}\")")}: q finds words, numbers and Chinese characters; punctuation and symbols alone are not indexed.",
        $"「{text}」{(field is null ? "" : $"（欄位「{field}」）")}沒有可搜尋的內容：q 搜尋文字、數字與中文字，單獨的標點或符號不列入索引。");

    private static (string Name, string Direction) SortPart(string part)
    {
        var name = part;
        var direction = "ASC";
        var space = part.LastIndexOf(' ');
        if (space > 0)
        {
            var word = part[(space + 1)..].Trim();
            if (word.Equals("desc", StringComparison.OrdinalIgnoreCase) || word.Equals("asc", StringComparison.OrdinalIgnoreCase))
            {
                direction = word.ToUpperInvariant();
                name = part[..space].Trim();
            }
        }
        if (name.Length >= 2 && name[0] == '"' && name[^1] == '"')
        {
            name = name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
        }
        return (name, direction);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static string TypeInChinese(DatastoreType type) => type switch
    {
        DatastoreType.Integer => "整數",
        DatastoreType.Number => "數值",
        DatastoreType.Boolean => "布林值（true 或 false）",
        DatastoreType.Date => "日期（yyyy-MM-dd）",
        DatastoreType.Timestamp => "時間（yyyy-MM-ddTHH:mm:ss）",
        _ => "文字",
    };

    private sealed record SearchPlan(IReadOnlyList<DatastoreField> Fields, string BaseSql, string CountSql, List<(string Name, object? Value)> Parameters)
    {
        public string SelectSql(int limit, int offset)
        {
            var page = $"LIMIT {Math.Max(0, limit)} OFFSET {Math.Max(0, offset)}";
            return BaseSql.Contains(PageMarker, StringComparison.Ordinal) ? BaseSql.Replace(PageMarker, page, StringComparison.Ordinal) : $"{BaseSql} {page}";
        }

        public SqliteCommand Command(SqliteConnection connection, string sql)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in Parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
            return command;
        }
    }
}

public enum DatastoreExportFormat
{
    Csv,
    Json,
    Xml,
}
