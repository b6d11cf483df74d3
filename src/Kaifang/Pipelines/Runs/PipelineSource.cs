using System.Text.Json;
using Kaifang.Catalog;

namespace Kaifang.Pipelines.Runs;

/// Where a pipeline's data comes from; which settings count depends on the source kind.
public sealed record PipelineSource
{
    public static readonly IReadOnlyList<string> UrlFormats = ["csv", "tsv", "json", "xml", "xls", "xlsx", "ods"];

    /// Url and HtmlTable: the http(s) address.
    public string? Url { get; init; }

    /// Url and Upload: the file's format (csv, tsv, json, xml, xls, xlsx, ods); told from the address
    /// or file name when left out.
    public string? Format { get; init; }

    /// Upload: the file in the store (SHA-256) and its name.
    public string? FileHash { get; init; }
    public string? FileName { get; init; }

    /// HtmlTable: the table, by CSS selector (e.g. "#stats", "table.data") or else by its position
    /// among the page's tables, counting from 0.
    public string? Selector { get; init; }
    public int? TableIndex { get; init; }

    /// HtmlTable, XLS, XLSX, ODS: rows above the header to leave out (a title row), and how many rows
    /// make the header (names over two rows are joined with "_"; a merged cell names every column below it).
    /// For a web page the header is, when left out, the leading rows of &lt;th&gt; cells.
    public int? SkipRows { get; init; }
    public int? HeaderRows { get; init; }

    /// XML: the name of the elements that are rows (their child elements or attributes are the
    /// cells); by default the children of the root element.
    public string? Record { get; init; }

    /// Sql: the database connection's name and the query (one SELECT).
    public string? Connection { get; init; }
    public string? Query { get; init; }

    public static PipelineSource Parse(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new PipelineSource() : JsonSerializer.Deserialize<PipelineSource>(json, PipelineSteps.Json) ?? new PipelineSource();

    public string ToJson() => JsonSerializer.Serialize(this, PipelineSteps.Json);

    /// The format the file is read in: the setting, else the address's or file name's extension, else CSV.
    public string EffectiveFormat(string? fallbackName = null)
    {
        if (!string.IsNullOrWhiteSpace(Format))
        {
            return Format.Trim().TrimStart('.').ToLowerInvariant();
        }
        var name = FileName ?? (Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : null) ?? fallbackName ?? "";
        var ext = Path.GetExtension(name).TrimStart('.').ToLowerInvariant();
        return UrlFormats.Contains(ext) ? ext : "csv";
    }

    /// The settings' errors for the kind, each naming the field to fix.
    public ValidationErrors Validate(PipelineSourceKind kind)
    {
        var errors = new ValidationErrors();
        switch (kind)
        {
            case PipelineSourceKind.Url or PipelineSourceKind.HtmlTable:
                if (!ResourceLinks.IsHttpUrl(Url))
                {
                    errors.Add("source.url", "請填寫資料來源的 http(s) 網址。", "Enter the source's http(s) address.");
                }
                break;
            case PipelineSourceKind.Upload:
                if (string.IsNullOrWhiteSpace(FileHash))
                {
                    errors.Add("source.file", "請上傳來源檔案。", "Upload the source file.");
                }
                break;
            case PipelineSourceKind.Sql:
                if (string.IsNullOrWhiteSpace(Connection))
                {
                    errors.Add("source.connection", "請選擇資料庫連線。", "Choose a database connection.");
                }
                if (string.IsNullOrWhiteSpace(Query))
                {
                    errors.Add("source.query", "請填寫查詢（一個 SELECT 敘述）。", "Enter the query (one SELECT statement).");
                }
                else if (Query.Length > 20_000)
                {
                    errors.Add("source.query", "查詢最多 20,000 字。", "The query has at most 20,000 characters.");
                }
                break;
        }
        if (kind is PipelineSourceKind.Url or PipelineSourceKind.Upload && !string.IsNullOrWhiteSpace(Format) && !UrlFormats.Contains(Format.Trim().TrimStart('.').ToLowerInvariant()))
        {
            errors.Add("source.format", $"不支援的格式「{Format}」；可用 {string.Join("、", UrlFormats)}。", $"Format '{Format}' is not read; use one of {string.Join(", ", UrlFormats)}.");
        }
        if (TableIndex is < 0)
        {
            errors.Add("source.tableIndex", "表格序號從 0 起算，不可為負數。", "The table's position counts from 0 and cannot be negative.");
        }
        if (SkipRows is < 0 or > 100)
        {
            errors.Add("source.skipRows", "略過列數須介於 0 到 100。", "Rows to skip are between 0 and 100.");
        }
        if (HeaderRows is < 1 or > 10)
        {
            errors.Add("source.headerRows", "標題列數須介於 1 到 10。", "Header rows are between 1 and 10.");
        }
        return errors;
    }
}
