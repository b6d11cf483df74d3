using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Kaifang.Datastore;

/// Brings one dataset's DataStore tables in line with the catalog: a published dataset has a table
/// for each uploaded tabular resource, loaded from its current file; anything else has none.
/// Loading is skipped when the table was loaded from the same file (same hash).
public sealed class DatastoreSync(KaifangDbContext db, DatastoreDatabase store, DatastoreLoader loader, ILogger<DatastoreSync> logger)
{
    /// reload: load every table again even when it was loaded from the same file (the old one stays if that fails).
    public async Task<DatastoreSyncResult> SyncAsync(Guid datasetId, CancellationToken cancellationToken, bool reload = false)
    {
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Resources).FirstOrDefaultAsync(d => d.Id == datasetId, cancellationToken);
        var wanted = dataset is { Status: DatasetStatus.Published }
            ? dataset.Resources.Where(DatastoreLoader.CanLoad).OrderBy(r => r.Position).ToList()
            : [];
        List<DatastoreTable> existing;
        using (var connection = store.OpenRead())
        {
            existing = DatastoreDatabase.ReadTables(connection, datasetId);
        }
        var stale = existing.Where(t => !wanted.Any(r => r.Id == t.ResourceId)).Select(t => t.ResourceId).ToList();
        await loader.DropAsync(stale, cancellationToken);

        var loaded = new List<DatastoreLoadResult>();
        var failed = new List<(Guid, string)>();
        foreach (var resource in wanted)
        {
            if (!reload && existing.Any(t => t.ResourceId == resource.Id && t.SourceHash == resource.FileHash))
            {
                continue;
            }
            try
            {
                var result = await loader.LoadAsync(resource, dataset!.MainFieldsDescription, cancellationToken);
                logger.LogInformation("DataStore: loaded {Rows} rows of resource {Resource} ({Dataset}) in {Ms} ms",
                    result.Rows, resource.Id, dataset.Name, (long)result.Elapsed.TotalMilliseconds);
                loaded.Add(result);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The parsers throw whatever their internals hit on a file that is not what its format
                // says (zip, XML, JSON, CSV errors and worse); each is this one resource's problem only.
                // The previous table, if any, stays: a bad new file must not take the old data offline.
                logger.LogWarning("DataStore: resource {Resource} of {Dataset} was not loaded: {Reason}", resource.Id, dataset!.Name, e.Message);
                failed.Add((resource.Id, e.Message));
            }
        }
        return new DatastoreSyncResult(datasetId, loaded, stale, failed);
    }

    /// Datasets whose tables are missing, loaded from another file, or no longer wanted: what the
    /// worker queues at start-up, and what `kaifang datastore load` loads.
    public async Task<IReadOnlyList<Guid>> OutOfDateAsync(CancellationToken cancellationToken)
    {
        var resources = await db.Resources.AsNoTracking()
            .Where(r => r.Dataset!.Status == DatasetStatus.Published && r.FileHash != null)
            .Select(r => new { r.Id, r.DatasetId, r.FileHash, r.Format })
            .ToListAsync(cancellationToken);
        List<DatastoreTable> tables;
        using (var connection = store.OpenRead())
        {
            tables = DatastoreDatabase.ReadTables(connection);
        }
        var loadedHashes = tables.ToDictionary(t => t.ResourceId, t => t.SourceHash);
        var wantedIds = new HashSet<Guid>();
        var outOfDate = new HashSet<Guid>();
        foreach (var r in resources.Where(r => TabularFile.CanLoad(r.Format)))
        {
            wantedIds.Add(r.Id);
            if (!loadedHashes.TryGetValue(r.Id, out var hash) || hash != r.FileHash)
            {
                outOfDate.Add(r.DatasetId);
            }
        }
        foreach (var t in tables.Where(t => !wantedIds.Contains(t.ResourceId)))
        {
            outOfDate.Add(t.DatasetId);
        }
        return [.. outOfDate];
    }
}

/// What one dataset's sync did.
public sealed record DatastoreSyncResult(Guid DatasetId, IReadOnlyList<DatastoreLoadResult> Loaded, IReadOnlyList<Guid> Dropped, IReadOnlyList<(Guid ResourceId, string Reason)> Failed);
