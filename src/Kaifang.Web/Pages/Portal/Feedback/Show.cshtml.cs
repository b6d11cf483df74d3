using Kaifang.Catalog;
using Kaifang.Feedback;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Pages.Portal.Feedback;

/// One comment's public thread. With the commenter's key, the commenter may answer in it,
/// and sees it even while it waits for a moderator.
public sealed class ShowModel(FeedbackQueries queries, AnswerComment answer, KaifangDbContext db) : PageModel
{
    public PublicThread Thread { get; private set; } = null!;
    public (string Name, string Title)? Dataset { get; private set; }
    public bool HasKey { get; private set; }
    public bool JustSent { get; private set; }
    public ValidationErrors? Errors { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    public async Task<IActionResult> OnGetAsync(string reference, bool sent, CancellationToken ct)
    {
        JustSent = sent;
        return await LoadAsync(reference, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(string reference, CancellationToken ct)
    {
        var result = await answer.AnswerAsync(reference, Key, Body, ct);
        switch (result.Outcome)
        {
            case CatalogOutcome.Ok:
                TempData["Message"] = Localization.Lang.T("已收到您的回應。", "Your answer has been received.");
                return Redirect($"/feedback/{reference}?key={Uri.EscapeDataString(Key ?? "")}");
            case CatalogOutcome.NotFound:
                return NotFound();
            case CatalogOutcome.Forbidden:
                return Forbid();
            default:
                Errors = result.Errors;
                Response.StatusCode = result.Outcome == CatalogOutcome.TooMany ? StatusCodes.Status429TooManyRequests : StatusCodes.Status400BadRequest;
                return await LoadAsync(reference, ct) ? Page() : NotFound();
        }
    }

    private async Task<bool> LoadAsync(string reference, CancellationToken ct)
    {
        var comment = await queries.FindAsync(reference, ct);
        if (comment is null || comment.Moderation == ModerationState.Spam)
        {
            return false;
        }
        HasKey = FollowUpKeys.Matches(comment, Key);
        if (comment.Moderation == ModerationState.Held && !HasKey)
        {
            return false;
        }
        Thread = PublicThread.Of(comment);
        if (comment.DatasetId is { } id)
        {
            var d = await db.Datasets.AsNoTracking().Where(x => x.Id == id && x.Status == DatasetStatus.Published).Select(x => new { x.Name, x.Title }).FirstOrDefaultAsync(ct);
            Dataset = d is null ? null : (d.Name, d.Title);
        }
        return true;
    }
}
