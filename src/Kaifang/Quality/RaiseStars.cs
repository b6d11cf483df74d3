using System.Globalization;
using System.Text;
using Kaifang.Accounts;
using Kaifang.Catalog;
using Kaifang.Datastore;
using Kaifang.Interop.Dcat;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Quality;

/// Raising a dataset's stars in one action (ACTION-PLAN S18): a CSV copy (3★) of an XLS/XLSX resource,
/// and an RDF rendering (4★) of a tabular resource — Turtle in the CSVW manner, each row a resource with
/// its own URI, each column a property. Both are remade whenever their source's file is replaced, so
/// they stay in step with it.
public sealed class RaiseStars(KaifangDbContext db, FileStore files, AddResource add, IOptions<KaifangOptions> options, TimeProvider time)
{
    public const string Csv = "csv";
    public const string Rdf = "rdf";

    private static readonly HashSet<string> Spreadsheets = new(StringComparer.OrdinalIgnoreCase) { "XLS", "XLSX" };

    /// Adds the derived resource (derivation: csv or rdf) made from the dataset's resource.
    public async Task<CatalogResult<Resource>> AddAsync(StaffScope who, string datasetName, Guid sourceId, string derivation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        // Who may add resources to the dataset may raise its stars; checked before any work is done.
        var access = await DatasetAccess.LoadAsync(db, who, datasetName, StaffAction.EditDataset, sourceId, cancellationToken);
        if (access is not { Resource: { } source })
        {
            return access.Denied<Resource>();
        }
        if (derivation is not (Csv or Rdf))
        {
            return CatalogResult<Resource>.Invalid("derivation", "請選擇 csv（由試算表轉出 CSV）或 rdf（轉為 RDF）。", "Choose csv (a CSV copy of a spreadsheet) or rdf (an RDF rendering).");
        }
        if (!source.IsUpload)
        {
            return CatalogResult<Resource>.Invalid("resource", "只能由上傳的檔案轉出；連結的資源請先下載後上傳，或設定自動更新。",
                "Only an uploaded file can be converted; a linked resource must be uploaded (or fetched by a pipeline) first.");
        }
        if (derivation == Csv && !Spreadsheets.Contains(source.Format))
        {
            return CatalogResult<Resource>.Invalid("resource", $"CSV 只能由 XLS 或 XLSX 轉出；「{source.Name}」是 {source.Format}。", $"A CSV copy is made from XLS or XLSX; “{source.Name}” is {source.Format}.");
        }
        if (derivation == Rdf && !TabularFile.CanLoad(source.Format))
        {
            return CatalogResult<Resource>.Invalid("resource", $"RDF 只能由表格資料（CSV、TSV、JSON、XLSX、XLS、ODS）轉出；「{source.Name}」是 {source.Format}。",
                $"An RDF rendering is made from a table (CSV, TSV, JSON, XLSX, XLS, ODS); “{source.Name}” is {source.Format}.");
        }
        if (await db.Resources.AnyAsync(r => r.DerivedFromId == source.Id && r.Derivation == derivation, cancellationToken))
        {
            return CatalogResult<Resource>.Conflict("derivation", "這個資源已有此轉出檔，會隨來源更新。", "This resource has that copy already; it follows its source.");
        }
        var content = await RenderAsync(source, access.Dataset!, derivation, cancellationToken);
        if (content.Error is { } error)
        {
            return CatalogResult<Resource>.Invalid(error);
        }
        var baseName = Path.GetFileNameWithoutExtension(source.FileName ?? source.Name);
        var input = derivation == Csv
            ? new ResourceInput { Name = $"{source.Name}（CSV）", Description = $"由「{source.Name}」自動轉出，隨其更新。", Format = "CSV", Encoding = "UTF-8" }
            : new ResourceInput { Name = $"{source.Name}（RDF）", Description = $"由「{source.Name}」自動轉為 RDF（Turtle），每列一個資源，隨其更新。", Format = "TTL", Encoding = "UTF-8" };
        using var stream = new MemoryStream(content.Bytes!);
        var result = await add.ExecuteAsync(who, datasetName, input,
            new UploadedFile(derivation == Csv ? $"{baseName}.csv" : $"{baseName}.ttl", derivation == Csv ? "text/csv" : "text/turtle", stream), cancellationToken);
        if (result.Value is { } added)
        {
            var tracked = await db.Resources.FirstAsync(r => r.Id == added.Id, cancellationToken);
            tracked.DerivedFromId = source.Id;
            tracked.Derivation = derivation;
            await db.SaveChangesAsync(cancellationToken);
        }
        return result;
    }

    /// Remakes the resources derived from <paramref name="sourceId"/> after its file changed. Returns how many.
    public async Task<int> RefreshAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        var derived = await db.Resources.Where(r => r.DerivedFromId == sourceId).ToListAsync(cancellationToken);
        if (derived.Count == 0)
        {
            return 0;
        }
        var source = await db.Resources.AsNoTracking().Include(r => r.Dataset).FirstAsync(r => r.Id == sourceId, cancellationToken);
        var now = time.GetUtcNow();
        var refreshed = 0;
        foreach (var resource in derived)
        {
            var content = await RenderAsync(source, source.Dataset!, resource.Derivation ?? Csv, cancellationToken);
            if (content.Bytes is null)
            {
                continue;
            }
            using var stream = new MemoryStream(content.Bytes);
            var stored = await files.SaveAsync(stream, options.Value.MaxUploadBytes, cancellationToken);
            resource.FileHash = stored.Hash;
            resource.Size = stored.Length;
            resource.ModifiedAt = now;
            refreshed++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return refreshed;
    }

    private sealed record Rendered(byte[]? Bytes, ValidationErrors? Error);

    private async Task<Rendered> RenderAsync(Resource source, Dataset dataset, string derivation, CancellationToken cancellationToken)
    {
        try
        {
            // A file that turns out damaged while its rows are read fails here too, not halfway through a write.
            using var table = await TabularFile.OpenAsync(() => files.OpenRead(source.FileHash!), source.Format, source.Encoding, cancellationToken);
            return new(derivation == Csv ? WriteCsv(table, cancellationToken) : WriteTurtle(table, source, dataset, cancellationToken), null);
        }
        catch (DatastoreLoadException e)
        {
            var errors = new ValidationErrors();
            errors.Add("resource", $"無法讀取「{source.Name}」的表格：{e.Message}", $"The table of “{source.Name}” cannot be read: {e.Message}");
            return new(null, errors);
        }
    }

    private static byte[] WriteCsv(TabularFile table, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        CsvRows.Append(text, table.Columns);
        foreach (var row in table.Rows(cancellationToken))
        {
            // Cells a spreadsheet would run as formulas are neutralised (OWASP): the copy is opened in spreadsheets.
            CsvRows.Append(text, row.Select(v => SpreadsheetTables.NeutraliseText(v ?? "")));
        }
        // UTF-8 with a byte order mark: what the national platform writes, and what spreadsheet programs need to read Chinese.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private byte[] WriteTurtle(TabularFile table, Resource source, Dataset dataset, CancellationToken cancellationToken)
    {
        var baseUrl = (options.Value.PublicBaseUrl ?? "http://localhost:5000").TrimEnd('/');
        var tableIri = $"{baseUrl}/dataset/{dataset.Name}/resource/{source.Id}";
        var text = new StringBuilder();
        text.Append("@prefix csvw: <http://www.w3.org/ns/csvw#> .\n@prefix dct: <http://purl.org/dc/terms/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n");
        text.Append(CultureInfo.InvariantCulture, $"@prefix col: <{TurtleWriter.EscapeIri(tableIri)}/column/> .\n\n");
        text.Append(CultureInfo.InvariantCulture, $"<{TurtleWriter.EscapeIri(tableIri)}> a csvw:Table ;\n    dct:title {TurtleWriter.Quote(source.Name)} ;\n");
        text.Append(CultureInfo.InvariantCulture, $"    dct:source <{TurtleWriter.EscapeIri($"{baseUrl}/datasets/{dataset.Name}/resources/{source.Id}/download")}> ;\n");
        text.Append(CultureInfo.InvariantCulture, $"    dct:isPartOf <{TurtleWriter.EscapeIri($"{baseUrl}/dataset/{dataset.Name}")}> .\n");
        var properties = table.Columns.Select(c => "<" + TurtleWriter.EscapeIri($"{tableIri}/column/{Uri.EscapeDataString(c.Trim())}") + ">").ToList();
        for (var i = 0; i < table.Columns.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{properties[i]} csvw:name {TurtleWriter.Quote(table.Columns[i])} .\n");
        }
        var number = 0;
        foreach (var row in table.Rows(cancellationToken))
        {
            number++;
            text.Append(CultureInfo.InvariantCulture, $"\n<{TurtleWriter.EscapeIri($"{tableIri}/row/{number}")}> csvw:rownum {number} ;\n    dct:isPartOf <{TurtleWriter.EscapeIri(tableIri)}>");
            for (var i = 0; i < Math.Min(row.Length, properties.Count); i++)
            {
                if (string.IsNullOrWhiteSpace(row[i]))
                {
                    continue;
                }
                text.Append(" ;\n    ").Append(properties[i]).Append(' ').Append(Literal(row[i]!.Trim()));
            }
            text.Append(" .\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// Whole numbers and decimals as typed literals (xsd:integer, xsd:decimal); everything else as text.
    private static string Literal(string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) && !(value.Length > 1 && value[0] == '0')
            ? value
            : decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _) && value.Contains('.', StringComparison.Ordinal) && value[0] != '.'
                ? $"\"{value}\"^^xsd:decimal"
                : TurtleWriter.Quote(value);
}
