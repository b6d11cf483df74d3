using Kaifang.Accounts;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Inventory;

/// Moves an item by itself (submit, take back, approve for the agency, return, send again): the moves of
/// <see cref="InventoryTransitions"/> whose route is direct. Agenda, decision and dataset moves have their own use cases.
public sealed class MoveInventoryItem(KaifangDbContext db, TimeProvider time)
{
    public async Task<CatalogResult<InventoryItem>> ExecuteAsync(StaffScope who, Guid id, InventoryItemState to, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var item = await db.InventoryItems.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null || !who.Reaches(item.AgencyId))
        {
            return CatalogResult<InventoryItem>.NotFound();
        }
        var check = Check(who, item, to, reason, TransitionRoute.Direct);
        if (check is not null)
        {
            return check;
        }
        InventoryItemMoves.Record(db, item, to, who, time.GetUtcNow(), reason);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<InventoryItem>.Ok(item);
    }

    /// Null when the member of staff may move the item to the state by that route; otherwise the refusal.
    public static CatalogResult<InventoryItem>? Check(StaffScope who, InventoryItem item, InventoryItemState to, string? reason, TransitionRoute route)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(item);
        var transition = InventoryTransitions.Find(item.State, to);
        if (transition is null)
        {
            return CatalogResult<InventoryItem>.Conflict("state",
                $"項目不能從「{InventoryTerms.StateText(item.State, false)}」改為「{InventoryTerms.StateText(to, false)}」。",
                $"An item cannot go from {InventoryTerms.StateText(item.State, true).ToLowerInvariant()} to {InventoryTerms.StateText(to, true).ToLowerInvariant()}.");
        }
        if (!who.Can(transition.Needs, item.AgencyId))
        {
            return CatalogResult<InventoryItem>.Forbidden();
        }
        if (transition.Route != route)
        {
            var (zh, en) = transition.Route switch
            {
                TransitionRoute.Agenda => ("請將項目排入或移出會議議程。", "Put the item on a meeting's agenda, or take it off."),
                TransitionRoute.Decision => ("審議結果須由會議決議記錄。", "A review outcome is recorded as a meeting's decision."),
                TransitionRoute.Dataset => ("請用「建立資料集」完成上架。", "Use 'create the dataset' to publish the item."),
                _ => ("請在項目頁直接變更狀態。", "Change the state from the item's page."),
            };
            return CatalogResult<InventoryItem>.Conflict("state", zh, en);
        }
        if (transition.NeedsReason && string.IsNullOrWhiteSpace(reason))
        {
            return CatalogResult<InventoryItem>.Invalid("reason", "請說明原因。", "Give the reason.");
        }
        return null;
    }
}
