using System.Runtime.CompilerServices;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Search;

/// Keeps the search index in step with the database: one dataset after it changes, or all of them.
public sealed class CatalogIndexer(KaifangDbContext db, CatalogIndex index)
{
    /// Datasets read per database round trip during a rebuild.
    public const int BatchSize = 2000;

    /// Re-indexes one dataset after a write to it has committed, or removes it from the index when it no longer exists.
    /// Not cancellable: a node skips its own writes in the change record, so a committed write left unindexed because
    /// the request that made it was aborted (its client gone, a timeout) would be missing from this node's search.
    public async Task IndexDatasetAsync(Guid id)
    {
        var dataset = await db.Datasets.AsNoTracking()
            .Include(d => d.Agency)
            .Include(d => d.Resources)
            .SingleOrDefaultAsync(d => d.Id == id, CancellationToken.None);
        if (dataset?.Agency is null)
        {
            index.Delete(id);
            return;
        }
        index.Upsert(DatasetDocument.From(dataset, dataset.Agency));
    }

    /// Re-indexes these datasets in one commit (a harvest's batch), removing those that no longer exist.
    public async Task IndexDatasetsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return;
        }
        var datasets = await db.Datasets.AsNoTracking().AsSplitQuery()
            .Include(d => d.Agency)
            .Include(d => d.Resources)
            .Where(d => ids.Contains(d.Id))
            .ToListAsync(cancellationToken);
        index.Upsert(datasets.Where(d => d.Agency is not null).Select(d => DatasetDocument.From(d, d.Agency!)));
        foreach (var gone in ids.Except(datasets.Select(d => d.Id)))
        {
            index.Delete(gone);
        }
    }

    /// Rebuilds the index from every dataset; returns how many were indexed.
    /// Progress reports the number indexed so far after each batch.
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
        while (true)
        {
            // Whole datasets with their resources: the index keeps each one for answers made of
            // whole datasets (DatasetRecord).
            var batch = await db.Datasets.AsNoTracking().AsSplitQuery()
                .Include(d => d.Resources)
                .OrderBy(d => d.Id)
                .Skip(done)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }

            foreach (var dataset in batch)
            {
                if (agencies.TryGetValue(dataset.AgencyId, out var agency))
                {
                    yield return DatasetDocument.From(dataset, agency);
                }
            }
            done += batch.Count;
            progress?.Report(done);
            if (batch.Count < BatchSize)
            {
                yield break;
            }
        }
    }
}
