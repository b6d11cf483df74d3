using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Auditing;
using Kaifang.Search;
using Kaifang.Storage;

namespace Kaifang.Catalog;

/// Changes a dataset's metadata. A failed validation changes nothing.
public sealed class UpdateDataset(KaifangDbContext db, AgencyDirectory agencies, TimeProvider time, CatalogIndexer index)
{
    public async Task<CatalogResult<Dataset>> ExecuteAsync(StaffScope who, string name, DatasetInput input, CancellationToken cancellationToken)
    {
        var access = await DatasetAccess.LoadAsync(db, who, name, StaffAction.EditDataset, null, cancellationToken);
        if (access.Dataset is not { } dataset)
        {
            return access.Denied<Dataset>();
        }

        var errors = input.Validate();
        var agency = input.Agency is null ? null : agencies.Tree.FindByCode(input.Agency.Trim());
        if (input.Agency is not null && agency is null)
        {
            errors.Add("agency", $"找不到機關代碼「{input.Agency}」。", $"There is no agency with code '{input.Agency}'.");
        }
        if (agency is not null && agency.Id != dataset.AgencyId && !who.Can(StaffAction.EditDataset, agency.Id))
        {
            return CatalogResult<Dataset>.Forbidden();
        }
        if (!errors.IsValid)
        {
            return CatalogResult<Dataset>.Invalid(errors);
        }

        var before = DatasetAudit.Snapshot(dataset);
        input.ApplyTo(dataset);
        dataset.AgencyId = agency!.Id;
        var changes = DatasetAudit.Diff(before, DatasetAudit.Snapshot(dataset));
        if (changes.Count == 0)
        {
            return CatalogResult<Dataset>.Ok(dataset);
        }
        var now = time.GetUtcNow();
        dataset.MetadataModifiedAt = now;
        db.AuditEntries.Add(DatasetAudit.Entry(who, now, nameof(Dataset), dataset.Id, dataset.Id, AuditAction.Updated, changes));
        await db.SaveChangesAsync(cancellationToken);
        await index.IndexDatasetAsync(dataset.Id);
        return CatalogResult<Dataset>.Ok(dataset);
    }
}
