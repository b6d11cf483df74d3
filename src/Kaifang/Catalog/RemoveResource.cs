using Kaifang.Accounts;
using Kaifang.Auditing;
using Kaifang.Datastore;
using Kaifang.Search;
using Kaifang.Storage;

namespace Kaifang.Catalog;

/// Removes a resource from a dataset. Its stored file stays in the content-addressed store,
/// since other resources or earlier history may point at the same content.
public sealed class RemoveResource(KaifangDbContext db, TimeProvider time, CatalogIndexer index, DatastoreBacklog datastore)
{
    public async Task<CatalogResult<Resource>> ExecuteAsync(StaffScope who, string datasetName, Guid resourceId, CancellationToken cancellationToken)
    {
        var access = await DatasetAccess.LoadAsync(db, who, datasetName, StaffAction.EditDataset, resourceId, cancellationToken);
        if (access is not { Dataset: { } dataset, Resource: { } resource })
        {
            return access.Denied<Resource>();
        }
        if (dataset.Status == DatasetStatus.Published && dataset.Resources.Count == 1)
        {
            return CatalogResult<Resource>.Invalid("resources", "已上架的資料集至少要保留一個資料資源；請先新增替代資源或下架。",
                "A published dataset keeps at least one resource; add its replacement first, or withdraw the dataset.");
        }
        var now = time.GetUtcNow();
        db.Resources.Remove(resource);
        dataset.MetadataModifiedAt = now;
        dataset.DataModifiedAt = now;
        db.AuditEntries.Add(DatasetAudit.Entry(who, now, nameof(Resource), resource.Id, dataset.Id, AuditAction.Deleted,
            DatasetAudit.Diff(DatasetAudit.Snapshot(resource), null)));
        await db.SaveChangesAsync(cancellationToken);
        await index.IndexDatasetAsync(dataset.Id);
        datastore.DatasetChanged(dataset.Id);
        return CatalogResult<Resource>.Ok(resource);
    }
}
