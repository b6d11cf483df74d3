using Kaifang.Promotion;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaifang.Web.Pages.Portal.Events;

/// Every event: upcoming ones first (soonest first), past ones below.
public sealed class IndexModel(PromotionEvents events) : PageModel
{
    public IReadOnlyList<EventSummary> Upcoming { get; private set; } = [];
    public IReadOnlyList<EventSummary> Past { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await events.ListAsync(null, ct);
        Upcoming = [.. all.Where(e => !e.Past)];
        Past = [.. all.Where(e => e.Past)];
    }
}
