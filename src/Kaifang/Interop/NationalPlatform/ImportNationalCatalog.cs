using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using System.Text;
using Kaifang.Agencies;
using Kaifang.Auditing;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Sylvan.Data.Csv;

namespace Kaifang.Interop.NationalPlatform;

/// Imports data.gov.tw's "export all datasets" CSV (or the same list as JSON) into the catalog: new identifiers are created,
/// known ones updated; rows that cannot be read are reported and skipped, never the whole file.
/// The search index is not touched here: the caller rebuilds it once the import is done.
public sealed class ImportNationalCatalog(KaifangDbContext db, AgencyDirectory agencyDirectory, TimeProvider time, NodeIdentity node)
{
    /// Rows per transaction. Large enough that SQLite's per-transaction cost vanishes, small enough
    /// that the change tracker (cleared after each batch) stays cheap.
    public const int BatchSize = 2_000;

    public const string ImportUser = "system";

    public async Task<NationalImportResult> ImportAsync(Stream csv, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        // UTF-8 with BOM is what the platform writes; the BOM is also honoured when it says otherwise.
        using var text = new StreamReader(csv, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        await using var reader = await CsvDataReader.CreateAsync(text, new CsvDataReaderOptions
        {
            HasHeaders = true,
            // One description may run to many kilobytes; a record has to fit in the buffer.
            MaxBufferSize = 16 * 1024 * 1024,
        }, cancellationToken);

        var headers = Enumerable.Range(0, reader.FieldCount).Select(i => NationalColumns.Canonical(reader.GetName(i))).ToList();
        NationalListRows.RequireColumns(headers);
        return await ImportRowsAsync(NationalListRows.FromCsvAsync(reader, headers, cancellationToken), csv, progress, cancellationToken);
    }

    /// Imports the JSON forms of the same list: an array of objects keyed by the column names, or one
    /// such object (a single dataset's metadata). Keys a row lacks are empty cells.
    public async Task<NationalImportResult> ImportJsonAsync(Stream json, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(json, default, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The file is not JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            var objects = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray().ToList(),
                JsonValueKind.Object => [root],
                _ => throw new InvalidDataException("The JSON is neither a list of datasets nor one dataset."),
            };
            if (objects.Count > 0 && objects.All(o => o.ValueKind == JsonValueKind.Object)
                && !objects.Any(o => o.EnumerateObject().Any(p => NationalColumns.Canonical(p.Name) == NationalColumns.Identifier)))
            {
                throw new InvalidDataException($"No dataset has a {NationalColumns.Identifier}; is it the national platform's list?");
            }
            return await ImportRowsAsync(NationalListRows.FromJson(objects).ToAsyncEnumerable(), json, progress, cancellationToken);
        }
    }

    private async Task<NationalImportResult> ImportRowsAsync(IAsyncEnumerable<NationalListRow> rows, Stream source, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long? totalBytes = source.CanSeek ? source.Length : null;

        // Speed: SaveChanges per batch with change tracking cleared was measured at over a minute for
        // 100,000 rows with 300,000 resources on two shared cores, most of it EF's per-entity work.
        // So new rows go through prepared INSERTs built from the EF model (PreparedInsert), or COPY on
        // PostgreSQL (CopyInsert), one transaction per batch; updates stay with EF, detection off and one DetectChanges per batch.
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var state = new ImportState(
                await db.Datasets.AsNoTracking().Select(d => new { d.Identifier, d.Id }).ToDictionaryAsync(d => d.Identifier, d => d.Id, StringComparer.Ordinal, cancellationToken),
                await AgencyIndex.LoadAsync(db, cancellationToken));
            var batch = new List<(int Row, NationalRecord Record)>(BatchSize);
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                state.RowsRead++;
                if (row.Record is null)
                {
                    state.Bad.Add(new BadRow(row.Number, row.Error!));
                    continue;
                }
                batch.Add((row.Number, row.Record));
                if (batch.Count == BatchSize)
                {
                    await SaveOrExplainAsync(batch, state, cancellationToken);
                    batch.Clear();
                    progress?.Report(state.Progress(source.CanSeek ? source.Position : null, totalBytes));
                }
            }
            if (batch.Count > 0)
            {
                await SaveOrExplainAsync(batch, state, cancellationToken);
            }
            progress?.Report(state.Progress(totalBytes, totalBytes));
            if (state.Agencies.Created > 0)
            {
                agencyDirectory.Invalidate();
            }
            return new NationalImportResult(state.RowsRead, state.Created, state.Updated, state.Resources, state.Agencies.Created, state.Bad, clock.Elapsed);
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }


    /// Saves a batch, or says which rows the database refused and why (a resource identifier another dataset already
    /// has, say): the batch's transaction leaves nothing of them saved, and the batches before stay.
    private async Task SaveOrExplainAsync(List<(int Row, NationalRecord Record)> batch, ImportState state, CancellationToken cancellationToken)
    {
        var savedBefore = state.Created + state.Updated;
        try
        {
            await SaveBatchAsync(batch, state, cancellationToken);
        }
        catch (Exception e) when (e is DbException or DbUpdateException)
        {
            var reason = (e as DbUpdateException)?.InnerException ?? e;
            throw new InvalidDataException(
                $"The database refused rows {batch[0].Row:N0}–{batch[^1].Row:N0} (the header is row 1): {Reason(reason)} "
                + $"Nothing of these rows was saved; the {savedBefore:N0} datasets of the rows before them were. "
                + "Correct the file and import it again: datasets already imported are updated, not duplicated.", e);
        }
    }

    private static string Reason(Exception e) => e switch
    {
        PostgresException pg => pg.Detail is { Length: > 0 } detail ? $"{pg.MessageText} ({detail})." : pg.MessageText + ".",
        _ => e.Message,
    };

    private async Task SaveBatchAsync(List<(int Row, NationalRecord Record)> batch, ImportState state, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // One transaction per batch: a failure loses at most this batch, and SQLite commits once per 2,000 rows.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Agencies first, saved on their own, so the datasets below can refer to them by id.
        foreach (var (_, record) in batch)
        {
            state.Agencies.Resolve(record, db);
        }
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        // Datasets already in the database go through EF (few, and they need their resources merged);
        // new ones, nearly all rows of a first import, are written with prepared INSERTs below.
        var existingIds = batch.Where(b => state.Existing.ContainsKey(b.Record.Identifier)).Select(b => state.Existing[b.Record.Identifier]).Distinct().ToList();
        var tracked = existingIds.Count == 0
            ? new Dictionary<string, Dataset>(StringComparer.Ordinal)
            : await db.Datasets.Include(d => d.Resources).Where(d => existingIds.Contains(d.Id)).ToDictionaryAsync(d => d.Identifier, StringComparer.Ordinal, cancellationToken);
        var created = new Dictionary<string, Dataset>(StringComparer.Ordinal);
        var audit = new List<AuditEntry>(batch.Count);
        foreach (var (_, record) in batch)
        {
            var agencyId = state.Agencies.Resolve(record, db).Id;
            if (tracked.TryGetValue(record.Identifier, out var dataset))
            {
                Apply(record, dataset, agencyId, now);
                ApplyResources(record, dataset, isTracked: true, now);
                state.Updated++;
            }
            else if (created.TryGetValue(record.Identifier, out dataset))
            {
                Apply(record, dataset, agencyId, now);
                ApplyResources(record, dataset, isTracked: false, now);
                state.Updated++;
            }
            else
            {
                dataset = new Dataset
                {
                    Id = Guid.CreateVersion7(now),
                    Identifier = record.Identifier,
                    Name = record.Identifier.ToLowerInvariant(),
                    Title = record.Title,
                    Status = DatasetStatus.Published,
                    CreatedAt = now,
                };
                Apply(record, dataset, agencyId, now);
                ApplyResources(record, dataset, isTracked: false, now);
                created[record.Identifier] = dataset;
                state.Existing[record.Identifier] = dataset.Id;
                state.Created++;
            }
            state.Resources += record.Resources.Count;
            audit.Add(DatasetAudit.Entry(ImportUser, null, now, nameof(Dataset), dataset.Id, dataset.Id, AuditAction.Imported, []));
        }
        if (created.Count > 0)
        {
            // The new rows bypass EF Core (and so the change recorder): other nodes are told to rebuild.
            db.CatalogChanges.Add(new CatalogChange { DatasetId = null, Node = node.Id, ChangedAt = now });
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);

        var dbTransaction = transaction.GetDbTransaction();
        // Datasets first, all sent, then their resources: a resource needs its dataset.
        InsertNew(typeof(Dataset), created.Values, dbTransaction);
        InsertNew(typeof(Resource), created.Values.SelectMany(d => d.Resources), dbTransaction);
        InsertNew(typeof(AuditEntry), audit, dbTransaction);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// Writes new rows in the batch's transaction: with COPY on PostgreSQL, with a prepared INSERT elsewhere.
    private void InsertNew(Type entityType, IEnumerable<object> rows, DbTransaction transaction)
    {
        if (transaction.Connection is NpgsqlConnection connection)
        {
            using var copy = new CopyInsert(db, entityType, connection);
            foreach (var row in rows)
            {
                copy.Insert(row);
            }
            copy.Complete();
            return;
        }
        using var insert = new PreparedInsert(db, entityType, transaction);
        foreach (var row in rows)
        {
            insert.Insert(row);
        }
    }

    private static void Apply(NationalRecord record, Dataset dataset, int agencyId, DateTimeOffset now)
    {
        dataset.Title = record.Title;
        dataset.AgencyId = agencyId;
        dataset.ProvisionType = record.ProvisionType;
        dataset.ServiceCategory = record.ServiceCategory;
        dataset.QualityMark = record.QualityMark;
        dataset.ListingMethod = record.ListingMethod;
        dataset.Description = record.Description;
        dataset.MainFieldsDescription = record.MainFields;
        dataset.UpdateFrequency = record.UpdateFrequency;
        dataset.License = record.License;
        dataset.RelatedUrl = record.RelatedUrl;
        dataset.Fee = record.Fee;
        dataset.FeeBasis = record.FeeBasis;
        dataset.ContactName = record.ContactName;
        dataset.ContactPhone = record.ContactPhone;
        dataset.Notes = record.Notes;
        dataset.DataVolume = record.DataVolume;
        dataset.FirstPublishedAt = record.FirstPublishedAt ?? dataset.FirstPublishedAt;
        dataset.MetadataModifiedAt = record.MetadataModifiedAt ?? now;
        // Columns from a newer export format are merged in, so a later file never erases what an earlier one carried.
        foreach (var (key, value) in record.Extra)
        {
            dataset.ExtraFields[key] = value;
        }
        if (dataset.Status == DatasetStatus.Draft)
        {
            dataset.Status = DatasetStatus.Published;
        }
    }

    /// The national platform is the source of truth for an imported dataset's links: resources are
    /// matched by identifier (dataset identifier + -001, -002 …), updated in place, added or removed.
    private void ApplyResources(NationalRecord record, Dataset dataset, bool isTracked, DateTimeOffset now)
    {
        var byIdentifier = dataset.Resources.ToDictionary(r => r.Identifier, StringComparer.Ordinal);
        foreach (var source in record.Resources)
        {
            if (!byIdentifier.Remove(source.Identifier, out var resource))
            {
                resource = new Resource
                {
                    Id = Guid.CreateVersion7(now),
                    DatasetId = dataset.Id,
                    Identifier = source.Identifier,
                    Name = $"{record.Title}（{source.Format}）",
                    Format = source.Format,
                    CreatedAt = now,
                };
                dataset.Resources.Add(resource);
                if (isTracked)
                {
                    // Added explicitly: with a key already set, DetectChanges would take it for an existing row.
                    db.Resources.Add(resource);
                }
            }
            // Unchanged links keep their modification time, and cost no UPDATE on a re-import.
            if (resource.Position != source.Position || resource.Format != source.Format || resource.Url != source.Url
                || resource.Encoding != source.Encoding || resource.ModifiedAt == default)
            {
                resource.Position = source.Position;
                resource.Format = source.Format;
                resource.Url = source.Url;
                resource.Encoding = source.Encoding;
                resource.ModifiedAt = now;
            }
        }
        foreach (var gone in byIdentifier.Values)
        {
            dataset.Resources.Remove(gone);
            if (isTracked)
            {
                db.Resources.Remove(gone);
            }
        }
    }

    private sealed class ImportState(Dictionary<string, Guid> existing, AgencyIndex agencies)
    {
        public Dictionary<string, Guid> Existing { get; } = existing;
        public AgencyIndex Agencies { get; } = agencies;
        public List<BadRow> Bad { get; } = [];
        public int RowsRead { get; set; }
        public int Created { get; set; }
        public int Updated { get; set; }
        public int Resources { get; set; }

        public ImportProgress Progress(long? bytesRead, long? totalBytes) => new(RowsRead, Created, Updated, Bad.Count, bytesRead, totalBytes);
    }
}
