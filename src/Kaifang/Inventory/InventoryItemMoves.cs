using Kaifang.Accounts;
using Kaifang.Storage;

namespace Kaifang.Inventory;

/// Writes a move of an item into its history: every change of state is audited with who, when, from, to and why.
public static class InventoryItemMoves
{
    public static void Record(KaifangDbContext db, InventoryItem item, InventoryItemState to, StaffScope who, DateTimeOffset now, string? reason, Guid? meetingId = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(who);
        db.InventoryItemMoves.Add(new InventoryItemMove
        {
            ItemId = item.Id,
            At = now,
            UserId = who.UserId,
            UserName = who.UserName,
            From = item.State,
            To = to,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            MeetingId = meetingId,
        });
        item.State = to;
        item.UpdatedAt = now;
        if (!string.IsNullOrWhiteSpace(reason))
        {
            item.LastReason = reason.Trim();
        }
    }

    public static void Created(KaifangDbContext db, InventoryItem item, string userName, Guid? userId, DateTimeOffset now, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(item);
        db.InventoryItemMoves.Add(new InventoryItemMove { ItemId = item.Id, At = now, UserId = userId, UserName = userName, From = null, To = item.State, Reason = reason });
    }
}
