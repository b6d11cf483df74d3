using Kaifang.Agencies;
using Kaifang.Feedback;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Pages.Admin.Feedback;

/// The comments staff answer: what awaits a reply (the most urgent first), what is overdue, mine, held for moderation.
public sealed class IndexModel(AgencyDirectory agencies, FeedbackQueries queries, KaifangDbContext db, TimeProvider time) : StaffPageModel(agencies)
{
    public const int PageSize = 50;

    /// awaiting, overdue, mine, held, or all.
    public string View { get; private set; } = "awaiting";
    public string? Agency { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Total { get; private set; }
    public IReadOnlyList<Comment> Items { get; private set; } = [];
    public Dictionary<Guid, string> Datasets { get; private set; } = [];
    public Dictionary<Guid, string> Handlers { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(string? view, string? agency, int? p, CancellationToken ct)
    {
        View = view is "overdue" or "mine" or "held" or "all" ? view : "awaiting";
        Agency = agency;
        PageNumber = Math.Max(1, p ?? 1);
        Today = ReplyDeadline.TaipeiDate(time.GetUtcNow());
        var agencyId = agency is null ? null : Tree.FindByCode(agency)?.Id;
        var filter = new CommentFilter(agencyId, Overdue: View == "overdue", Held: View == "held", Mine: View == "mine");
        var (items, total) = await queries.ListAsync(Staff, filter, View == "awaiting" ? 0 : (PageNumber - 1) * PageSize, View == "awaiting" ? 1000 : PageSize, ct);
        Items = View == "awaiting" ? [.. items.Where(c => c.AwaitsReply).Skip((PageNumber - 1) * PageSize).Take(PageSize)] : items;
        Total = View == "awaiting" ? items.Count(c => c.AwaitsReply) : total;
        var datasetIds = Items.Where(c => c.DatasetId is not null).Select(c => c.DatasetId!.Value).Distinct().ToList();
        Datasets = await db.Datasets.AsNoTracking().Where(d => datasetIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Title, ct);
        var handlerIds = Items.Where(c => c.HandlerId is not null).Select(c => c.HandlerId!.Value).Distinct().ToList();
        Handlers = await db.Users.AsNoTracking().Where(u => handlerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    public string Link(string view, string? agency = null, int page = 1) =>
        $"/admin/feedback?view={view}{(agency is null ? "" : $"&agency={Uri.EscapeDataString(agency)}")}{(page > 1 ? $"&p={page}" : "")}";
}
