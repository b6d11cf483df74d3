using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Feedback;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Web.Pages.Portal.Feedback;

/// Comments that are about no one dataset, the form to leave one, and where every comment form posts.
public sealed class IndexModel(SubmitComment submit, FeedbackQueries queries, KaifangDbContext db, AgencyDirectory agencies, IOptions<FeedbackOptions> options) : PageModel
{
    [BindProperty]
    public CommentInput Input { get; set; } = new(null, null, "question", null, null, null);

    public ValidationErrors? Errors { get; private set; }
    public IReadOnlyList<PublicThread> Threads { get; private set; } = [];

    /// The dataset a refused comment was about, to show it again with the form.
    public (string Name, string Title)? Dataset { get; private set; }

    public CommentFormView Form => new(Input, Errors, Dataset?.Name, agencies.Tree, options.Value.ReplyDays);

    public async Task OnGetAsync(string? dataset, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(dataset))
        {
            Input = Input with { Dataset = dataset };
            await LoadDatasetAsync(dataset, ct);
        }
        Threads = Dataset is null ? await queries.PublicThreadsAsync(null, 50, ct) : [];
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await submit.SubmitAsync(Input, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (result.Succeeded)
        {
            var (comment, key) = result.Value!;
            return Redirect($"/feedback/{comment.Reference}?key={Uri.EscapeDataString(key)}&sent=true");
        }
        Errors = result.Errors;
        Response.StatusCode = result.Outcome == CatalogOutcome.TooMany ? StatusCodes.Status429TooManyRequests : StatusCodes.Status400BadRequest;
        if (!string.IsNullOrWhiteSpace(Input.Dataset))
        {
            await LoadDatasetAsync(Input.Dataset, ct);
        }
        Threads = Dataset is null ? await queries.PublicThreadsAsync(null, 50, ct) : [];
        return Page();
    }

    private async Task LoadDatasetAsync(string key, CancellationToken ct)
    {
        var found = await db.Datasets.AsNoTracking().Where(d => d.Status == DatasetStatus.Published).Named(key)
            .Select(d => new { d.Name, d.Title }).FirstOrDefaultAsync(ct);
        Dataset = found is null ? null : (found.Name, found.Title);
    }
}
