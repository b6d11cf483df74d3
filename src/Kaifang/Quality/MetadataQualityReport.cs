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
/// datasets, their resources and the link checks, each loaded in one query for the whole scope.
public sealed class MetadataQualityReport(KaifangDbContext db)
{
    /// The scores of the published datasets of the given agencies (all when null), worst first.
    /// Only the fields the score reads and the lists show are loaded (<see cref="ForScoring"/>): a catalogue's
    /// pages score every dataset, and whole entities (long texts, field lists, extra fields) cost most of the time.
    public async Task<MetadataQualityOverview> OverviewAsync(IReadOnlySet<int>? agencies, CancellationToken cancellationToken)
    {
        var published = db.Datasets.AsNoTracking().Where(d => d.Status == DatasetStatus.Published);
        if (agencies is not null)
        {
            var ids = agencies.ToList();
            published = published.Where(d => ids.Contains(d.AgencyId));
        }
        var datasets = await ForScoring(published).ToListAsync(cancellationToken);
        var resources = await ForScoring(db.Resources.AsNoTracking().Join(published, r => r.DatasetId, d => d.Id, (r, d) => r).OrderBy(r => r.Position))
            .ToListAsync(cancellationToken);
        var states = await db.LinkChecks.AsNoTracking().Join(published, c => c.DatasetId, d => d.Id, (c, d) => c)
            .Select(c => new { c.ResourceId, c.LastStatus, c.HttpStatus })
            .ToListAsync(cancellationToken);
        var byResource = states.ToDictionary(s => s.ResourceId, s => new LinkState(s.LastStatus, s.HttpStatus));
        // In each dataset's group the resources keep the query's order, by position.
        var byDataset = resources.ToLookup(r => r.DatasetId);
        var rows = new List<MetadataQualityRow>(datasets.Count);
        foreach (var d in datasets)
        {
            var score = MetadataQuality.Score(d, [.. byDataset[d.Id]], byResource);
            rows.Add(new MetadataQualityRow(d.Id, d.Name, d.Title, d.TitleEn, d.AgencyId, score));
        }
        rows = [.. rows.OrderBy(r => r.Score.Points).ThenBy(r => r.Name, StringComparer.Ordinal)];
        var perAgency = rows.GroupBy(r => r.AgencyId)
            .Select(g => new AgencyMetadataQuality(g.Key, MetadataQualitySummary.Of(g.Select(r => r.Score))))
            .OrderBy(a => a.AgencyId)
            .ToList();
        return new MetadataQualityOverview(rows, perAgency, MetadataQualitySummary.Of(rows.Select(r => r.Score)));
    }

    /// A dataset as far as <see cref="MetadataQuality.Score"/> reads it and a list names it, without its resources.
    /// A criterion that reads another field must add it here (the tests compare with whole datasets).
    internal static IQueryable<Dataset> ForScoring(IQueryable<Dataset> datasets) => datasets.Select(d => new Dataset
    {
        Id = d.Id,
        Identifier = d.Identifier,
        Name = d.Name,
        Title = d.Title,
        TitleEn = d.TitleEn,
        Description = d.Description,
        AgencyId = d.AgencyId,
        ServiceCategory = d.ServiceCategory,
        License = d.License,
        SpatialCoverage = d.SpatialCoverage,
        CoverageStart = d.CoverageStart,
        CoverageEnd = d.CoverageEnd,
        ContactName = d.ContactName,
        ContactPhone = d.ContactPhone,
        ContactEmail = d.ContactEmail,
        Keywords = d.Keywords,
        Status = d.Status,
        FirstPublishedAt = d.FirstPublishedAt,
    });

    /// A resource as far as the score reads it (its identifier and name are left empty).
    internal static IQueryable<Resource> ForScoring(IQueryable<Resource> resources) => resources.Select(r => new Resource
    {
        Id = r.Id,
        DatasetId = r.DatasetId,
        Identifier = "",
        Position = r.Position,
        Name = "",
        Format = r.Format,
        FileHash = r.FileHash,
        MediaType = r.MediaType,
        Size = r.Size,
    });

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
