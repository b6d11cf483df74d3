using Kaifang.Accounts;
using Kaifang.Auditing;
using Kaifang.Datastore;
using Kaifang.Search;
using Kaifang.Storage;
using Microsoft.Extensions.Options;

namespace Kaifang.Catalog;

/// Puts a new file behind an existing resource, as an officer does each month for a statistic:
/// the resource keeps its identifier and download address, the history keeps the old file's hash,
/// and the old content stays in the store under that hash.
public sealed class ReplaceResourceFile(KaifangDbContext db, FileStore files, IOptions<KaifangOptions> options, TimeProvider time, CatalogIndexer index, DatastoreBacklog datastore,
    Quality.RaiseStars derived)
{
    public async Task<CatalogResult<Resource>> ExecuteAsync(StaffScope who, string datasetName, Guid resourceId, UploadedFile file, CancellationToken cancellationToken)
    {
        var access = await DatasetAccess.LoadAsync(db, who, datasetName, StaffAction.EditDataset, resourceId, cancellationToken);
        if (access is not { Dataset: { } dataset, Resource: { } resource })
        {
            return access.Denied<Resource>();
        }
        // The same rules as a new upload; the name is the resource's own.
        var errors = ResourceRules.Validate(new ResourceInput { Name = resource.Name }, file, options.Value);
        if (!errors.IsValid)
        {
            return CatalogResult<Resource>.Invalid(errors);
        }
        var before = DatasetAudit.Snapshot(resource);
        if (await ResourceRules.StoreFileAsync(files, file, resource, options.Value.MaxUploadBytes, cancellationToken) is { } refused)
        {
            return CatalogResult<Resource>.Invalid(refused);
        }
        var changes = DatasetAudit.Diff(before, DatasetAudit.Snapshot(resource));
        if (changes.Count == 0)
        {
            return CatalogResult<Resource>.Ok(resource);
        }
        var now = time.GetUtcNow();
        resource.ModifiedAt = now;
        dataset.DataModifiedAt = now;
        dataset.MetadataModifiedAt = now;
        db.AuditEntries.Add(DatasetAudit.Entry(who, now, nameof(Resource), resource.Id, dataset.Id, AuditAction.Updated, changes));
        await db.SaveChangesAsync(cancellationToken);
        // Its CSV copy and RDF rendering follow it.
        await derived.RefreshAsync(resource.Id, cancellationToken);
        await index.IndexDatasetAsync(dataset.Id);
        datastore.DatasetChanged(dataset.Id);
        return CatalogResult<Resource>.Ok(resource);
    }
}
