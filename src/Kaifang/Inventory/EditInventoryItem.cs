using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Inventory;

/// Lists an item in a round (as a draft) and changes it while it is a draft or changes are asked for.
public sealed class EditInventoryItem(KaifangDbContext db, AgencyDirectory agencies, TimeProvider time)
{
    public async Task<CatalogResult<InventoryItem>> CreateAsync(StaffScope who, int roundId, InventoryItemInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        if (!await db.InventoryRounds.AnyAsync(r => r.Id == roundId, cancellationToken))
        {
            return CatalogResult<InventoryItem>.NotFound();
        }
        var bases = await LegalBases.ActiveAsync(db, cancellationToken);
        var errors = input.Validate(bases);
        var agency = string.IsNullOrWhiteSpace(input.Agency) ? null : agencies.Tree.FindByCode(input.Agency.Trim());
        if (agency is null)
        {
            errors.Add("agency", string.IsNullOrWhiteSpace(input.Agency) ? "請選擇機關。" : $"找不到機關代碼「{input.Agency}」。",
                string.IsNullOrWhiteSpace(input.Agency) ? "Choose the agency." : $"There is no agency with code '{input.Agency}'.");
        }
        else if (!who.Can(StaffAction.EditInventory, agency.Id))
        {
            return CatalogResult<InventoryItem>.Forbidden();
        }
        if (agency is not null && !string.IsNullOrWhiteSpace(input.Name)
            && await IsDuplicateAsync(roundId, agency.Id, input.Name, null, cancellationToken))
        {
            errors.Add("name", $"本次盤點已有同名項目「{input.Name.Trim()}」。", $"This round already lists an item named '{input.Name.Trim()}'.");
        }
        if (!errors.IsValid)
        {
            return CatalogResult<InventoryItem>.Invalid(errors);
        }
        var now = time.GetUtcNow();
        var item = new InventoryItem
        {
            Id = Guid.NewGuid(),
            RoundId = roundId,
            AgencyId = agency!.Id,
            Name = "",
            OwningUnit = "",
            Description = "",
            MainFields = "",
            UpdateFrequency = "",
            State = InventoryItemState.Draft,
            CreatedAt = now,
            UpdatedAt = now,
        };
        input.ApplyTo(item, bases);
        db.InventoryItems.Add(item);
        InventoryItemMoves.Created(db, item, who.UserName, who.UserId, now);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<InventoryItem>.Ok(item);
    }

    public async Task<CatalogResult<InventoryItem>> UpdateAsync(StaffScope who, Guid id, InventoryItemInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        var item = await db.InventoryItems.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null || !who.Reaches(item.AgencyId))
        {
            return CatalogResult<InventoryItem>.NotFound();
        }
        if (!who.Can(StaffAction.EditInventory, item.AgencyId))
        {
            return CatalogResult<InventoryItem>.Forbidden();
        }
        if (!InventoryTransitions.IsEditable(item.State))
        {
            return CatalogResult<InventoryItem>.Conflict("state",
                $"「{InventoryTerms.StateText(item.State, false)}」的項目不能修改；只有草稿或請修正的項目可以修改。",
                $"An item that is {InventoryTerms.StateText(item.State, true).ToLowerInvariant()} cannot be changed; only drafts and items with changes requested can.");
        }
        var bases = await LegalBases.ActiveAsync(db, cancellationToken);
        var errors = input.Validate(bases);
        if (!string.IsNullOrWhiteSpace(input.Name) && await IsDuplicateAsync(item.RoundId, item.AgencyId, input.Name, item.Id, cancellationToken))
        {
            errors.Add("name", $"本次盤點已有同名項目「{input.Name.Trim()}」。", $"This round already lists an item named '{input.Name.Trim()}'.");
        }
        if (!errors.IsValid)
        {
            return CatalogResult<InventoryItem>.Invalid(errors);
        }
        input.ApplyTo(item, bases);
        item.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<InventoryItem>.Ok(item);
    }

    private async Task<bool> IsDuplicateAsync(int roundId, int agencyId, string name, Guid? except, CancellationToken cancellationToken)
    {
        var key = InventoryItemInput.NameKey(name);
        var names = await db.InventoryItems.AsNoTracking()
            .Where(i => i.RoundId == roundId && i.AgencyId == agencyId && i.Id != except)
            .Select(i => i.Name).ToListAsync(cancellationToken);
        return names.Any(n => InventoryItemInput.NameKey(n) == key);
    }
}
