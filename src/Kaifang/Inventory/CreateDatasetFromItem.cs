using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Inventory;

/// What a dataset needs that an inventory item does not hold: the national platform's service category and the contact.
public sealed record DatasetFromItemInput(string? ServiceCategory, string? ContactName, string? ContactPhone, string? ContactEmail = null, string? FeeUrl = null);

/// Turns an approved open item into a draft dataset in one action, its metadata filled in from the item,
/// and links the two. The item counts as published from then on: the dataset exists in the catalog and
/// follows the catalog's own draft → published flow (docs/inventory.md).
public sealed class CreateDatasetFromItem(KaifangDbContext db, AgencyDirectory agencies, CreateDataset create, TimeProvider time)
{
    public async Task<CatalogResult<Dataset>> ExecuteAsync(StaffScope who, Guid itemId, DatasetFromItemInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        var item = await db.InventoryItems.FirstOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        if (item is null || !who.Reaches(item.AgencyId))
        {
            return CatalogResult<Dataset>.NotFound();
        }
        if (MoveInventoryItem.Check(who, item, InventoryItemState.Published, null, TransitionRoute.Dataset) is { } refused)
        {
            return new CatalogResult<Dataset>(refused.Outcome, null, refused.Errors);
        }
        if (item.Grade != InventoryGrade.Open)
        {
            return CatalogResult<Dataset>.Conflict("grade", "只有分級為「開放」的項目可以建立資料集。", "Only an item graded open becomes a dataset.");
        }
        var agency = agencies.Tree.Find(item.AgencyId)!;
        var datasetInput = new DatasetInput
        {
            Title = item.Name,
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
        item.DatasetId = dataset.Id;
        InventoryItemMoves.Record(db, item, InventoryItemState.Published, who, time.GetUtcNow(), $"建立資料集 Dataset {dataset.Identifier}");
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }
}
