using System.Collections.Frozen;
using Kaifang.Catalog;
using Kaifang.Interop.Dcat;

namespace Kaifang.Quality;

/// A resource's last link check, as far as the score needs it: whether it worked, and the HTTP status it answered.
public sealed record LinkState(LinkStatus Status, int? HttpStatus)
{
    public bool Reachable => Status == LinkStatus.Ok;
}

/// How one criterion scored: the points earned of its maximum, and on how many of the dataset's
/// distributions it held (Of is 1 for a dataset criterion). MetBy names the distributions that meet it.
public sealed record CriterionScore(MetadataCriterion Criterion, int Points, int Met, int Of, IReadOnlySet<Guid> MetBy)
{
    public bool IsMet => Points == Criterion.MaxPoints;

    /// The points still to gain by adding what the criterion asks for.
    public int Missing => Criterion.MaxPoints - Points;
}

/// One dataset's metadata quality score out of 405, criterion by criterion.
public sealed record MetadataQualityScore(Guid DatasetId, IReadOnlyList<CriterionScore> Criteria, IReadOnlyDictionary<Guid, LinkState> Links)
{
    public int Points { get; } = Criteria.Sum(c => c.Points);

    public static int Max => MetadataQualityCriteria.MaxScore;

    public MetadataQualityBand Band => MetadataQuality.BandOf(Points);

    public int PointsIn(MetadataQualityDimension dimension) => Criteria.Where(c => c.Criterion.Dimension == dimension).Sum(c => c.Points);

    /// What to add to gain points, most points first; criteria Kaifang cannot record yet come last.
    public IEnumerable<CriterionScore> ToGain =>
        Criteria.Where(c => c.Missing > 0).OrderByDescending(c => c.Criterion.Recorded).ThenByDescending(c => c.Missing);

    public CriterionScore this[MetadataCriterion criterion] => Criteria.Single(c => c.Criterion == criterion);
}

/// Averages and band counts over many datasets: an agency's or the catalogue's.
public sealed record MetadataQualitySummary(int Datasets, double AveragePoints, IReadOnlyDictionary<MetadataQualityBand, int> Bands)
{
    /// The band of the average, rounded to whole points as the scores are.
    public MetadataQualityBand Band => MetadataQuality.BandOf((int)Math.Round(AveragePoints, MidpointRounding.AwayFromZero));

    public static MetadataQualitySummary Of(IEnumerable<MetadataQualityScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var points = scores.Select(s => s.Points).ToList();
        var bands = Enum.GetValues<MetadataQualityBand>().ToDictionary(b => b, b => points.Count(p => MetadataQuality.BandOf(p) == b));
        return new MetadataQualitySummary(points.Count, points.Count == 0 ? 0 : Math.Round(points.Average(), 1), bands);
    }
}

/// The metadata quality score of the EU data portal's Metadata Quality Assessment (MQA), computed from
/// what Kaifang's DCAT output says about a dataset (DcatMapping), without reading the output back.
/// Pure: the dataset, its resources and their last link checks in, the score out (docs/quality.md).
///
/// A distribution criterion earns its points in proportion to the share of the dataset's resources
/// that meet it, rounded to whole points (half away from zero): 1 of 2 resources with a media type
/// earns 5 of 10. A dataset without resources earns none of them. A link is reachable when its last
/// check succeeded; a link never checked is not counted as reachable, since nothing says it works.
public static class MetadataQuality
{
    public const int ExcellentFrom = 351;
    public const int GoodFrom = 221;
    public const int SufficientFrom = 121;

    public static MetadataQualityBand BandOf(int points) => points switch
    {
        >= ExcellentFrom => MetadataQualityBand.Excellent,
        >= GoodFrom => MetadataQualityBand.Good,
        >= SufficientFrom => MetadataQualityBand.Sufficient,
        _ => MetadataQualityBand.Bad,
    };

    public static MetadataQualityScore Score(Dataset dataset, IReadOnlyList<Resource> resources, IReadOnlyDictionary<Guid, LinkState> links)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(links);
        // What the output says of each distribution, worked out once for all the criteria that ask.
        var distributions = new Distribution[resources.Count];
        Dictionary<Guid, LinkState>? own = null;
        for (var i = 0; i < resources.Count; i++)
        {
            var r = resources[i];
            var reachable = false;
            if (links.TryGetValue(r.Id, out var state))
            {
                (own ??= [])[r.Id] = state;
                reachable = state.Reachable;
            }
            distributions[i] = new Distribution(r, EuVocabularies.FileTypeIri(r.Format), DcatMapping.MediaTypeOf(r), reachable);
        }
        // One set of all the distributions, shared by the criteria they all meet.
        IReadOnlySet<Guid> all = resources.Count == 0 ? NoDistributions : resources.Select(r => r.Id).ToHashSet();
        var everyFormatFromTable = distributions.All(d => d.FileType is not null);
        var licence = Licenses.Find(dataset.License);
        CriterionScore[] criteria =
        [
            OnDataset(MetadataQualityCriteria.Keyword, dataset.Keywords.Any(k => !string.IsNullOrWhiteSpace(k))),
            // The writer emits dcat:theme for a known service category only.
            OnDataset(MetadataQualityCriteria.Theme, ServiceCategories.Find(dataset.ServiceCategory) is not null),
            OnDataset(MetadataQualityCriteria.Spatial, !string.IsNullOrWhiteSpace(dataset.SpatialCoverage)),
            OnDataset(MetadataQualityCriteria.Temporal, dataset.CoverageStart is not null || dataset.CoverageEnd is not null),
            // Every distribution has a dcat:accessURL (the link, or Kaifang's download address for an upload).
            OnDistributions(all, MetadataQualityCriteria.AccessUrlReachable, distributions, d => d.Reachable),
            // dcat:downloadURL is written for uploads only: a link may be a page or an API rather than a file.
            OnDistributions(all, MetadataQualityCriteria.DownloadUrl, distributions, d => d.Resource.IsUpload),
            OnDistributions(all, MetadataQualityCriteria.DownloadUrlReachable, distributions, d => d.Resource.IsUpload && d.Reachable),
            OnDistributions(all, MetadataQualityCriteria.Format, distributions, d => !string.IsNullOrWhiteSpace(d.Resource.Format)),
            OnDistributions(all, MetadataQualityCriteria.MediaType, distributions, d => d.MediaType is not null),
            OnDistributions(all, MetadataQualityCriteria.FormatFromVocabulary, distributions,
                d => d.FileType is not null && OpenFormatLists.IsIanaMediaType(d.MediaType)),
            OnDistributions(all, MetadataQualityCriteria.NonProprietary, distributions, d => OpenFormatLists.IsNonProprietary(d.FileType)),
            OnDistributions(all, MetadataQualityCriteria.MachineReadable, distributions, d => OpenFormatLists.IsMachineReadable(d.FileType)),
            // What the output guarantees (docs/quality.md): every class and property is DCAT-AP 3's with its ranges, and every
            // distribution has its mandatory access URL; what depends on the data is the dataset's mandatory description
            // (the title is required by Kaifang) and dct:format as an IRI, which only formats in the EU table get.
            OnDataset(MetadataQualityCriteria.DcatApCompliance,
                !string.IsNullOrWhiteSpace(dataset.Title) && !string.IsNullOrWhiteSpace(dataset.Description) && everyFormatFromTable),
            // dct:license is written for a licence with an address only (not for 其他), and then it is one of Kaifang's list.
            OnDataset(MetadataQualityCriteria.Licence, licence?.Url is not null),
            OnDataset(MetadataQualityCriteria.KnownLicence, licence?.Url is not null),
            // Only published datasets are served, always with the EU access right PUBLIC.
            OnDataset(MetadataQualityCriteria.AccessRights, true),
            OnDataset(MetadataQualityCriteria.AccessRightsFromVocabulary, true),
            OnDataset(MetadataQualityCriteria.ContactPoint,
                !string.IsNullOrWhiteSpace(dataset.ContactName) || !string.IsNullOrWhiteSpace(dataset.ContactEmail) || !string.IsNullOrWhiteSpace(dataset.ContactPhone)),
            OnDataset(MetadataQualityCriteria.Publisher, dataset.Agency is not null || dataset.AgencyId != 0),
            // Each distribution carries the licence's terms as its dct:rights statement when the licence has an address.
            OnDistributions(all, MetadataQualityCriteria.Rights, distributions, _ => licence?.Url is not null),
            OnDistributions(all, MetadataQualityCriteria.ByteSize, distributions, d => d.Resource.Size is not null),
            OnDataset(MetadataQualityCriteria.Issued, dataset.FirstPublishedAt is not null),
            // dct:modified is always written, from the metadata's last change.
            OnDataset(MetadataQualityCriteria.Modified, true),
        ];
        return new MetadataQualityScore(dataset.Id, criteria, own ?? NoLinks);
    }

    /// Points for a share: met of all, of max, rounded half away from zero; none when there is nothing to share.
    public static int Share(int max, int met, int of) =>
        of == 0 ? 0 : (int)Math.Round((decimal)max * met / of, MidpointRounding.AwayFromZero);

    // A catalogue's pages score every dataset: nothing is allocated for what names no distribution.
    private static readonly IReadOnlySet<Guid> NoDistributions = FrozenSet<Guid>.Empty;
    private static readonly IReadOnlyDictionary<Guid, LinkState> NoLinks = FrozenDictionary<Guid, LinkState>.Empty;

    /// A distribution as the DCAT output writes it: its EU file type (null outside the table), its media type, and whether its link works.
    private readonly record struct Distribution(Resource Resource, string? FileType, string? MediaType, bool Reachable);

    private static CriterionScore OnDataset(MetadataCriterion criterion, bool met) =>
        new(criterion, met ? criterion.MaxPoints : 0, met ? 1 : 0, 1, NoDistributions);

    private static CriterionScore OnDistributions(IReadOnlySet<Guid> all, MetadataCriterion criterion, Distribution[] distributions, Func<Distribution, bool> meets)
    {
        var met = distributions.Count(meets);
        var metBy = met == 0 ? NoDistributions
            : met == distributions.Length ? all
            : distributions.Where(meets).Select(d => d.Resource.Id).ToHashSet();
        return new(criterion, Share(criterion.MaxPoints, met, distributions.Length), met, distributions.Length, metBy);
    }
}
