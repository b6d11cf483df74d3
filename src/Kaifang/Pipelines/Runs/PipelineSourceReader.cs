using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using ExcelDataReader;
using Kaifang.Datastore;
using Kaifang.Quality;
using Kaifang.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kaifang.Pipelines.Runs;

/// The file a source gave, ready for the cleaning steps: either as it came (CSV, TSV, JSON, whose
/// encoding the decode step finds), or a UTF-8 CSV Kaifang wrote from a web page's table, a
/// spreadsheet with its header shaped, an XML file or a query's rows.
public sealed record SourceFile(string Path, bool Normalized, string Format, long Bytes, string Description);

/// A row of a spreadsheet or web-page table as read, and whether a merged cell the file records covers it.
internal sealed record SheetRow(IReadOnlyList<string?> Cells, bool Merged);

/// Reads a pipeline's source into a file under the run's work directory. Web addresses go through the
/// link checker's address guard (<see cref="NetworkAddressPolicy"/>), with a time limit and a size cap;
/// queries run read-only, with a time limit and a row cap. Every failure is a <see cref="PipelineFailureException"/>
/// that says what happened and what to do.
public sealed class PipelineSourceReader(IHttpClientFactory http, FileStore files, DatabaseConnections connections, IOptions<PipelineOptions> options)
{
    public const string HttpClientName = "pipeline-source";

    private PipelineOptions Options => options.Value;

    public async Task<SourceFile> ReadAsync(PipelineSourceKind kind, PipelineSource source, int agencyId, string workDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        Directory.CreateDirectory(workDirectory);
        switch (kind)
        {
            case PipelineSourceKind.Url:
            {
                var format = source.EffectiveFormat();
                var (path, bytes) = await DownloadAsync(source.Url!, Path.Combine(workDirectory, "source." + format), cancellationToken);
                return await ShapeAsync(path, format, source, workDirectory, $"{source.Url} ({bytes:N0} bytes, {format})", bytes, cancellationToken);
            }
            case PipelineSourceKind.Upload:
            {
                if (source.FileHash is not { } hash || !files.Exists(hash))
                {
                    throw new PipelineFailureException(FailureCodes.SourceUnreadable, "找不到上傳的來源檔案，請重新上傳。", "The uploaded source file is not in the store; upload it again.");
                }
                var format = source.EffectiveFormat();
                var path = files.PathFor(hash);
                var bytes = new FileInfo(path).Length;
                return await ShapeAsync(path, format, source, workDirectory, $"{source.FileName} ({bytes:N0} bytes, {format})", bytes, cancellationToken);
            }
            case PipelineSourceKind.HtmlTable:
            {
                var (path, bytes) = await DownloadAsync(source.Url!, Path.Combine(workDirectory, "page.html"), cancellationToken, html: true);
                var output = Path.Combine(workDirectory, "table.csv");
                var charset = File.Exists(path + ".charset") ? await File.ReadAllTextAsync(path + ".charset", cancellationToken) : null;
                var rows = await HtmlTableAsync(path, charset, source, output, cancellationToken);
                return new SourceFile(output, true, "csv", new FileInfo(output).Length, $"{source.Url} ({bytes:N0} bytes), table {(source.Selector ?? "#" + (source.TableIndex ?? 0).ToString(CultureInfo.InvariantCulture))}, {rows:N0} rows");
            }
            case PipelineSourceKind.Sql:
            {
                var output = Path.Combine(workDirectory, "query.csv");
                var rows = await QueryAsync(source, agencyId, output, cancellationToken);
                return new SourceFile(output, true, "csv", new FileInfo(output).Length, $"query on '{source.Connection}', {rows:N0} rows");
            }
            default:
                throw new PipelineFailureException(FailureCodes.SourceUnreadable, "不認得的來源種類。", "The source kind is not known.");
        }
    }

    /// CSV, TSV and JSON go to the steps as they are; the other formats become a UTF-8 CSV here.
    private static async Task<SourceFile> ShapeAsync(string path, string format, PipelineSource source, string workDirectory, string description, long bytes, CancellationToken cancellationToken)
    {
        if (format is "csv" or "tsv" or "json")
        {
            return new SourceFile(path, false, format, bytes, description);
        }
        var output = Path.Combine(workDirectory, "shaped.csv");
        try
        {
            if (format == "xml")
            {
                await XmlToCsvAsync(path, source.Record, output, cancellationToken);
            }
            else
            {
                var raw = format == "ods"
                    ? TabularFile.OdsRows(() => File.OpenRead(path)).Select(r => new SheetRow(r.Cells, r.Merged))
                    : SpreadsheetRows(path);
                await WriteShapedAsync(raw, source.SkipRows ?? 0, source.HeaderRows ?? 1, output, cancellationToken);
            }
        }
        catch (Exception e) when (e is XmlException or InvalidDataException or ExcelDataReader.Exceptions.ExcelReaderException or DatastoreLoadException or FileRefusedException
            or IOException and not FileNotFoundException)
        {
            throw new PipelineFailureException(FailureCodes.SourceUnreadable,
                $"來源檔案無法以 {format.ToUpperInvariant()} 格式讀取（{e.Message}）。請確認來源的格式設定正確，檔案沒有損壞。",
                $"The source file could not be read as {format.ToUpperInvariant()} ({e.Message}). Check that the source's format is right and that the file is not damaged.", e);
        }
        return new SourceFile(output, true, "csv", new FileInfo(output).Length, description);
    }

    private async Task<(string Path, long Bytes)> DownloadAsync(string url, string path, CancellationToken cancellationToken, bool html = false)
    {
        var client = http.CreateClient(HttpClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Options.SourceTimeoutSeconds));
        try
        {
            using var response = await client.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var code = (int)response.StatusCode;
                throw new PipelineFailureException(FailureCodes.SourceHttpError,
                    $"來源網址回應錯誤 HTTP {code}（{response.ReasonPhrase}）：對方的伺服器沒有提供檔案。請確認網址仍然正確，或請對方機關檢查；排程執行會自動重試。",
                    $"The source address answered HTTP {code} ({response.ReasonPhrase}): its server did not give the file. Check that the address is still right, or ask its owner to look; scheduled runs retry by themselves.");
            }
            if (response.Content.Headers.ContentLength is long length && length > Options.MaxSourceBytes)
            {
                throw TooLarge();
            }
            long total = 0;
            await using (var body = await response.Content.ReadAsStreamAsync(timeout.Token))
            await using (var file = File.Create(path))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer, timeout.Token)) > 0)
                {
                    total += read;
                    if (total > Options.MaxSourceBytes)
                    {
                        throw TooLarge();
                    }
                    await file.WriteAsync(buffer.AsMemory(0, read), timeout.Token);
                }
            }
            if (html && response.Content.Headers.ContentType?.CharSet is { Length: > 0 } charset)
            {
                await File.WriteAllTextAsync(path + ".charset", charset.Trim('"'), CancellationToken.None);
            }
            return (path, total);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PipelineFailureException(FailureCodes.SourceTimeout,
                $"來源網址在 {Options.SourceTimeoutSeconds} 秒內沒有傳完檔案（{url}）。對方伺服器可能忙碌或暫時停止服務；排程執行會自動重試，仍失敗時請聯絡對方。",
                $"The source address did not send the whole file within {Options.SourceTimeoutSeconds} seconds ({url}). Its server may be busy or down; scheduled runs retry by themselves; if it keeps failing, contact its owner.");
        }
        catch (HttpRequestException e) when (Refusal(e) is { } refused)
        {
            throw new PipelineFailureException(FailureCodes.SourceRefused,
                $"基於安全，Kaifang 不連線到內部網路位址（{refused.Message}）。若這是機關內部的伺服器，請系統管理者在 Kaifang:Quality:AllowedNetworks 允許該網段。",
                $"For safety Kaifang does not connect to internal network addresses ({refused.Message}). If this is an agency's own server, a system administrator can allow its network in Kaifang:Quality:AllowedNetworks.", e);
        }
        catch (HttpRequestException e)
        {
            throw new PipelineFailureException(FailureCodes.SourceUnreachable,
                $"無法連線到來源網址 {url}（{e.Message}）。請確認網址正確、對方伺服器正常運作；排程執行會自動重試。",
                $"The source address {url} could not be reached ({e.Message}). Check the address and that its server is up; scheduled runs retry by themselves.", e);
        }
    }

    private static LinkRefusedException? Refusal(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is LinkRefusedException refused)
            {
                return refused;
            }
        }
        return null;
    }

    private PipelineFailureException TooLarge() => new(FailureCodes.SourceTooLarge,
        $"來源檔案超過 {Options.MaxSourceBytes / 1024 / 1024:N0} MB 的上限。請改用較小的檔案或分開發布，或請系統管理者調整 Kaifang:Pipelines:MaxSourceBytes。",
        $"The source file is larger than the {Options.MaxSourceBytes / 1024 / 1024:N0} MB limit. Use a smaller file or split it, or ask a system administrator to raise Kaifang:Pipelines:MaxSourceBytes.");

    private static IEnumerable<SheetRow> SpreadsheetRows(string path)
    {
        using var stream = File.OpenRead(path);
        if (ZipLimits.Check(stream) is { } refusal)
        {
            throw new FileRefusedException(refusal);
        }
        using var excel = ExcelReaderFactory.CreateReader(stream);
        var merges = new List<(int FromRow, int ToRow, int FromColumn, int ToColumn)>();
        var values = new Dictionary<(int, int), string>();
        var rowIndex = -1;
        while (excel.Read())
        {
            rowIndex++;
            if (rowIndex == 0 && excel.MergeCells is { } ranges)
            {
                merges.AddRange(ranges.Select(r => (r.FromRow, r.ToRow, r.FromColumn, r.ToColumn)));
            }
            var cells = new string?[excel.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = TabularFile.CellText(excel.GetValue(i));
            }
            // A merged cell's value names every cell it covers (a header over several columns).
            var merged = false;
            foreach (var m in merges)
            {
                if (rowIndex == m.FromRow)
                {
                    values[(m.FromRow, m.FromColumn)] = m.FromColumn < cells.Length ? cells[m.FromColumn] ?? "" : "";
                }
                if (rowIndex >= m.FromRow && rowIndex <= m.ToRow && values.TryGetValue((m.FromRow, m.FromColumn), out var value))
                {
                    merged = true;
                    if (cells.Length <= m.ToColumn)
                    {
                        Array.Resize(ref cells, m.ToColumn + 1);
                    }
                    for (var c = m.FromColumn; c <= m.ToColumn; c++)
                    {
                        if (string.IsNullOrEmpty(cells[c]))
                        {
                            cells[c] = value;
                        }
                    }
                }
            }
            yield return new SheetRow(cells, merged);
        }
    }

    /// Writes rows as CSV: rows above the header left out, the header made of headerRows rows (each
    /// column's distinct names joined with "_"), empty rows and the sheet's unused width dropped.
    internal static async Task<long> WriteShapedAsync(IEnumerable<SheetRow> rows, int skipRows, int headerRows, string output, CancellationToken cancellationToken)
    {
        using var enumerator = rows.Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c))).Skip(skipRows).GetEnumerator();
        var header = new List<SheetRow>();
        while (header.Count < headerRows && enumerator.MoveNext())
        {
            header.Add(enumerator.Current with { Cells = [.. enumerator.Current.Cells] });
        }
        if (header.Count == 0)
        {
            throw new PipelineFailureException(FailureCodes.Empty, "來源的表格是空的：找不到標題列。請確認略過列數與標題列數的設定。",
                "The source's table is empty: no header row was found. Check the rows-to-skip and header-rows settings.");
        }
        var names = HeaderNames(header);
        var width = names.Count;
        await using var writer = new StreamWriter(output, false, new UTF8Encoding(false));
        var line = new StringBuilder();
        CsvRows.Append(line, names);
        long count = 0;
        while (enumerator.MoveNext())
        {
            var cells = enumerator.Current.Cells;
            var last = cells.Count - 1;
            while (last >= width && string.IsNullOrWhiteSpace(cells[last]))
            {
                last--;
            }
            CsvRows.Append(line, Enumerable.Range(0, Math.Max(width, last + 1)).Select(i => i < cells.Count ? cells[i] ?? "" : ""));
            if (line.Length > 64 * 1024)
            {
                await writer.WriteAsync(line, cancellationToken);
                line.Clear();
            }
            count++;
        }
        await writer.WriteAsync(line, cancellationToken);
        return count;
    }

    /// Each column's name: its distinct names in the header rows joined with "_". A merged cell the file
    /// records has named every column under it already (the readers fill the places it covers). In an
    /// upper header row that records no merged cells, a blank cell takes the name on its left when the
    /// row below names that column: a name centred over several columns, or merged cells saved without
    /// their merge. A blank cell of a row with merged cells stays blank: it is not merged, and the
    /// column is named by the rows below only.
    internal static List<string> HeaderNames(IReadOnlyList<SheetRow> header)
    {
        var width = header.Max(r =>
        {
            var last = r.Cells.Count - 1;
            while (last >= 0 && string.IsNullOrWhiteSpace(r.Cells[last]))
            {
                last--;
            }
            return last + 1;
        });
        var names = new List<string>(width);
        for (var c = 0; c < width; c++)
        {
            var parts = new List<string>();
            for (var r = 0; r < header.Count; r++)
            {
                var text = Cell(header[r], c);
                if (!header[r].Merged && r < header.Count - 1 && text.Length == 0)
                {
                    // Look left for the name a merged cell left only in its first column.
                    for (var left = c - 1; left >= 0 && text.Length == 0; left--)
                    {
                        text = Cell(header[r], left);
                        if (text.Length > 0 && r + 1 < header.Count && Cell(header[r + 1], c).Length == 0)
                        {
                            text = "";
                            break;
                        }
                    }
                }
                if (text.Length > 0 && (parts.Count == 0 || parts[^1] != text))
                {
                    parts.Add(text);
                }
            }
            names.Add(string.Join("_", parts));
        }
        return names;

        static string Cell(SheetRow row, int c) => c < row.Cells.Count ? (row.Cells[c] ?? "").Trim() : "";
    }

    private static async Task XmlToCsvAsync(string path, string? record, string output, CancellationToken cancellationToken)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, Async = true };
        System.Xml.Linq.XDocument doc;
        await using (var stream = File.OpenRead(path))
        using (var reader = XmlReader.Create(stream, settings))
        {
            doc = await System.Xml.Linq.XDocument.LoadAsync(reader, System.Xml.Linq.LoadOptions.None, cancellationToken);
        }
        var records = (string.IsNullOrWhiteSpace(record)
            ? doc.Root?.Elements() ?? []
            : doc.Descendants().Where(e => e.Name.LocalName == record.Trim())).ToList();
        if (records.Count == 0)
        {
            throw new PipelineFailureException(FailureCodes.Empty,
                string.IsNullOrWhiteSpace(record) ? "XML 檔的根元素下沒有任何資料列。" : $"XML 檔中沒有名為「{record}」的元素。請確認「資料列元素」設定。",
                string.IsNullOrWhiteSpace(record) ? "The XML file's root element holds no rows." : $"The XML file has no element named '{record}'. Check the record-element setting.");
        }
        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            foreach (var name in r.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => a.Name.LocalName).Concat(r.Elements().Select(e => e.Name.LocalName)))
            {
                if (seen.Add(name))
                {
                    columns.Add(name);
                }
            }
        }
        await using var writer = new StreamWriter(output, false, new UTF8Encoding(false));
        var line = new StringBuilder();
        CsvRows.Append(line, columns);
        foreach (var r in records)
        {
            CsvRows.Append(line, columns.Select(c => r.Attributes().FirstOrDefault(a => a.Name.LocalName == c)?.Value
                ?? r.Elements().FirstOrDefault(e => e.Name.LocalName == c)?.Value ?? ""));
        }
        await writer.WriteAsync(line, cancellationToken);
    }

    private static async Task<long> HtmlTableAsync(string path, string? charset, PipelineSource source, string output, CancellationToken cancellationToken)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var parser = new HtmlParser();
        IHtmlDocument document;
        Encoding? declared = null;
        try
        {
            declared = charset is null ? null : Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            // An unknown charset in the header: the page's own meta tag decides.
        }
        if (declared is not null)
        {
            document = parser.ParseDocument(await File.ReadAllTextAsync(path, declared, cancellationToken));
        }
        else
        {
            await using var stream = File.OpenRead(path);
            document = await parser.ParseDocumentAsync(stream, cancellationToken);
        }
        IElement? table;
        try
        {
            table = !string.IsNullOrWhiteSpace(source.Selector)
                ? document.QuerySelector(source.Selector)
                : document.QuerySelectorAll("table").ElementAtOrDefault(source.TableIndex ?? 0);
        }
        catch (DomException)
        {
            throw new PipelineFailureException(FailureCodes.TableNotFound, $"「{source.Selector}」不是有效的 CSS 選擇器（例如 #stats、table.data）。",
                $"'{source.Selector}' is not a valid CSS selector (e.g. #stats, table.data).");
        }
        if (table is not null && table is not IHtmlTableElement)
        {
            table = table.QuerySelector("table");
        }
        if (table is not IHtmlTableElement html)
        {
            var count = document.QuerySelectorAll("table").Length;
            throw new PipelineFailureException(FailureCodes.TableNotFound,
                $"網頁上找不到指定的表格（{source.Selector ?? "第 " + (source.TableIndex ?? 0) + " 個"}）；這個網頁有 {count} 個表格（序號從 0 起算）。網頁改版時常會如此，請更新選擇器或序號。",
                $"The page has no such table ({source.Selector ?? "position " + (source.TableIndex ?? 0)}); it has {count} table(s), counted from 0. Pages that were redesigned often do this; update the selector or position.");
        }
        // colspan and rowspan are filled in on the grid: nothing is left for the header to guess.
        var grid = Grid(html).Select(r => new SheetRow(r, Merged: true));
        var headerRows = source.HeaderRows ?? Math.Max(1, html.Rows.TakeWhile(r => r.Cells.Length > 0 && r.Cells.All(c => c is IHtmlTableHeaderCellElement)).Count());
        return await WriteShapedAsync(grid, source.SkipRows ?? 0, headerRows, output, cancellationToken);
    }

    /// The table's cells on a grid: a cell spanning columns or rows fills each place it covers.
    internal static List<IReadOnlyList<string?>> Grid(IHtmlTableElement table)
    {
        var rows = new List<List<string?>>();
        var pending = new Dictionary<int, (string Text, int RowsLeft)>();
        foreach (var tr in table.Rows)
        {
            var row = new List<string?>();
            var column = 0;
            void FillPending()
            {
                while (pending.TryGetValue(column, out var p))
                {
                    row.Add(p.Text);
                    pending[column] = (p.Text, p.RowsLeft - 1);
                    if (p.RowsLeft - 1 == 0)
                    {
                        pending.Remove(column);
                    }
                    column++;
                }
            }
            foreach (var cell in tr.Cells)
            {
                FillPending();
                var text = Normalize(cell.TextContent);
                var colspan = Math.Clamp(cell.ColumnSpan, 1, 1000);
                var rowspan = Math.Clamp(cell.RowSpan, 1, 10000);
                for (var i = 0; i < colspan; i++)
                {
                    row.Add(text);
                    if (rowspan > 1)
                    {
                        pending[column] = (text, rowspan - 1);
                    }
                    column++;
                }
            }
            FillPending();
            rows.Add(row);
        }
        return [.. rows];
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private async Task<long> QueryAsync(PipelineSource source, int agencyId, string output, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(source.Connection!, agencyId, cancellationToken);
        await using var db = connection.Connection;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Options.QueryTimeoutSeconds));
        try
        {
            await db.OpenAsync(timeout.Token);
            await using var transaction = await db.BeginTransactionAsync(timeout.Token);
            if (db is NpgsqlConnection)
            {
                await using var readOnly = db.CreateCommand();
                readOnly.Transaction = transaction;
                readOnly.CommandText = $"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {Options.QueryTimeoutSeconds * 1000}";
                await readOnly.ExecuteNonQueryAsync(timeout.Token);
            }
            else
            {
                await using var readOnly = db.CreateCommand();
                readOnly.Transaction = transaction;
                readOnly.CommandText = "PRAGMA query_only = 1";
                await readOnly.ExecuteNonQueryAsync(timeout.Token);
            }
            await using var command = db.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = source.Query;
            // The linked token and statement_timeout enforce the limit; the driver's own timeout
            // only backs them up, so it must not win the race and be reported as a plain failure.
            command.CommandTimeout = Options.QueryTimeoutSeconds + 30;
            long count = 0;
            await using (var reader = await command.ExecuteReaderAsync(timeout.Token))
            await using (var writer = new StreamWriter(output, false, new UTF8Encoding(false)))
            {
                var line = new StringBuilder();
                CsvRows.Append(line, Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
                var values = new object[reader.FieldCount];
                while (await reader.ReadAsync(timeout.Token))
                {
                    if (++count > Options.MaxQueryRows)
                    {
                        throw new PipelineFailureException(FailureCodes.TooManyRows,
                            $"查詢傳回超過 {Options.MaxQueryRows:N0} 列的上限。請在查詢中加上條件縮小範圍，或請系統管理者調整 Kaifang:Pipelines:MaxQueryRows。",
                            $"The query returned more than the {Options.MaxQueryRows:N0}-row limit. Narrow it with a condition, or ask a system administrator to raise Kaifang:Pipelines:MaxQueryRows.");
                    }
                    reader.GetValues(values);
                    CsvRows.Append(line, values.Select(Text));
                    if (line.Length > 64 * 1024)
                    {
                        await writer.WriteAsync(line, cancellationToken);
                        line.Clear();
                    }
                }
                await writer.WriteAsync(line, cancellationToken);
            }
            // Nothing was changed; the transaction only kept the query read-only.
            await transaction.RollbackAsync(CancellationToken.None);
            return count;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw QueryTimedOut();
        }
        catch (DbException e) when (TimedOut(e, timeout, cancellationToken))
        {
            throw QueryTimedOut();
        }
        catch (DbException e)
        {
            var readOnly = e is PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } || e.Message.Contains("readonly", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("query_only", StringComparison.OrdinalIgnoreCase);
            throw new PipelineFailureException(FailureCodes.QueryFailed,
                readOnly
                    ? "查詢試圖修改資料庫；自動更新只能讀取資料（SELECT）。請改寫查詢。"
                    : $"資料庫查詢失敗：{e.Message}。請確認查詢的資料表與欄位名稱仍然存在，連線的帳號有讀取權限，資料庫正常運作。",
                readOnly
                    ? "The query tried to change the database; pipelines only read (SELECT). Rewrite the query."
                    : $"The database query failed: {e.Message}. Check that the query's tables and columns still exist, that the connection's account may read them and that the database is up.", e);
        }
    }

    /// Whether a driver error is the time limit at work: the server cancelled the statement, the
    /// driver timed out, or our own timer fired (the driver then reports the cancelled read in its own words).
    private static bool TimedOut(DbException e, CancellationTokenSource timeout, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && (e is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled }
            || e.InnerException is TimeoutException or OperationCanceledException
            || timeout.IsCancellationRequested);

    private PipelineFailureException QueryTimedOut() => new(FailureCodes.QueryTimeout,
        $"資料庫查詢超過 {Options.QueryTimeoutSeconds} 秒的時限而被停止。請簡化查詢或加上索引，或請系統管理者調整 Kaifang:Pipelines:QueryTimeoutSeconds。",
        $"The database query was stopped after the {Options.QueryTimeoutSeconds}-second limit. Simplify it or add an index, or ask a system administrator to raise Kaifang:Pipelines:QueryTimeoutSeconds.");

    private static string Text(object value) => value switch
    {
        DBNull => "",
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
