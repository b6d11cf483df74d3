using System.Runtime.CompilerServices;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Search;

/// Keeps the search index in step with the database: one dataset after it changes, or all of them.
public sealed class CatalogIndexer(KaifangDbContext db, CatalogIndex index, OwnIndexedChanges ownIndexed)
{
    /// Datasets read per database round trip during a rebuild.
    public const int BatchSize = 2000;

    // A dataset is read and indexed by one caller at a time (a request, the change follower, a harvest): each reads it
    // after its own write committed, so the last one to index it read it after every write before it. Without this,
    // a read of an older state could reach the index after a newer one.
    private static readonly SemaphoreSlim[] Stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    /// Re-indexes one dataset after a write to it has committed, or removes it from the index when it no longer exists.
    /// Not cancellable: a committed write left unindexed because the request that made it was aborted (its client gone,
    /// a timeout) would be missing from this node's search until the change follower came to it.
    public async Task IndexDatasetAsync(Guid id)
    {
        var stripe = Stripe(id);
        await stripe.WaitAsync(CancellationToken.None);
        var generation = index.Generation;
        try
        {
            var dataset = await db.Datasets.AsNoTracking()
                .Include(d => d.Agency)
                .Include(d => d.Resources)
                .SingleOrDefaultAsync(d => d.Id == id, CancellationToken.None);
            if (dataset?.Agency is null)
            {
                await index.DeleteAsync(id);
            }
            else
            {
                await index.UpsertAsync([DatasetDocument.From(dataset, dataset.Agency)]);
            }
        }
        finally
        {
            stripe.Release();
        }
        MarkIndexed([id], generation);
    }

    /// Re-indexes these datasets at once (a harvest's batch, other nodes' writes), removing those that no longer exist.
    public async Task IndexDatasetsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return;
        }
        // In one order, so that two batches never wait for each other.
        var stripes = ids.Select(Stripe).Distinct().OrderBy(s => Array.IndexOf(Stripes, s)).ToList();
        var held = 0;
        long generation;
        try
        {
            foreach (var stripe in stripes)
            {
                await stripe.WaitAsync(cancellationToken);
                held++;
            }
            generation = index.Generation;
            var datasets = await db.Datasets.AsNoTracking().AsSplitQuery()
                .Include(d => d.Agency)
                .Include(d => d.Resources)
                .Where(d => ids.Contains(d.Id))
                .ToListAsync(cancellationToken);
            await index.UpsertAsync(datasets.Where(d => d.Agency is not null).Select(d => DatasetDocument.From(d, d.Agency!)));
            foreach (var gone in ids.Except(datasets.Select(d => d.Id)))
            {
                await index.DeleteAsync(gone);
            }
        }
        finally
        {
            foreach (var stripe in stripes.Take(held))
            {
                stripe.Release();
            }
        }
        MarkIndexed(ids, generation);
    }

    // This context's saves recorded their changes (Catalog/CatalogChangeRecorder); those of the datasets just indexed
    // need not be applied again by the change follower.
    private void MarkIndexed(IReadOnlyCollection<Guid> ids, long generation)
    {
        foreach (var entry in db.ChangeTracker.Entries<CatalogChange>())
        {
            if (entry.State == EntityState.Unchanged && entry.Entity.DatasetId is { } dataset && ids.Contains(dataset))
            {
                ownIndexed.Add(entry.Entity.Id, generation);
            }
        }
    }

    private static SemaphoreSlim Stripe(Guid id) => Stripes[(id.GetHashCode() & int.MaxValue) % Stripes.Length];

    /// Rebuilds the index from every dataset; returns how many were indexed.
    /// Progress reports the number read so far after each batch (the batch is then being indexed; the next is read
    /// meanwhile).
    public Task<int> RebuildAsync(IProgress<int>? progress, CancellationToken cancellationToken) =>
        index.RebuildAsync(ReadAllAsync(progress, cancellationToken), cancellationToken);

    /// Whether the index cannot be caught up and must be rebuilt: it holds a different number of datasets than the
    /// database (new, removed, or behind by writes the change record no longer holds), or was written by an older
    /// version of Kaifang.
    public async Task<bool> IsStaleAsync(CancellationToken cancellationToken) =>
        !index.HasCurrentFields || await db.Datasets.CountAsync(cancellationToken) != index.Count;

    private async IAsyncEnumerable<DatasetDocument> ReadAllAsync(
        IProgress<int>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, cancellationToken);
        var done = 0;
        Guid? after = null;
        while (true)
        {
            // Whole datasets with their resources: the index keeps each one for answers made of
            // whole datasets (DatasetRecord). Each batch starts after the last one's highest id (in the database's
            // order of ids), so that the database seeks to it rather than counting the rows before it.
            var batch = await (after is { } last ? db.Datasets.AsNoTracking().Where(d => d.Id.CompareTo(last) > 0) : db.Datasets.AsNoTracking())
                .OrderBy(d => d.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }

            // The batch's resources by the range of its ids, not joined to the batch: PostgreSQL planned that join as
            // a scan of every resource for each batch (sorted as well when the tables had no statistics yet, as right
            // after an import), where the range is one seek in the resources' dataset index.
            var byId = batch.ToDictionary(d => d.Id);
            var end = batch[^1].Id;
            var resources = await (after is { } start ? db.Resources.AsNoTracking().Where(r => r.DatasetId.CompareTo(start) > 0) : db.Resources.AsNoTracking())
                .Where(r => r.DatasetId.CompareTo(end) <= 0)
                .OrderBy(r => r.DatasetId).ThenBy(r => r.Position)
                .ToListAsync(cancellationToken);
            foreach (var resource in resources)
            {
                // A dataset created between the two reads is not in this batch: its resources are left for its own indexing.
                if (byId.TryGetValue(resource.DatasetId, out var dataset))
                {
                    resource.Dataset = dataset;
                    dataset.Resources.Add(resource);
                }
            }

            foreach (var dataset in batch)
            {
                if (agencies.TryGetValue(dataset.AgencyId, out var agency))
                {
                    yield return DatasetDocument.From(dataset, agency);
                }
            }
            done += batch.Count;
            after = batch[^1].Id;
            progress?.Report(done);
            if (batch.Count < BatchSize)
            {
                yield break;
            }
        }
    }
}
