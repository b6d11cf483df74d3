using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Quality;

/// A link's state with what it belongs to, for lists.
public sealed record LinkCheckRow(LinkCheck Check, string ResourceName, string DatasetName, string DatasetTitle, int AgencyId);

/// Per agency: links checked, failing now (not yet broken), broken.
public sealed record AgencyLinkCounts(int AgencyId, int Checked, int Failing, int Broken);

/// Which links a list shows.
public sealed record LinkCheckFilter(IReadOnlySet<int>? Agencies = null, bool? Broken = null, LinkStatus? Status = null, bool FailingOnly = false);

/// The lists the back office and the API show: links by agency, broken or failing first.
public sealed class LinkCheckReport(KaifangDbContext db)
{
    /// A member-initialised shape, which EF Core can still filter and sort on (a record's constructor it cannot).
    private sealed class Joined
    {
        public required LinkCheck Check { get; init; }
        public required string ResourceName { get; init; }
        public required string DatasetName { get; init; }
        public required string DatasetTitle { get; init; }
        public int AgencyId { get; init; }
    }

    private IQueryable<Joined> Rows(LinkCheckFilter filter)
    {
        var rows =
            from c in db.LinkChecks.AsNoTracking()
            join r in db.Resources on c.ResourceId equals r.Id
            join d in db.Datasets on r.DatasetId equals d.Id
            select new Joined { Check = c, ResourceName = r.Name, DatasetName = d.Name, DatasetTitle = d.Title, AgencyId = d.AgencyId };
        if (filter.Agencies is { } agencies)
        {
            var ids = agencies.ToList();
            rows = rows.Where(x => ids.Contains(x.AgencyId));
        }
        if (filter.Broken is { } broken)
        {
            rows = rows.Where(x => x.Check.IsBroken == broken);
        }
        if (filter.Status is { } status)
        {
            rows = rows.Where(x => x.Check.LastStatus == status);
        }
        if (filter.FailingOnly)
        {
            rows = rows.Where(x => x.Check.LastStatus != LinkStatus.Ok);
        }
        return rows;
    }

    public async Task<(int Total, List<LinkCheckRow> Rows)> ListAsync(LinkCheckFilter filter, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var rows = Rows(filter);
        var total = await rows.CountAsync(cancellationToken);
        var page = await rows
            .OrderByDescending(x => x.Check.IsBroken)
            .ThenByDescending(x => x.Check.ConsecutiveFailures)
            .ThenBy(x => x.DatasetName)
            .ThenBy(x => x.ResourceName)
            .Skip(offset).Take(limit)
            .ToListAsync(cancellationToken);
        return (total, [.. page.Select(x => new LinkCheckRow(x.Check, x.ResourceName, x.DatasetName, x.DatasetTitle, x.AgencyId))]);
    }

    public async Task<List<AgencyLinkCounts>> CountByAgencyAsync(IReadOnlySet<int>? agencies, CancellationToken cancellationToken)
    {
        var rows = Rows(new LinkCheckFilter(agencies));
        return await rows.GroupBy(x => x.AgencyId)
            .Select(g => new AgencyLinkCounts(g.Key, g.Count(),
                g.Count(x => x.Check.LastStatus != LinkStatus.Ok && !x.Check.IsBroken),
                g.Count(x => x.Check.IsBroken)))
            .ToListAsync(cancellationToken);
    }

    /// The last check of each resource of one dataset.
    public Task<List<LinkCheck>> ForDatasetAsync(Guid datasetId, CancellationToken cancellationToken) =>
        db.LinkChecks.AsNoTracking().Where(c => c.DatasetId == datasetId).ToListAsync(cancellationToken);
}
