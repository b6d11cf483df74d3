using Kaifang.Accounts;
using Kaifang.Auditing;
using Kaifang.Datastore;
using Kaifang.Search;
using Kaifang.Storage;
using Microsoft.Extensions.Options;

namespace Kaifang.Catalog;

/// Changes a resource's description (name, description, format, encoding), and what is behind it:
/// a new file, a new link, or the uploaded file it has (given no file and no other link). The
/// resource keeps its identifier; the history records every changed field.
public sealed class UpdateResource(KaifangDbContext db, FileStore files, IOptions<KaifangOptions> options, TimeProvider time, CatalogIndexer index, DatastoreBacklog datastore)
{
    /// currentDownloadUrl: the address Kaifang serves an uploaded file at; a client that sends it
    /// back as the url (CKAN clients echo the whole dict) keeps the upload.
    public async Task<CatalogResult<Resource>> ExecuteAsync(
        StaffScope who, string datasetName, Guid resourceId, ResourceInput input, UploadedFile? file, Func<Dataset, Resource, string>? currentDownloadUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var access = await DatasetAccess.LoadAsync(db, who, datasetName, StaffAction.EditDataset, resourceId, cancellationToken);
        if (access is not { Dataset: { } dataset, Resource: { } resource })
        {
            return access.Denied<Resource>();
        }
        var url = input.Url?.Trim();
        var keepsUpload = resource.IsUpload && file is null
            && (string.IsNullOrEmpty(url) || (currentDownloadUrl is not null && url == currentDownloadUrl(dataset, resource)));
        if (keepsUpload)
        {
            input = input with { Url = null };
        }
        var errors = ResourceRules.Validate(input, file, options.Value, keepsFile: keepsUpload);
        if (!errors.IsValid)
        {
            return CatalogResult<Resource>.Invalid(errors);
        }

        var before = DatasetAudit.Snapshot(resource);
        if (file is not null && await ResourceRules.StoreFileAsync(files, file, resource, options.Value.MaxUploadBytes, cancellationToken) is { } refused)
        {
            return CatalogResult<Resource>.Invalid(refused);
        }
        ResourceRules.Apply(input, resource);
        var changes = DatasetAudit.Diff(before, DatasetAudit.Snapshot(resource));
        if (changes.Count == 0)
        {
            return CatalogResult<Resource>.Ok(resource);
        }
        var now = time.GetUtcNow();
        resource.ModifiedAt = now;
        dataset.MetadataModifiedAt = now;
        if (changes.Any(c => c.Field is "url" or "fileHash"))
        {
            dataset.DataModifiedAt = now;
        }
        db.AuditEntries.Add(DatasetAudit.Entry(who, now, nameof(Resource), resource.Id, dataset.Id, AuditAction.Updated, changes));
        await db.SaveChangesAsync(cancellationToken);
        await index.IndexDatasetAsync(dataset.Id);
        datastore.DatasetChanged(dataset.Id);
        return CatalogResult<Resource>.Ok(resource);
    }
}
