using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Kaifang.Web.Authentication;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Pages.Admin;

public sealed class IndexModel(AgencyDirectory agencies, KaifangDbContext db) : StaffPageModel(agencies)
{
    public int Drafts { get; private set; }
    public int Published { get; private set; }
    public int Withdrawn { get; private set; }
    public string? DisplayName => User.DisplayNameOf();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = Staff.Agencies.ToList();
        var query = Staff.Role == Accounts.StaffRole.SystemAdmin ? db.Datasets : db.Datasets.Where(d => scope.Contains(d.AgencyId));
        var counts = await query.GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        Drafts = counts.FirstOrDefault(c => c.Key == DatasetStatus.Draft)?.Count ?? 0;
        Published = counts.FirstOrDefault(c => c.Key == DatasetStatus.Published)?.Count ?? 0;
        Withdrawn = counts.FirstOrDefault(c => c.Key == DatasetStatus.Withdrawn)?.Count ?? 0;
    }
}
