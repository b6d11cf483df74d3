using Kaifang.Accounts;
using Kaifang.Auditing;
using Kaifang.Datastore;
using Kaifang.Search;
using Kaifang.Storage;

namespace Kaifang.Catalog;

/// Moves a dataset draft → published → withdrawn (and a withdrawn one back to published).
public sealed class ChangeDatasetStatus(KaifangDbContext db, TimeProvider time, CatalogIndexer index, DatastoreBacklog datastore)
{
    public static bool IsAllowed(DatasetStatus from, DatasetStatus to) => (from, to) switch
    {
        (DatasetStatus.Draft, DatasetStatus.Published) => true,
        (DatasetStatus.Published, DatasetStatus.Withdrawn) => true,
        (DatasetStatus.Withdrawn, DatasetStatus.Published) => true,
        _ => false,
    };

    public async Task<CatalogResult<Dataset>> ExecuteAsync(StaffScope who, string name, DatasetStatus to, CancellationToken cancellationToken)
    {
        var access = await DatasetAccess.LoadAsync(db, who, name, StaffAction.PublishDataset, null, cancellationToken);
        if (access.Dataset is not { } dataset)
        {
            return access.Denied<Dataset>();
        }
        if (dataset.Status == to)
        {
            return CatalogResult<Dataset>.Ok(dataset);
        }
        if (!IsAllowed(dataset.Status, to))
        {
            return CatalogResult<Dataset>.Invalid("status",
                $"資料集狀態不能從「{StatusText(dataset.Status, false)}」改為「{StatusText(to, false)}」。",
                $"A dataset cannot go from {StatusText(dataset.Status, true)} to {StatusText(to, true)}.");
        }
        if (to == DatasetStatus.Published && dataset.Resources.Count == 0)
        {
            return CatalogResult<Dataset>.Invalid("resources", "上架前請至少新增一個資料資源。", "Add at least one resource before publishing.");
        }

        var now = time.GetUtcNow();
        var before = dataset.Status;
        dataset.Status = to;
        dataset.MetadataModifiedAt = now;
        if (to == DatasetStatus.Published)
        {
            dataset.FirstPublishedAt ??= now;
        }
        db.AuditEntries.Add(DatasetAudit.Entry(who, now, nameof(Dataset), dataset.Id, dataset.Id,
            to == DatasetStatus.Published ? AuditAction.Published : AuditAction.Withdrawn,
            [new FieldChange("status", before.ToString(), to.ToString())]));
        await db.SaveChangesAsync(cancellationToken);
        await index.IndexDatasetAsync(dataset.Id);
        datastore.DatasetChanged(dataset.Id);
        return CatalogResult<Dataset>.Ok(dataset);
    }

    public static string StatusText(DatasetStatus status, bool english) => (status, english) switch
    {
        (DatasetStatus.Draft, false) => "草稿",
        (DatasetStatus.Draft, true) => "draft",
        (DatasetStatus.Published, false) => "已上架",
        (DatasetStatus.Published, true) => "published",
        (DatasetStatus.Withdrawn, false) => "已下架",
        (DatasetStatus.Withdrawn, true) => "withdrawn",
        _ => status.ToString(),
    };
}
