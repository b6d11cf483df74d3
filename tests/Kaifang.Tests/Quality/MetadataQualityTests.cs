using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Quality;

namespace Kaifang.Tests.Quality;

/// The metadata quality score with worked examples (docs/quality.md, "Metadata quality").
public sealed class MetadataQualityTests
{
    private static readonly Agency Bli = new() { Id = 2, Code = "BLI", Name = "勞動部勞工保險局", NameEn = "Bureau of Labor Insurance", OrganisationCode = "A17010000J", ParentId = 1 };

    public static Dataset FullyDescribed()
    {
        var dataset = new Dataset
        {
            Id = Guid.NewGuid(),
            Identifier = "A17010000J-000123",
            Name = "a17010000j-000123",
            Title = "勞工保險投保薪資分級表",
            Description = "勞工保險投保薪資的分級與金額。",
            Agency = Bli,
            AgencyId = Bli.Id,
            ServiceCategory = "500",
            Keywords = ["勞工保險", "投保薪資"],
            License = Licenses.OpenGovernmentDataV1,
            ContactName = "王小明",
            ContactPhone = "02-23961266",
            SpatialCoverage = "臺灣地區",
            CoverageStart = new DateOnly(2016, 1, 1),
            FirstPublishedAt = new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero),
            MetadataModifiedAt = new DateTimeOffset(2024, 3, 4, 0, 0, 0, TimeSpan.Zero),
            Status = DatasetStatus.Published,
        };
        dataset.Resources =
        [
            Upload(dataset, 1, "CSV", "text/csv", 1234),
            Upload(dataset, 2, "JSON", "application/json", 5678),
        ];
        return dataset;
    }

    public static Resource Upload(Dataset dataset, int position, string format, string? mediaType, long? size) => new()
    {
        Id = Guid.NewGuid(),
        DatasetId = dataset.Id,
        Identifier = $"{dataset.Identifier}-{position:000}",
        Position = position,
        Name = $"資料 {position}",
        Format = format,
        MediaType = mediaType,
        Size = size,
        FileHash = new string('a', 64),
        FileName = $"data{position}.{format.ToLowerInvariant()}",
    };

    public static Resource Link(Dataset dataset, int position, string format, string url) => new()
    {
        Id = Guid.NewGuid(),
        DatasetId = dataset.Id,
        Identifier = $"{dataset.Identifier}-{position:000}",
        Position = position,
        Name = $"連結 {position}",
        Format = format,
        Url = url,
    };

    public static Dictionary<Guid, LinkState> AllWorking(Dataset dataset) =>
        dataset.Resources.ToDictionary(r => r.Id, r => new LinkState(LinkStatus.Ok, r.IsUpload ? null : 200));

    private static MetadataQualityScore Score(Dataset dataset, IReadOnlyDictionary<Guid, LinkState>? links = null) =>
        MetadataQuality.Score(dataset, dataset.Resources, links ?? new Dictionary<Guid, LinkState>());

    [Fact]
    public void The_criteria_add_up_to_405_in_five_dimensions()
    {
        Assert.Equal(405, MetadataQualityCriteria.All.Sum(c => c.MaxPoints));
        Assert.Equal(100, MetadataQualityCriteria.MaxPoints(MetadataQualityDimension.Findability));
        Assert.Equal(100, MetadataQualityCriteria.MaxPoints(MetadataQualityDimension.Accessibility));
        Assert.Equal(110, MetadataQualityCriteria.MaxPoints(MetadataQualityDimension.Interoperability));
        Assert.Equal(75, MetadataQualityCriteria.MaxPoints(MetadataQualityDimension.Reusability));
        Assert.Equal(20, MetadataQualityCriteria.MaxPoints(MetadataQualityDimension.Contextuality));
        Assert.Equal(23, MetadataQualityCriteria.All.Select(c => c.Metric).Distinct().Count());
    }

    [Fact]
    public void A_fully_described_dataset_with_working_uploads_scores_405_every_criterion_explained()
    {
        var dataset = FullyDescribed();
        var score = Score(dataset, AllWorking(dataset));
        var expected = new Dictionary<MetadataCriterion, int>
        {
            [MetadataQualityCriteria.Keyword] = 30,
            [MetadataQualityCriteria.Theme] = 30,
            [MetadataQualityCriteria.Spatial] = 20,
            [MetadataQualityCriteria.Temporal] = 20,
            [MetadataQualityCriteria.AccessUrlReachable] = 50,
            [MetadataQualityCriteria.DownloadUrl] = 20,
            [MetadataQualityCriteria.DownloadUrlReachable] = 30,
            [MetadataQualityCriteria.Format] = 20,
            [MetadataQualityCriteria.MediaType] = 10,
            [MetadataQualityCriteria.FormatFromVocabulary] = 10,
            [MetadataQualityCriteria.NonProprietary] = 20,
            [MetadataQualityCriteria.MachineReadable] = 20,
            [MetadataQualityCriteria.DcatApCompliance] = 30,
            [MetadataQualityCriteria.Licence] = 20,
            [MetadataQualityCriteria.KnownLicence] = 10,
            [MetadataQualityCriteria.AccessRights] = 10,
            [MetadataQualityCriteria.AccessRightsFromVocabulary] = 5,
            [MetadataQualityCriteria.ContactPoint] = 20,
            [MetadataQualityCriteria.Publisher] = 10,
            // The licence has an address, so its terms are each distribution's rights statement.
            [MetadataQualityCriteria.Rights] = 5,
            [MetadataQualityCriteria.ByteSize] = 5,
            [MetadataQualityCriteria.Issued] = 5,
            [MetadataQualityCriteria.Modified] = 5,
        };
        Assert.Equal(expected.Count, score.Criteria.Count);
        foreach (var (criterion, points) in expected)
        {
            Assert.True(points == score[criterion].Points, $"{criterion.Key}: {score[criterion].Points}, expected {points}");
        }
        Assert.Equal(405, score.Points);
        Assert.Equal(MetadataQualityBand.Excellent, score.Band);
        Assert.Equal([100, 100, 110, 75, 20], Enum.GetValues<MetadataQualityDimension>().Select(score.PointsIn));
        Assert.Empty(score.ToGain);
    }

    [Fact]
    public void Without_its_coverage_a_dataset_is_told_to_fill_in_where_and_when()
    {
        var dataset = FullyDescribed();
        dataset.SpatialCoverage = null;
        dataset.CoverageStart = null;
        var score = Score(dataset, AllWorking(dataset));
        Assert.Equal(405 - 20 - 20, score.Points);
        Assert.Equal(["spatial", "temporal"], score.ToGain.Select(c => c.Criterion.Key));
        Assert.Contains("臺灣地區", score[MetadataQualityCriteria.Spatial].Criterion.Advice, StringComparison.Ordinal);
        // An end date alone is a temporal coverage too.
        dataset.CoverageEnd = new DateOnly(2025, 12, 31);
        Assert.Equal(20, Score(dataset, AllWorking(dataset))[MetadataQualityCriteria.Temporal].Points);
    }

    [Fact]
    public void An_empty_dataset_scores_only_what_publishing_guarantees()
    {
        var dataset = new Dataset
        {
            Id = Guid.NewGuid(),
            Identifier = "A17010000J-000999",
            Name = "a17010000j-000999",
            Title = "未整理的資料",
            AgencyId = Bli.Id,
            ServiceCategory = "ZZZ",
            License = "其他",
        };
        var score = Score(dataset);
        // Access rights 10 + 5 (always PUBLIC), publisher 10, modified 5.
        Assert.Equal(30, score.Points);
        Assert.Equal(MetadataQualityBand.Bad, score.Band);
        Assert.Equal(["access_rights", "access_rights_vocabulary", "publisher", "modified"],
            score.Criteria.Where(c => c.Points > 0).Select(c => c.Criterion.Key));
        // Without resources there is no share to earn; without a description the output is not DCAT-AP conformant.
        Assert.Equal(0, score[MetadataQualityCriteria.Format].Of);
        Assert.False(score[MetadataQualityCriteria.DcatApCompliance].IsMet);
        // The recordable criteria come first in what to add, the biggest gains first.
        Assert.Equal("access_url_reachable", score.ToGain.First().Criterion.Key);
        Assert.Equal("為資料集加上至少一個關鍵字。", score[MetadataQualityCriteria.Keyword].Criterion.Advice);
    }

    [Fact]
    public void Distribution_criteria_earn_the_share_of_resources_that_meet_them()
    {
        var dataset = FullyDescribed();
        var link = Link(dataset, 1, "CSV", "https://data.example.gov.tw/a.csv");
        var pdf = Upload(dataset, 2, "PDF", null, 2048);
        pdf.Size = null;
        dataset.Resources = [link, pdf];
        var links = new Dictionary<Guid, LinkState> { [link.Id] = new(LinkStatus.Ok, 200) };

        var score = Score(dataset, links);

        // 1 of 2 reachable (the upload was never checked, so it does not count as reachable): 25 of 50.
        Assert.Equal(25, score[MetadataQualityCriteria.AccessUrlReachable].Points);
        Assert.Equal((1, 2), (score[MetadataQualityCriteria.AccessUrlReachable].Met, score[MetadataQualityCriteria.AccessUrlReachable].Of));
        Assert.Equal(10, score[MetadataQualityCriteria.DownloadUrl].Points);
        Assert.Equal(0, score[MetadataQualityCriteria.DownloadUrlReachable].Points);
        Assert.Equal(20, score[MetadataQualityCriteria.Format].Points);
        // The link's media type is its format's usual one; the upload has none recorded: 5 of 10.
        Assert.Equal(5, score[MetadataQualityCriteria.MediaType].Points);
        Assert.Equal(5, score[MetadataQualityCriteria.FormatFromVocabulary].Points);
        Assert.Equal(10, score[MetadataQualityCriteria.NonProprietary].Points);
        Assert.Equal(10, score[MetadataQualityCriteria.MachineReadable].Points);
        Assert.Equal(0, score[MetadataQualityCriteria.ByteSize].Points);
        Assert.True(score[MetadataQualityCriteria.DcatApCompliance].IsMet);
        Assert.Equal([link.Id], score[MetadataQualityCriteria.MediaType].MetBy);
    }

    [Fact]
    public void A_failing_or_refused_link_is_not_reachable()
    {
        var dataset = FullyDescribed();
        var links = AllWorking(dataset);
        links[dataset.Resources[0].Id] = new LinkState(LinkStatus.Failed, 404);
        links[dataset.Resources[1].Id] = new LinkState(LinkStatus.Refused, null);
        var score = Score(dataset, links);
        Assert.Equal(0, score[MetadataQualityCriteria.AccessUrlReachable].Points);
        Assert.Equal(0, score[MetadataQualityCriteria.DownloadUrlReachable].Points);
        Assert.Equal(405 - 50 - 30, score.Points);
        Assert.Equal(MetadataQualityBand.Good, score.Band);
    }

    [Fact]
    public void A_format_outside_the_eu_table_costs_the_vocabulary_and_dcat_ap_points()
    {
        var dataset = FullyDescribed();
        dataset.Resources[1].Format = "API";
        var score = Score(dataset, AllWorking(dataset));
        Assert.False(score[MetadataQualityCriteria.DcatApCompliance].IsMet);
        Assert.Equal(5, score[MetadataQualityCriteria.FormatFromVocabulary].Points);
        Assert.Equal(20, score[MetadataQualityCriteria.Format].Points);
        Assert.Equal(405 - 30 - 5 - 10 - 10, score.Points);
    }

    [Theory]
    [InlineData(1, 3, 20, 7)]
    [InlineData(2, 3, 20, 13)]
    [InlineData(1, 2, 5, 3)]
    [InlineData(1, 4, 10, 3)]
    [InlineData(0, 0, 50, 0)]
    [InlineData(3, 3, 30, 30)]
    public void Shares_round_to_whole_points_half_away_from_zero(int met, int of, int max, int points) =>
        Assert.Equal(points, MetadataQuality.Share(max, met, of));

    [Theory]
    [InlineData(0, MetadataQualityBand.Bad)]
    [InlineData(120, MetadataQualityBand.Bad)]
    [InlineData(121, MetadataQualityBand.Sufficient)]
    [InlineData(220, MetadataQualityBand.Sufficient)]
    [InlineData(221, MetadataQualityBand.Good)]
    [InlineData(350, MetadataQualityBand.Good)]
    [InlineData(351, MetadataQualityBand.Excellent)]
    [InlineData(405, MetadataQualityBand.Excellent)]
    public void Bands_start_at_121_221_and_351(int points, MetadataQualityBand band) =>
        Assert.Equal(band, MetadataQuality.BandOf(points));

    [Fact]
    public void A_summary_averages_the_scores_and_counts_the_bands()
    {
        var full = FullyDescribed();
        var empty = new Dataset { Id = Guid.NewGuid(), Identifier = "X-1", Name = "x-1", Title = "x", AgencyId = 2, ServiceCategory = "ZZZ", License = "其他" };
        var summary = MetadataQualitySummary.Of([Score(full, AllWorking(full)), Score(empty), Score(full)]);
        // 405, 30 and 325 (never checked: no reachability points): 760 ÷ 3.
        Assert.Equal(3, summary.Datasets);
        Assert.Equal(253.3, summary.AveragePoints);
        Assert.Equal(MetadataQualityBand.Good, summary.Band);
        Assert.Equal(1, summary.Bands[MetadataQualityBand.Excellent]);
        Assert.Equal(1, summary.Bands[MetadataQualityBand.Good]);
        Assert.Equal(0, summary.Bands[MetadataQualityBand.Sufficient]);
        Assert.Equal(1, summary.Bands[MetadataQualityBand.Bad]);
    }
}
