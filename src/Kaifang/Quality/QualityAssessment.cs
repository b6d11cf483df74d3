using Kaifang.Catalog;
using Kaifang.Datastore;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Quality;

/// A resource's stars and last link check.
public sealed record ResourceQuality(Guid ResourceId, string Name, string Format, StarRating Stars, LinkCheck? Check)
{
    public bool Broken => Check?.IsBroken ?? false;
}

/// Everything the quality checks say of one dataset: its stars (its best resource's), whether it was
/// updated on time, its broken links, its wrong information — the three faults of the accuracy formula.
public sealed record DatasetQuality(
    Guid DatasetId, string Name, string Identifier, string Title, int AgencyId, string? ContactEmail,
    StarRating Stars, IReadOnlyList<ResourceQuality> Resources, FreshnessVerdict Freshness, IReadOnlyList<MetadataProblem> Problems)
{
    public bool NotUpdatedOnTime => Freshness.IsLate;
    public bool HasBrokenLink => Resources.Any(r => r.Broken);
    public bool HasWrongInformation => Problems.Count > 0;
    public int Faults => (NotUpdatedOnTime ? 1 : 0) + (HasBrokenLink ? 1 : 0) + (HasWrongInformation ? 1 : 0);
}

/// Judges published datasets by the written rules, from the database as it is now: the last link
/// checks, the DataStore's columns, and the clock. Loads in bulk; nothing is stored here.
public sealed class QualityAssessment(KaifangDbContext db, DatastoreDatabase datastore, IOptions<QualityOptions> options, TimeProvider time)
{
    /// The published datasets of the agencies given (all when null), or one dataset.
    public async Task<IReadOnlyList<DatasetQuality>> AssessAsync(IReadOnlySet<int>? agencies, Guid? datasetId, CancellationToken cancellationToken)
    {
        var query = db.Datasets.AsNoTracking().Include(d => d.Resources).Where(d => d.Status == DatasetStatus.Published);
        if (datasetId is { } id)
        {
            query = query.Where(d => d.Id == id);
        }
        if (agencies is not null)
        {
            var list = agencies.ToList();
            query = query.Where(d => list.Contains(d.AgencyId));
        }
        var datasets = await query.AsSplitQuery().ToListAsync(cancellationToken);
        var ids = datasets.Select(d => d.Id).ToHashSet();
        // Only the checks of the datasets judged: an agency's page does not read the whole catalogue's.
        var checkQuery = db.LinkChecks.AsNoTracking().Where(c => datasetId == null || c.DatasetId == datasetId);
        if (agencies is not null)
        {
            var list = agencies.ToList();
            checkQuery = checkQuery.Where(c => db.Datasets.Any(d => d.Id == c.DatasetId && list.Contains(d.AgencyId)));
        }
        var checks = await checkQuery.ToListAsync(cancellationToken);
        var byResource = checks.Where(c => ids.Contains(c.DatasetId)).ToDictionary(c => c.ResourceId);
        var columns = TableColumns(datasetId);
        var now = time.GetUtcNow();
        var rule = options.Value.Freshness;
        return [.. datasets.Select(d => Assess(d, byResource, columns, rule, now))];
    }

    public static DatasetQuality Assess(Dataset d, IReadOnlyDictionary<Guid, LinkCheck> checks, IReadOnlyDictionary<Guid, IReadOnlyList<string>> columns, FreshnessRule rule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(rule);
        var resources = d.Resources.OrderBy(r => r.Position).Select(r =>
        {
            checks.TryGetValue(r.Id, out var check);
            var stars = OpennessStars.ForResource(r.Format, check?.Content, check?.IsBroken ?? false, check?.LinksToOtherData ?? false);
            return new ResourceQuality(r.Id, r.Name, r.Format, stars, check);
        }).ToList();
        return new DatasetQuality(d.Id, d.Name, d.Identifier, d.Title, d.AgencyId, d.ContactEmail,
            OpennessStars.ForDataset([.. resources.Select(r => (r.Name, r.Stars))]), resources,
            rule.Judge(d.UpdateFrequency, d.DataModifiedAt, d.FirstPublishedAt, now),
            MetadataChecks.Check(d, checks, columns));
    }

    private Dictionary<Guid, IReadOnlyList<string>> TableColumns(Guid? datasetId)
    {
        if (!File.Exists(datastore.FilePath))
        {
            return [];
        }
        using var connection = datastore.OpenRead();
        return DatastoreDatabase.ReadTables(connection, datasetId)
            .ToDictionary(t => t.ResourceId, t => (IReadOnlyList<string>)[.. t.Fields.Select(f => f.Id)]);
    }
}
