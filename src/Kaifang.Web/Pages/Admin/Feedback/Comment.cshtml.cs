using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Feedback;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin.Feedback;

/// One comment for its agency's staff: the whole thread with notes and events, and every action on it.
public sealed class CommentModel(AgencyDirectory agencies, HandleComments handle, FeedbackPeople people, KaifangDbContext db, TimeProvider time)
    : StaffPageModel(agencies)
{
    public Comment Comment { get; private set; } = null!;
    public string? DatasetName { get; private set; }
    public string? DatasetTitle { get; private set; }
    public Dictionary<Guid, string> Names { get; private set; } = [];
    public IReadOnlyList<StaffUser> Handlers { get; private set; } = [];
    public ValidationErrors? Errors { get; private set; }
    public DateOnly Today { get; private set; }

    [BindProperty]
    public string? Body { get; set; }

    public bool CanHandle => Staff.Can(StaffAction.HandleFeedback, Comment.AgencyId);
    public bool CanModerate => Staff.Can(StaffAction.ModerateFeedback, Comment.AgencyId);

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken ct) => await LoadAsync(reference, ct);

    public Task<IActionResult> OnPostReplyAsync(string reference, bool close, CancellationToken ct) =>
        ActAsync(reference, handle.ReplyAsync(Staff, reference, Body, close, ct), T("已回覆。", "Reply sent."), ct);

    public Task<IActionResult> OnPostNoteAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, handle.NoteAsync(Staff, reference, Body, ct), T("已加入備註。", "Note added."), ct);

    public Task<IActionResult> OnPostAssignAsync(string reference, Guid handler, CancellationToken ct) =>
        ActAsync(reference, handle.AssignAsync(Staff, reference, handler, ct), T("已分派。", "Assigned."), ct);

    public Task<IActionResult> OnPostCloseAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, handle.CloseAsync(Staff, reference, ct), T("已結案。", "Closed."), ct);

    public Task<IActionResult> OnPostModerateAsync(string reference, bool spam, CancellationToken ct) =>
        ActAsync(reference, handle.ModerateAsync(Staff, reference, spam, ct), spam ? T("已標為垃圾訊息。", "Marked as spam.") : T("已公開。", "Released."), ct);

    public Task<IActionResult> OnPostTransferAsync(string reference, string agency, CancellationToken ct) =>
        ActAsync(reference, handle.TransferAsync(Staff, reference, agency, ct), T("已轉給其他機關。", "Passed to the other agency."), ct);

    private async Task<IActionResult> ActAsync(string reference, Task<CatalogResult<Comment>> action, string done, CancellationToken ct)
    {
        var result = await action;
        switch (result.Outcome)
        {
            case CatalogOutcome.Ok:
                TempData["Message"] = done;
                // Passed to an agency out of reach: back to the list, not to a page that would refuse.
                return Redirect(Staff.Reaches(result.Value!.AgencyId) ? $"/admin/feedback/{reference}" : "/admin/feedback");
            case CatalogOutcome.NotFound:
                return NotFound();
            case CatalogOutcome.Forbidden:
                return Forbid();
            default:
                Errors = result.Errors;
                Response.StatusCode = result.Outcome == CatalogOutcome.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
                return await LoadAsync(reference, ct);
        }
    }

    private async Task<IActionResult> LoadAsync(string reference, CancellationToken ct)
    {
        var found = await handle.FindAsync(Staff, reference, ct);
        if (found.Outcome == CatalogOutcome.Forbidden)
        {
            return Forbid();
        }
        if (found.Value is null)
        {
            return NotFound();
        }
        // Read again without tracking: a refused action must not show half-made changes.
        db.ChangeTracker.Clear();
        Comment = (await db.Comments.AsNoTracking().Include(c => c.Messages).FirstAsync(c => c.Reference == reference, ct));
        Today = ReplyDeadline.TaipeiDate(time.GetUtcNow());
        if (Comment.DatasetId is { } id)
        {
            var d = await db.Datasets.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.Name, x.Title }).FirstOrDefaultAsync(ct);
            (DatasetName, DatasetTitle) = (d?.Name, d?.Title);
        }
        var ids = Comment.Messages.Select(m => m.AuthorId).Append(Comment.HandlerId).Where(x => x is not null).Select(x => x!.Value).Distinct().ToList();
        Names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        Handlers = await people.WhoMayAsync(StaffAction.HandleFeedback, Comment.AgencyId, ct);
        return Page();
    }
}
