using Kaifang.Accounts;
using Kaifang.Auditing;
using Kaifang.Datastore;
using Kaifang.Search;
using Kaifang.Storage;

namespace Kaifang.Catalog;

/// Deletes a draft made by mistake. Anything ever published is withdrawn instead, never deleted,
/// so that its identifier and history stay answerable. The audit entries stay too.
public sealed class DeleteDataset(KaifangDbContext db, TimeProvider time, CatalogIndexer index, DatastoreBacklog datastore)
{
    public async Task<CatalogResult<Dataset>> ExecuteAsync(StaffScope who, string name, CancellationToken cancellationToken)
    {
        var access = await DatasetAccess.LoadAsync(db, who, name, StaffAction.DeleteDataset, null, cancellationToken);
        if (access.Dataset is not { } dataset)
        {
            return access.Denied<Dataset>();
        }
        if (dataset.Status != DatasetStatus.Draft || dataset.FirstPublishedAt is not null)
        {
            return CatalogResult<Dataset>.Invalid("status", "只有從未上架的草稿可以刪除；已上架過的資料集請改為下架。",
                "Only a draft that was never published can be deleted; withdraw a published dataset instead.");
        }
        db.AuditEntries.Add(DatasetAudit.Entry(who, time.GetUtcNow(), nameof(Dataset), dataset.Id, dataset.Id, AuditAction.Deleted,
            DatasetAudit.Diff(DatasetAudit.Snapshot(dataset), null)));
        db.Datasets.Remove(dataset);
        await db.SaveChangesAsync(cancellationToken);
        await index.IndexDatasetAsync(dataset.Id);
        datastore.DatasetChanged(dataset.Id);
        return CatalogResult<Dataset>.Ok(dataset);
    }
}
