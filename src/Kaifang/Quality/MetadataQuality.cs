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
    public int Points => Criteria.Sum(c => c.Points);

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
        bool Reachable(Resource r) => links.TryGetValue(r.Id, out var state) && state.Reachable;
        var everyFormatFromTable = resources.All(r => EuVocabularies.FileTypeIri(r.Format) is not null);
        var licence = Licenses.Find(dataset.License);
        var criteria = new List<CriterionScore>
        {
            OnDataset(MetadataQualityCriteria.Keyword, dataset.Keywords.Any(k => !string.IsNullOrWhiteSpace(k))),
            // The writer emits dcat:theme for a known service category only.
            OnDataset(MetadataQualityCriteria.Theme, ServiceCategories.Find(dataset.ServiceCategory) is not null),
            OnDataset(MetadataQualityCriteria.Spatial, !string.IsNullOrWhiteSpace(dataset.SpatialCoverage)),
            OnDataset(MetadataQualityCriteria.Temporal, dataset.CoverageStart is not null || dataset.CoverageEnd is not null),
            // Every distribution has a dcat:accessURL (the link, or Kaifang's download address for an upload).
            OnDistributions(MetadataQualityCriteria.AccessUrlReachable, resources, Reachable),
            // dcat:downloadURL is written for uploads only: a link may be a page or an API rather than a file.
            OnDistributions(MetadataQualityCriteria.DownloadUrl, resources, r => r.IsUpload),
            OnDistributions(MetadataQualityCriteria.DownloadUrlReachable, resources, r => r.IsUpload && Reachable(r)),
            OnDistributions(MetadataQualityCriteria.Format, resources, r => !string.IsNullOrWhiteSpace(r.Format)),
            OnDistributions(MetadataQualityCriteria.MediaType, resources, r => DcatMapping.MediaTypeOf(r) is not null),
            OnDistributions(MetadataQualityCriteria.FormatFromVocabulary, resources,
                r => EuVocabularies.FileTypeIri(r.Format) is not null && OpenFormatLists.IsIanaMediaType(DcatMapping.MediaTypeOf(r))),
            OnDistributions(MetadataQualityCriteria.NonProprietary, resources, r => OpenFormatLists.IsNonProprietary(EuVocabularies.FileTypeIri(r.Format))),
            OnDistributions(MetadataQualityCriteria.MachineReadable, resources, r => OpenFormatLists.IsMachineReadable(EuVocabularies.FileTypeIri(r.Format))),
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
            OnDistributions(MetadataQualityCriteria.Rights, resources, _ => licence?.Url is not null),
            OnDistributions(MetadataQualityCriteria.ByteSize, resources, r => r.Size is not null),
            OnDataset(MetadataQualityCriteria.Issued, dataset.FirstPublishedAt is not null),
            // dct:modified is always written, from the metadata's last change.
            OnDataset(MetadataQualityCriteria.Modified, true),
        };
        var own = new Dictionary<Guid, LinkState>();
        foreach (var r in resources)
        {
            if (links.TryGetValue(r.Id, out var state))
            {
                own[r.Id] = state;
            }
        }
        return new MetadataQualityScore(dataset.Id, criteria, own);
    }

    /// Points for a share: met of all, of max, rounded half away from zero; none when there is nothing to share.
    public static int Share(int max, int met, int of) =>
        of == 0 ? 0 : (int)Math.Round((decimal)max * met / of, MidpointRounding.AwayFromZero);

    private static CriterionScore OnDataset(MetadataCriterion criterion, bool met) =>
        new(criterion, met ? criterion.MaxPoints : 0, met ? 1 : 0, 1, new HashSet<Guid>());

    private static CriterionScore OnDistributions(MetadataCriterion criterion, IReadOnlyList<Resource> resources, Func<Resource, bool> meets)
    {
        var metBy = resources.Where(meets).Select(r => r.Id).ToHashSet();
        return new(criterion, Share(criterion.MaxPoints, metBy.Count, resources.Count), metBy.Count, resources.Count, metBy);
    }
}
