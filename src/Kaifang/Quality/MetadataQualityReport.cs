using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Quality;

/// A published dataset's score with what names it, for lists.
public sealed record MetadataQualityRow(Guid DatasetId, string Name, string Title, string? TitleEn, int AgencyId, MetadataQualityScore Score);

/// Per agency: its datasets' average score and bands.
public sealed record AgencyMetadataQuality(int AgencyId, MetadataQualitySummary Summary);

/// All the scores of a scope (one agency's datasets, several agencies', or the catalogue's), with
/// the summaries per agency and over all of them.
public sealed record MetadataQualityOverview(IReadOnlyList<MetadataQualityRow> Datasets, IReadOnlyList<AgencyMetadataQuality> Agencies, MetadataQualitySummary Total);

/// Computes metadata quality scores from the database, on demand (nothing is stored): published
/// datasets with their resources, and the link checks, each loaded in one query for the whole scope.
public sealed class MetadataQualityReport(KaifangDbContext db)
{
    /// The scores of the published datasets of the given agencies (all when null), worst first.
    public async Task<MetadataQualityOverview> OverviewAsync(IReadOnlySet<int>? agencies, CancellationToken cancellationToken)
    {
        var query = db.Datasets.AsNoTracking().Include(d => d.Resources).AsSplitQuery().Where(d => d.Status == DatasetStatus.Published);
        var links = db.LinkChecks.AsNoTracking()
            .Join(db.Datasets.Where(d => d.Status == DatasetStatus.Published), c => c.DatasetId, d => d.Id, (c, d) => new { c, d.AgencyId });
        if (agencies is not null)
        {
            var ids = agencies.ToList();
            query = query.Where(d => ids.Contains(d.AgencyId));
            links = links.Where(x => ids.Contains(x.AgencyId));
        }
        var datasets = await query.ToListAsync(cancellationToken);
        var states = await links.Select(x => new { x.c.ResourceId, x.c.LastStatus, x.c.HttpStatus }).ToListAsync(cancellationToken);
        var byResource = states.ToDictionary(s => s.ResourceId, s => new LinkState(s.LastStatus, s.HttpStatus));
        var rows = datasets
            .Select(d => new MetadataQualityRow(d.Id, d.Name, d.Title, d.TitleEn, d.AgencyId, Score(d, byResource)))
            .OrderBy(r => r.Score.Points).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        var perAgency = rows.GroupBy(r => r.AgencyId)
            .Select(g => new AgencyMetadataQuality(g.Key, MetadataQualitySummary.Of(g.Select(r => r.Score))))
            .OrderBy(a => a.AgencyId)
            .ToList();
        return new MetadataQualityOverview(rows, perAgency, MetadataQualitySummary.Of(rows.Select(r => r.Score)));
    }

    /// One published dataset's score by its name, or null when there is no such published dataset.
    public async Task<MetadataQualityRow?> ForDatasetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim().ToLowerInvariant();
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Resources)
            .SingleOrDefaultAsync(d => d.Name == key && d.Status == DatasetStatus.Published, cancellationToken);
        if (dataset is null)
        {
            return null;
        }
        var scores = await ScoresAsync([dataset], cancellationToken);
        return new MetadataQualityRow(dataset.Id, dataset.Name, dataset.Title, dataset.TitleEn, dataset.AgencyId, scores[dataset.Id]);
    }

    /// The scores of datasets already loaded with their resources, with their link checks in one query.
    public async Task<Dictionary<Guid, MetadataQualityScore>> ScoresAsync(IReadOnlyCollection<Dataset> datasets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        var ids = datasets.Select(d => d.Id).ToList();
        var states = await db.LinkChecks.AsNoTracking()
            .Where(c => ids.Contains(c.DatasetId))
            .Select(c => new { c.ResourceId, c.LastStatus, c.HttpStatus })
            .ToListAsync(cancellationToken);
        var byResource = states.ToDictionary(s => s.ResourceId, s => new LinkState(s.LastStatus, s.HttpStatus));
        return datasets.ToDictionary(d => d.Id, d => Score(d, byResource));
    }

    private static MetadataQualityScore Score(Dataset dataset, Dictionary<Guid, LinkState> links) =>
        MetadataQuality.Score(dataset, [.. dataset.Resources.OrderBy(r => r.Position)], links);
}
