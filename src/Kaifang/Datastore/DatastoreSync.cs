using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Kaifang.Datastore;

/// Brings one dataset's DataStore tables in line with the catalog: a published dataset has a table
/// for each uploaded tabular resource in datastore.db, a draft has one in the drafts' file
/// (DraftDatastore), each loaded from the resource's current file; anything else has none.
/// Loading is skipped when the table was loaded from the same file (same hash), or that file failed to
/// load before (the failure and its reason are kept for the officer); a table that has no full-text
/// index yet (loaded before tables had one) gets it.
public sealed class DatastoreSync(KaifangDbContext db, DatastoreDatabase store, DatastoreLoader loader, DraftDatastore drafts, ILogger<DatastoreSync> logger)
{
    /// reload: load every table again even when it was loaded from the same file (the old one stays if that fails).
    public async Task<DatastoreSyncResult> SyncAsync(Guid datasetId, CancellationToken cancellationToken, bool reload = false)
    {
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Resources).FirstOrDefaultAsync(d => d.Id == datasetId, cancellationToken);
        List<Resource> loadable = dataset is null ? [] : [.. dataset.Resources.Where(DatastoreLoader.CanLoad).OrderBy(r => r.Position)];
        var published = await SyncStoreAsync(datasetId, dataset, store, loader, dataset is { Status: DatasetStatus.Published } ? loadable : [], reload, "", cancellationToken);
        var draft = await SyncStoreAsync(datasetId, dataset, drafts.Database, drafts.Loader, dataset is { Status: DatasetStatus.Draft } ? loadable : [], reload, " (drafts)", cancellationToken);
        return new DatastoreSyncResult(datasetId, published.Loaded, [.. published.Dropped, .. draft.Dropped], [.. published.Failed, .. draft.Failed])
        {
            DraftsLoaded = draft.Loaded,
        };
    }

    private async Task<DatastoreSyncResult> SyncStoreAsync(Guid datasetId, Dataset? dataset, DatastoreDatabase target, DatastoreLoader targetLoader, List<Resource> wanted,
        bool reload, string which, CancellationToken cancellationToken)
    {
        List<DatastoreTable> existing;
        List<DatastoreFailure> failures;
        using (var connection = target.OpenRead())
        {
            existing = DatastoreDatabase.ReadTables(connection, datasetId);
            failures = DatastoreDatabase.ReadFailures(connection, datasetId);
        }
        var stale = existing.Select(t => t.ResourceId).Concat(failures.Select(f => f.ResourceId)).Distinct()
            .Where(id => !wanted.Any(r => r.Id == id)).ToList();
        await targetLoader.DropAsync(stale, cancellationToken);

        var loaded = new List<DatastoreLoadResult>();
        var failed = new List<(Guid, string)>();
        foreach (var resource in wanted)
        {
            if (!reload && existing.FirstOrDefault(t => t.ResourceId == resource.Id && t.SourceHash == resource.FileHash) is { } current)
            {
                if (!current.FullText)
                {
                    await targetLoader.BuildFullTextAsync(resource.Id, null, cancellationToken);
                    logger.LogInformation("DataStore{Which}: built the full-text index of resource {Resource} ({Dataset})", which, resource.Id, dataset!.Name);
                }
                continue;
            }
            if (!reload && failures.Any(f => f.ResourceId == resource.Id && f.SourceHash == resource.FileHash))
            {
                continue; // this file failed before, and will again: it is tried when it changes or on reload
            }
            try
            {
                var result = await targetLoader.LoadAsync(resource, dataset!.MainFieldsDescription, cancellationToken);
                logger.LogInformation("DataStore{Which}: loaded {Rows} rows of resource {Resource} ({Dataset}) in {Ms} ms, its full-text index in {IndexMs} ms",
                    which, result.Rows, resource.Id, dataset.Name, (long)result.Elapsed.TotalMilliseconds, (long)result.FullTextElapsed.TotalMilliseconds);
                loaded.Add(result);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The parsers throw whatever their internals hit on a file that is not what its format
                // says (zip, XML, JSON, CSV errors and worse); each is this one resource's problem only.
                // The previous table, if any, stays: a bad new file must not take the old data offline.
                logger.LogWarning("DataStore{Which}: resource {Resource} of {Dataset} was not loaded: {Reason}", which, resource.Id, dataset!.Name, e.Message);
                failed.Add((resource.Id, e.Message));
                await targetLoader.RecordFailureAsync(resource, e.Message, cancellationToken);
            }
        }
        return new DatastoreSyncResult(datasetId, loaded, stale, failed);
    }

    /// Datasets whose tables are missing, loaded from another file, without their full-text index, or no
    /// longer wanted, in either file: what the worker queues at start-up, and what `kaifang datastore load` loads.
    public async Task<IReadOnlyList<Guid>> OutOfDateAsync(CancellationToken cancellationToken)
    {
        var resources = await db.Resources.AsNoTracking()
            .Where(r => (r.Dataset!.Status == DatasetStatus.Published || r.Dataset!.Status == DatasetStatus.Draft) && r.FileHash != null)
            .Select(r => new { r.Id, r.DatasetId, r.FileHash, r.Format, Published = r.Dataset!.Status == DatasetStatus.Published })
            .ToListAsync(cancellationToken);
        var outOfDate = new HashSet<Guid>();
        foreach (var (target, published) in new[] { (store, true), (drafts.Database, false) })
        {
            List<DatastoreTable> tables;
            List<DatastoreFailure> failures;
            using (var connection = target.OpenRead())
            {
                tables = DatastoreDatabase.ReadTables(connection);
                failures = DatastoreDatabase.ReadFailures(connection);
            }
            var loaded = tables.ToDictionary(t => t.ResourceId);
            var failed = failures.ToDictionary(f => f.ResourceId, f => f.SourceHash);
            var wantedIds = new HashSet<Guid>();
            foreach (var r in resources.Where(r => r.Published == published && TabularFile.CanLoad(r.Format)))
            {
                wantedIds.Add(r.Id);
                if ((!loaded.TryGetValue(r.Id, out var table) || table.SourceHash != r.FileHash || !table.FullText)
                    && !(failed.TryGetValue(r.Id, out var failedHash) && failedHash == r.FileHash))
                {
                    outOfDate.Add(r.DatasetId);
                }
            }
            foreach (var t in tables.Where(t => !wantedIds.Contains(t.ResourceId)))
            {
                outOfDate.Add(t.DatasetId);
            }
            foreach (var f in failures.Where(f => !wantedIds.Contains(f.ResourceId)))
            {
                outOfDate.Add(f.DatasetId);
            }
        }
        return [.. outOfDate];
    }
}

/// What one dataset's sync did: tables loaded into the DataStore, tables dropped and failures (in
/// either file), and tables of a draft loaded into the drafts' file.
public sealed record DatastoreSyncResult(Guid DatasetId, IReadOnlyList<DatastoreLoadResult> Loaded, IReadOnlyList<Guid> Dropped, IReadOnlyList<(Guid ResourceId, string Reason)> Failed)
{
    public IReadOnlyList<DatastoreLoadResult> DraftsLoaded { get; init; } = [];
}
