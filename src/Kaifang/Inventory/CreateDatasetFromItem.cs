using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Inventory;

/// What a dataset needs that an inventory item does not hold: the national platform's service category and the contact.
public sealed record DatasetFromItemInput(string? ServiceCategory, string? ContactName, string? ContactPhone, string? ContactEmail = null, string? FeeUrl = null);

/// Turns an approved open item into a draft dataset in one action, its metadata filled in from the item,
/// and links the two; or links a dataset that exists already. The item counts as published from its first
/// dataset on; a published item may become further datasets (docs/inventory.md). Each dataset follows the
/// catalog's own draft → published flow.
public sealed class CreateDatasetFromItem(KaifangDbContext db, AgencyDirectory agencies, CreateDataset create, TimeProvider time)
{
    public async Task<CatalogResult<Dataset>> ExecuteAsync(StaffScope who, Guid itemId, DatasetFromItemInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        var (item, refused) = await LoadAsync(who, itemId, cancellationToken);
        if (item is null)
        {
            return refused!;
        }
        var agency = agencies.Tree.Find(item.AgencyId)!;
        var count = item.Datasets.Count;
        var datasetInput = new DatasetInput
        {
            Title = count == 0 ? item.Name : $"{item.Name}（{count + 1}）",
            Description = item.Description,
            Agency = agency.Code,
            ServiceCategory = input.ServiceCategory,
            MainFieldsDescription = item.MainFields,
            UpdateFrequency = item.UpdateFrequency,
            License = item.Licence,
            Fee = item.Fee == FeeKind.Free ? "免費" : "付費",
            FeeBasis = item.FeeBasis,
            FeeUrl = input.FeeUrl,
            ContactName = input.ContactName,
            ContactPhone = input.ContactPhone,
            ContactEmail = input.ContactEmail,
            DataVolume = item.Volume,
            Notes = $"由盤點項目建立（{item.OwningUnit}）",
        };
        var created = await create.ExecuteAsync(who, datasetInput, cancellationToken);
        if (created.Value is not { } dataset)
        {
            return created;
        }
        Link(item, dataset, who, $"建立資料集 Dataset {dataset.Identifier}");
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    /// Links a dataset that exists already (of the item's agency or one below it) to the item.
    public async Task<CatalogResult<Dataset>> LinkAsync(StaffScope who, Guid itemId, string dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var (item, refused) = await LoadAsync(who, itemId, cancellationToken);
        if (item is null)
        {
            return refused!;
        }
        var key = (dataset ?? "").Trim();
        var found = key.Length == 0 ? null : await db.Datasets.Named(key).FirstOrDefaultAsync(cancellationToken);
        if (found is null || !agencies.Tree.SelfAndDescendants(item.AgencyId).Contains(found.AgencyId) || !who.Can(StaffAction.EditDataset, found.AgencyId))
        {
            return CatalogResult<Dataset>.Invalid("dataset", $"找不到「{key}」，或它不是本項目機關（或所屬機關）的資料集。",
                $"There is no dataset '{key}' of the item's agency (or one below it) that you may edit.");
        }
        if (item.Datasets.Any(d => d.DatasetId == found.Id))
        {
            return CatalogResult<Dataset>.Conflict("dataset", $"資料集 {found.Identifier} 已連結此項目。", $"Dataset {found.Identifier} is linked to the item already.");
        }
        Link(item, found, who, $"連結資料集 Linked dataset {found.Identifier}");
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<Dataset>.Ok(found);
    }

    private async Task<(InventoryItem? Item, CatalogResult<Dataset>? Refused)> LoadAsync(StaffScope who, Guid itemId, CancellationToken cancellationToken)
    {
        var item = await db.InventoryItems.Include(i => i.Datasets).FirstOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        if (item is null || !who.Reaches(item.AgencyId))
        {
            return (null, CatalogResult<Dataset>.NotFound());
        }
        // Both ways need the right to edit the agency's datasets: without it the answer is a refusal, whatever the item's state.
        if (!who.Can(StaffAction.EditDataset, item.AgencyId))
        {
            return (null, CatalogResult<Dataset>.Forbidden());
        }
        // The first dataset publishes the item; a published item may take more, by whoever may edit the agency's datasets.
        if (item.State == InventoryItemState.Published)
        {
            if (!who.Can(StaffAction.EditDataset, item.AgencyId))
            {
                return (null, CatalogResult<Dataset>.Forbidden());
            }
        }
        else if (MoveInventoryItem.Check(who, item, InventoryItemState.Published, null, TransitionRoute.Dataset) is { } refused)
        {
            return (null, new CatalogResult<Dataset>(refused.Outcome, null, refused.Errors));
        }
        if (item.Grade != InventoryGrade.Open)
        {
            return (null, CatalogResult<Dataset>.Conflict("grade", "只有分級為「開放」的項目可以建立資料集。", "Only an item graded open becomes a dataset."));
        }
        return (item, null);
    }

    private void Link(InventoryItem item, Dataset dataset, StaffScope who, string reason)
    {
        var now = time.GetUtcNow();
        item.Datasets.Add(new InventoryItemDataset { ItemId = item.Id, DatasetId = dataset.Id, LinkedAt = now, LinkedBy = who.UserName });
        if (item.State != InventoryItemState.Published)
        {
            InventoryItemMoves.Record(db, item, InventoryItemState.Published, who, now, reason);
        }
        else
        {
            item.UpdatedAt = now;
        }
    }
}
