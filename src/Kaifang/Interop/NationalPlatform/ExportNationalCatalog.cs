using System.Text;
using System.Text.Json;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Interop.NationalPlatform;

/// Writes the published catalog as the national platform's dataset list — CSV as its "export all
/// datasets" file (UTF-8 with BOM, CRLF) or a JSON array of objects keyed by the same Chinese
/// column names — and one dataset as the JSON object an agency submits for it. Rows are in
/// identifier order, so the same catalog always gives the same bytes.
public sealed class ExportNationalCatalog(KaifangDbContext db)
{
    /// Datasets read per query: the whole catalog never sits in memory at once.
    private const int BatchSize = 1_000;

    public async Task WriteCsvAsync(Stream output, string baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
        var text = new StringBuilder();
        NationalExport.AppendCsvRow(text, NationalColumns.AsExported);
        await foreach (var batch in BatchesAsync(cancellationToken))
        {
            foreach (var dataset in batch)
            {
                // The list opens in spreadsheets: text a spreadsheet would run as a formula is neutralised
                // (the import takes the apostrophe off again). The JSON list carries values as they are.
                NationalExport.AppendCsvRow(text, NationalExport.Row(dataset, baseUrl).Select(SpreadsheetTables.NeutraliseText));
            }
            await output.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
            text.Clear();
        }
        await output.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
    }

    public async Task WriteJsonAsync(Stream output, string baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var writer = new Utf8JsonWriter(output, NationalExport.JsonOptions);
        writer.WriteStartArray();
        await foreach (var batch in BatchesAsync(cancellationToken))
        {
            foreach (var dataset in batch)
            {
                NationalExport.WriteJsonObject(writer, NationalExport.Row(dataset, baseUrl));
            }
            await writer.FlushAsync(cancellationToken);
        }
        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);
        await output.WriteAsync("\n"u8.ToArray(), cancellationToken);
    }

    /// One published dataset's metadata as a JSON object, or false when there is no such dataset.
    public async Task<bool> WriteDatasetJsonAsync(Stream output, string name, string baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(name);
        var key = name.ToLowerInvariant();
        var dataset = await Published().SingleOrDefaultAsync(d => d.Name == key, cancellationToken);
        if (dataset is null)
        {
            return false;
        }
        await using var writer = new Utf8JsonWriter(output, NationalExport.JsonOptions);
        NationalExport.WriteJsonObject(writer, NationalExport.Row(dataset, baseUrl));
        await writer.FlushAsync(cancellationToken);
        await output.WriteAsync("\n"u8.ToArray(), cancellationToken);
        return true;
    }

    private IQueryable<Dataset> Published() => db.Datasets.AsNoTracking()
        .Include(d => d.Agency)
        .Include(d => d.Resources)
        .AsSplitQuery()
        .Where(d => d.Status == DatasetStatus.Published);

    /// Keyset paging by identifier: each batch starts after the last identifier of the one before.
    private async IAsyncEnumerable<List<Dataset>> BatchesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var query = Published();
            if (after is not null)
            {
                // EF turns this into SQL's > on the column, compared as the database orders it.
#pragma warning disable CA1309
                query = query.Where(d => string.Compare(d.Identifier, after) > 0);
#pragma warning restore CA1309
            }
            var batch = await query.OrderBy(d => d.Identifier).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }
            yield return batch;
            after = batch[^1].Identifier;
        }
    }
}
