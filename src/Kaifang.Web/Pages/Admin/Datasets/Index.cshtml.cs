using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Pages.Admin.Datasets;

public sealed class IndexModel(AgencyDirectory agencies, KaifangDbContext db) : StaffPageModel(agencies)
{
    private const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public DatasetStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public int Total { get; private set; }
    public int Pages => (Total + PageSize - 1) / PageSize;
    public List<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.Datasets.AsNoTracking();
        if (Staff.Role != StaffRole.SystemAdmin)
        {
            var scope = Staff.Agencies.ToList();
            query = query.Where(d => scope.Contains(d.AgencyId));
        }
        if (Status is { } status)
        {
            query = query.Where(d => d.Status == status);
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            query = query.Where(d => d.Title.Contains(q) || d.Identifier.Contains(q) || (d.TitleEn != null && d.TitleEn.Contains(q)));
        }
        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Math.Max(1, Pages));
        Rows = await query.OrderByDescending(d => d.MetadataModifiedAt)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(d => new Row(d.Identifier, d.Name, d.Title, d.AgencyId, d.Status, d.MetadataModifiedAt))
            .ToListAsync(ct);
    }

    public sealed record Row(string Identifier, string Name, string Title, int AgencyId, DatasetStatus Status, DateTimeOffset MetadataModifiedAt);
}
