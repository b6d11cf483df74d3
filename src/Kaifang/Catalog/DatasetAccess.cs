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
        return who.Can(action, dataset.AgencyId)
            ? new Access(dataset, resource, CatalogOutcome.Ok)
            : new Access(null, null, CatalogOutcome.Forbidden);
    }

    public sealed record Access(Dataset? Dataset, Resource? Resource, CatalogOutcome Outcome)
    {
        public CatalogResult<T> Denied<T>() => new(Outcome, default);
    }
}
