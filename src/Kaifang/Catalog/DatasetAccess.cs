using Kaifang.Accounts;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Catalog;

/// Loads the dataset a use case changes, with the agency-scope rule in one place: out of a staff
/// member's reach a dataset (or its resource) is not found; within reach, a role that may not do
/// the action is forbidden.
internal static class DatasetAccess
{
    public static async Task<Access> LoadAsync(KaifangDbContext db, StaffScope who, string name, StaffAction action, Guid? resourceId, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.Include(d => d.Resources).FirstOrDefaultAsync(d => d.Name == name, cancellationToken);
        var resource = resourceId is Guid id ? dataset?.Resources.FirstOrDefault(r => r.Id == id) : null;
        if (dataset is null || !who.Can(StaffAction.ViewDrafts, dataset.AgencyId) || (resourceId is not null && resource is null))
        {
            return new Access(null, null, CatalogOutcome.NotFound);
        }
        if (!who.Can(action, dataset.AgencyId))
        {
            return new Access(null, null, CatalogOutcome.Forbidden);
        }
        if (dataset.IsHarvested && action is StaffAction.EditDataset or StaffAction.PublishDataset or StaffAction.DeleteDataset)
        {
            // A local change would be overwritten, unseen, by the next harvest: it is made at the source.
            var errors = new ValidationErrors();
            errors.Add("harvest", "這個資料集由收割來源匯入，只能在來源修改；下次收割會帶入來源的變更。",
                "This dataset is harvested from another catalog and can only be changed there; the next harvest brings the change.");
            return new Access(null, null, CatalogOutcome.Invalid, errors);
        }
        return new Access(dataset, resource, CatalogOutcome.Ok);
    }

    public sealed record Access(Dataset? Dataset, Resource? Resource, CatalogOutcome Outcome, ValidationErrors? Errors = null)
    {
        public CatalogResult<T> Denied<T>() => new(Outcome, default, Errors);
    }
}
