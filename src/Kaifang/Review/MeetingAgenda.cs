using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Inventory;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Review;

/// Builds a meeting's agenda from the items awaiting review in its scope (approved by their agency), and
/// takes items off it. An item put on the agenda is under review until the meeting decides on it.
public sealed class MeetingAgenda(KaifangDbContext db, AgencyDirectory agencies, TimeProvider time)
{
    /// Adds every item awaiting review of the meeting's agency and those below it (of one round, if given).
    public async Task<CatalogResult<ReviewMeeting>> BuildAsync(StaffScope who, Guid meetingId, int? roundId, CancellationToken cancellationToken)
    {
        var found = await MeetingAccess.EditableAsync(db, who, meetingId, cancellationToken);
        if (found.Value is not { } meeting)
        {
            return found;
        }
        var scope = agencies.Tree.SelfAndDescendants(meeting.AgencyId).ToList();
        var query = db.InventoryItems.Where(i => i.State == InventoryItemState.AgencyApproved && scope.Contains(i.AgencyId));
        if (roundId is { } round)
        {
            query = query.Where(i => i.RoundId == round);
        }
        var items = await query.OrderBy(i => i.AgencyId).ThenBy(i => i.CreatedAt).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var item in items.Where(i => who.Can(StaffAction.ManageReview, i.AgencyId)))
        {
            Put(meeting, item, who, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<ReviewMeeting>.Ok(meeting);
    }

    public async Task<CatalogResult<ReviewMeeting>> AddAsync(StaffScope who, Guid meetingId, Guid itemId, CancellationToken cancellationToken)
    {
        var found = await MeetingAccess.EditableAsync(db, who, meetingId, cancellationToken);
        if (found.Value is not { } meeting)
        {
            return found;
        }
        var item = await db.InventoryItems.FirstOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        if (item is null || !who.Reaches(item.AgencyId))
        {
            return CatalogResult<ReviewMeeting>.NotFound();
        }
        if (!agencies.Tree.SelfAndDescendants(meeting.AgencyId).Contains(item.AgencyId))
        {
            return CatalogResult<ReviewMeeting>.Conflict("item", "此項目不屬於本會議審議的機關。", "The item belongs to an agency outside this meeting's scope.");
        }
        if (MoveInventoryItem.Check(who, item, InventoryItemState.UnderReview, null, TransitionRoute.Agenda) is { } refused)
        {
            return new CatalogResult<ReviewMeeting>(refused.Outcome, null, refused.Errors);
        }
        Put(meeting, item, who, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<ReviewMeeting>.Ok(meeting);
    }

    /// Takes an undecided item off the agenda; it awaits review again.
    public async Task<CatalogResult<ReviewMeeting>> RemoveAsync(StaffScope who, Guid meetingId, Guid itemId, CancellationToken cancellationToken)
    {
        var found = await MeetingAccess.EditableAsync(db, who, meetingId, cancellationToken);
        if (found.Value is not { } meeting)
        {
            return found;
        }
        var entry = meeting.Agenda.FirstOrDefault(a => a.ItemId == itemId);
        if (entry is null)
        {
            return CatalogResult<ReviewMeeting>.NotFound();
        }
        if (entry.Decision is not null)
        {
            return CatalogResult<ReviewMeeting>.Conflict("item", "已有決議的項目不能移出議程。", "An item already decided stays on the agenda.");
        }
        var item = await db.InventoryItems.FirstAsync(i => i.Id == itemId, cancellationToken);
        if (MoveInventoryItem.Check(who, item, InventoryItemState.AgencyApproved, null, TransitionRoute.Agenda) is { } refused)
        {
            return new CatalogResult<ReviewMeeting>(refused.Outcome, null, refused.Errors);
        }
        meeting.Agenda.Remove(entry);
        db.AgendaItems.Remove(entry);
        InventoryItemMoves.Record(db, item, InventoryItemState.AgencyApproved, who, time.GetUtcNow(), $"移出議程 Taken off the agenda of {meeting.Title}", meeting.Id);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<ReviewMeeting>.Ok(meeting);
    }

    private void Put(ReviewMeeting meeting, InventoryItem item, StaffScope who, DateTimeOffset now)
    {
        meeting.Agenda.Add(new AgendaItem { MeetingId = meeting.Id, ItemId = item.Id, Position = meeting.Agenda.Count == 0 ? 1 : meeting.Agenda.Max(a => a.Position) + 1 });
        InventoryItemMoves.Record(db, item, InventoryItemState.UnderReview, who, now, $"排入議程 On the agenda of {meeting.Title}", meeting.Id);
    }
}
