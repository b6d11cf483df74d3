using Kaifang.Accounts;
using Kaifang.Catalog;
using Kaifang.Inventory;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Review;

/// Records a meeting's decision on an item of its agenda and moves the item accordingly: approve → approved,
/// approve with changes → changes requested (the agency changes it and sends it again), reject → rejected.
/// A decision on an item not on the agenda is refused.
public sealed class DecideOnItem(KaifangDbContext db, TimeProvider time)
{
    public static InventoryItemState Outcome(ReviewDecision decision) => decision switch
    {
        ReviewDecision.Approve => InventoryItemState.Approved,
        ReviewDecision.ApproveWithChanges => InventoryItemState.ChangesRequested,
        _ => InventoryItemState.Rejected,
    };

    public async Task<CatalogResult<AgendaItem>> ExecuteAsync(StaffScope who, Guid meetingId, Guid itemId, ReviewDecision decision, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var found = await MeetingAccess.EditableAsync(db, who, meetingId, cancellationToken, StaffAction.ReviewInventory);
        if (found.Value is not { } meeting)
        {
            return new CatalogResult<AgendaItem>(found.Outcome, null, found.Errors);
        }
        var entry = meeting.Agenda.FirstOrDefault(a => a.ItemId == itemId);
        if (entry is null)
        {
            return CatalogResult<AgendaItem>.Conflict("item", "此項目不在本次會議議程中，不能作成決議。", "The item is not on this meeting's agenda; the meeting cannot decide on it.");
        }
        if (entry.Decision is not null)
        {
            return CatalogResult<AgendaItem>.Conflict("item", "此項目已有決議。", "The meeting has already decided on this item.");
        }
        var item = await db.InventoryItems.FirstAsync(i => i.Id == itemId, cancellationToken);
        if (MoveInventoryItem.Check(who, item, Outcome(decision), reason, TransitionRoute.Decision) is { } refused)
        {
            return new CatalogResult<AgendaItem>(refused.Outcome, null, refused.Errors);
        }
        var now = time.GetUtcNow();
        entry.Decision = decision;
        entry.Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        entry.DecidedAt = now;
        entry.DecidedBy = who.UserName;
        InventoryItemMoves.Record(db, item, Outcome(decision), who, now, reason, meeting.Id);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<AgendaItem>.Ok(entry);
    }
}
