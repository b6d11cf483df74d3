using Kaifang.Auditing;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Pages.Portal.Datasets;

/// One published dataset: its metadata, resources, a preview of its tables and its change history.
public sealed class ShowModel(KaifangDbContext db, FileStore files, Datastore.DatastoreQueries datastore, Kaifang.Feedback.FeedbackQueries feedback,
    Kaifang.Agencies.AgencyDirectory agencies, Microsoft.Extensions.Options.IOptions<Kaifang.Feedback.FeedbackOptions> feedbackOptions,
    Kaifang.Quality.QualityAssessment quality, Kaifang.Promotion.Showcases showcases) : PageModel
{
    /// Previews cost a file read each; a dataset with many tables shows the first few.
    public const int MaxPreviews = 3;

    /// History entries shown; older ones are rarely asked for on the public page.
    public const int MaxHistory = 50;

    public Dataset Dataset { get; private set; } = null!;
    public IReadOnlyList<Resource> Resources { get; private set; } = [];
    public IReadOnlyList<(Resource Resource, PreviewTable Table)> Previews { get; private set; } = [];
    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    /// The dataset's stars and the quality checks' verdicts, as they stand now.
    public Kaifang.Quality.DatasetQuality? Quality { get; private set; }

    /// The public's comments on this dataset and the agency's replies.
    public IReadOnlyList<Kaifang.Feedback.PublicThread> Threads { get; private set; } = [];

    public Feedback.CommentFormView CommentForm => new(new Kaifang.Feedback.CommentInput(Dataset.Name, null, "question", null, null, null), null, Dataset.Name,
        agencies.Tree, feedbackOptions.Value.ReplyDays);

    /// Approved showcases that use this dataset.
    public Showcase.ShowcaseListView Showcases { get; private set; } = null!;

    /// Resources whose rows are queryable through the DataStore.
    public IReadOnlySet<Guid> Queryable { get; private set; } = new HashSet<Guid>();

    /// The catalog this dataset is harvested from, when it is.
    public Interop.Harvesting.HarvestSource? HarvestSource { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken cancellationToken)
    {
        var lowered = name.ToLowerInvariant();
        var dataset = await db.Datasets.AsNoTracking()
            .Include(d => d.Agency)
            .Include(d => d.Resources)
            .SingleOrDefaultAsync(d => d.Name == lowered && d.Status == DatasetStatus.Published, cancellationToken);
        if (dataset is null)
        {
            return NotFound();
        }
        if (name != lowered)
        {
            return RedirectPermanent($"/datasets/{Uri.EscapeDataString(lowered)}");
        }
        Dataset = dataset;
        Resources = [.. dataset.Resources.OrderBy(r => r.Position)];

        var previews = new List<(Resource, PreviewTable)>();
        foreach (var resource in Resources.Where(r => r.IsUpload && ResourcePreview.CanPreview(r.Format)).Take(MaxPreviews))
        {
            previews.Add((resource, await ResourcePreview.ReadAsync(files, resource, cancellationToken)));
        }
        Previews = previews;
        Queryable = datastore.ActiveAmong(Resources.Select(r => r.Id));
        HarvestSource = dataset.HarvestSourceId is { } sourceId
            ? await db.HarvestSources.AsNoTracking().FirstOrDefaultAsync(h => h.Id == sourceId, cancellationToken)
            : null;

        Threads = await feedback.PublicThreadsAsync(dataset.Id, 50, cancellationToken);
        var reuses = await showcases.ApprovedAsync(null, dataset.Id, cancellationToken);
        Showcases = new Showcase.ShowcaseListView(reuses, await showcases.DatasetNamesAsync(reuses, cancellationToken), ShowDatasets: false);
        var judged = await quality.AssessAsync(null, dataset.Id, cancellationToken);
        Quality = judged.Count > 0 ? judged[0] : null;
        History = await db.AuditEntries.AsNoTracking()
            .Where(e => e.DatasetId == dataset.Id)
            .OrderByDescending(e => e.At)
            .ThenByDescending(e => e.Id)
            .Take(MaxHistory)
            .ToListAsync(cancellationToken);
        return Page();
    }

    public static string DownloadUrl(Dataset dataset, Resource resource) =>
        $"/datasets/{dataset.Name}/resources/{resource.Id}/download";
}
