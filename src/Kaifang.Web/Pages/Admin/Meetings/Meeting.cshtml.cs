using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Inventory;
using Kaifang.Review;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin.Meetings;

/// One meeting: its members, the agenda and a decision per item, follow-ups, and the minutes.
public sealed class MeetingModel(
    AgencyDirectory agencies, KaifangDbContext db, MeetingQueries queries, MeetingAgenda agenda, DecideOnItem decide,
    PlanMeeting plan, RecordMinutes minutes, TimeProvider time) : StaffPageModel(agencies)
{
    public ReviewMeeting Meeting { get; private set; } = null!;

    /// Today in Taiwan, for what is overdue.
    public DateOnly Today => Kaifang.Feedback.ReplyDeadline.TaipeiDate(time.GetUtcNow());
    public List<MinutesItem> Items { get; private set; } = [];
    public Dictionary<Guid, InventoryItem> Inventory { get; private set; } = [];
    public ValidationErrors? Errors { get; private set; }

    public bool CanManage => Staff.Can(StaffAction.ManageReview, Meeting.AgencyId) && !Meeting.IsHeld;
    public bool CanDecide => Staff.Can(StaffAction.ReviewInventory, Meeting.AgencyId) && !Meeting.IsHeld;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAgendaAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await agenda.BuildAsync(Staff, id, null, ct), T("已將待審議項目排入議程。", "The items awaiting review are on the agenda."), ct);

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid item, CancellationToken ct) =>
        await AfterAsync(id, await agenda.RemoveAsync(Staff, id, item, ct), T("已移出議程。", "Taken off the agenda."), ct);

    public async Task<IActionResult> OnPostDecideAsync(Guid id, Guid item, string? decision, string? reason, CancellationToken ct)
    {
        if (ReviewTerms.ParseDecision(decision) is not { } chosen)
        {
            return BadRequest();
        }
        var result = await decide.ExecuteAsync(Staff, id, item, chosen, reason, ct);
        return await AfterAsync(id, new CatalogResult<ReviewMeeting>(result.Outcome, null, result.Errors), T("已記錄決議。", "Decision recorded."), ct);
    }

    public async Task<IActionResult> OnPostFollowUpAsync(Guid id, string? description, string? owner, DateOnly? dueOn, CancellationToken ct) =>
        await AfterAsync(id, await plan.AddFollowUpAsync(Staff, id, new FollowUpInput(description, owner, dueOn), ct), T("已新增追蹤事項。", "Follow-up added."), ct);

    public async Task<IActionResult> OnPostDoneAsync(Guid id, long followUp, bool done, CancellationToken ct) =>
        await AfterAsync(id, await plan.FollowUpDoneAsync(Staff, id, followUp, done, ct), T("已更新追蹤事項。", "Follow-up updated."), ct);

    public async Task<IActionResult> OnPostMinutesAsync(Guid id, List<long>? attended, string? notes, CancellationToken ct)
    {
        var loaded = await queries.FindAsync(Staff, id, ct);
        if (loaded is null)
        {
            return NotFound();
        }
        var present = attended ?? [];
        var attendance = loaded.Members.ToDictionary(m => m.Id, m => present.Contains(m.Id));
        return await AfterAsync(id, await minutes.ExecuteAsync(Staff, id, new MinutesInput(attendance, notes), ct), T("會議紀錄已確認。", "The minutes are recorded."), ct);
    }

    private async Task<IActionResult> AfterAsync(Guid id, CatalogResult<ReviewMeeting> result, string message, CancellationToken ct)
    {
        switch (result.Outcome)
        {
            case CatalogOutcome.Ok:
                TempData["Message"] = message;
                return Redirect($"/admin/meetings/{id}");
            case CatalogOutcome.Forbidden:
                return Forbid();
            case CatalogOutcome.NotFound:
                return NotFound();
            default:
                Errors = result.Errors;
                return await LoadAsync(id, ct) ? Page() : NotFound();
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await queries.FindAsync(Staff, id, ct) is not { } meeting)
        {
            return false;
        }
        Meeting = meeting;
        Items = await queries.MinutesItemsAsync(meeting, ct);
        var ids = meeting.Agenda.Select(a => a.ItemId).ToList();
        Inventory = await db.InventoryItems.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        return true;
    }
}
