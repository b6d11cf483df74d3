using System.Text.Json;
using Kaifang.Agencies;
using Kaifang.Quality;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kaifang.Web.Api;

/// The metadata quality score (docs/quality.md, "Metadata quality") of the published datasets:
/// public, since it is computed from public metadata and the public results of the link checks.
public static class MetadataQualityApi
{
    public static IEndpointRouteBuilder MapMetadataQualityApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/quality/metadata", GetAsync).WithTags("Quality").WithName("GetMetadataQuality")
            .WithSummary("The metadata quality score (EU data portal MQA, out of 405) of a published dataset, an agency's datasets or the catalogue")
            .WithDescription("dataset: a dataset's name, answered with each criterion and what to add; agency: an agency code, with those below it; " +
                "neither: the whole catalogue. Lists give each agency's average and bands, and each dataset's score, worst first.");
        return routes;
    }

    public sealed record CriterionDto(string Key, string Dimension, string Level, string Name, int Points, int MaxPoints, bool Met,
        int MetBy, int Of, bool Recorded, string? ToGain);

    public sealed record DatasetScoreDto(string Dataset, string Title, string Agency, int Points, int MaxPoints, string Band,
        IReadOnlyDictionary<string, int>? Dimensions = null, IReadOnlyList<CriterionDto>? Criteria = null);

    public sealed record SummaryDto(int Datasets, double AveragePoints, string Band, IReadOnlyDictionary<string, int> Bands);

    public sealed record AgencySummaryDto(string Agency, string Name, int Datasets, double AveragePoints, string Band, IReadOnlyDictionary<string, int> Bands);

    public sealed record OverviewDto(SummaryDto Total, IReadOnlyList<AgencySummaryDto> Agencies, IReadOnlyList<DatasetScoreDto> Datasets);

    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static async Task<Results<Ok<DatasetScoreDto>, Ok<OverviewDto>, NotFound<ProblemDetails>>> GetAsync(
        string? dataset, string? agency, HttpContext http, MetadataQualityReport report, AgencyDirectory agencies, CancellationToken ct)
    {
        var english = http.WantsEnglish();
        var tree = agencies.Tree;
        if (!string.IsNullOrWhiteSpace(dataset))
        {
            var row = await report.ForDatasetAsync(dataset, ct);
            if (row is null)
            {
                return NotFound(english ? $"There is no published dataset '{dataset}'." : $"找不到已上架的資料集「{dataset}」。");
            }
            return TypedResults.Ok(Detailed(row, tree, english));
        }
        IReadOnlySet<int>? scope = null;
        if (!string.IsNullOrWhiteSpace(agency))
        {
            var node = tree.FindByCode(agency.Trim());
            if (node is null)
            {
                return NotFound(english ? $"There is no agency with code '{agency}'." : $"找不到機關代碼「{agency}」。");
            }
            scope = tree.SelfAndDescendants(node.Id);
        }
        var overview = await report.OverviewAsync(scope, ct);
        return TypedResults.Ok(new OverviewDto(
            Summary(overview.Total),
            [.. overview.Agencies.Select(a => AgencySummary(a, tree, english))],
            [.. overview.Datasets.Select(r => new DatasetScoreDto(r.Name, Title(r, english), tree.Find(r.AgencyId)?.Code ?? "", r.Score.Points,
                MetadataQualityScore.Max, Name(r.Score.Band)))]));
    }

    private static DatasetScoreDto Detailed(MetadataQualityRow row, AgencyTree tree, bool english) => new(
        row.Name, Title(row, english), tree.Find(row.AgencyId)?.Code ?? "", row.Score.Points, MetadataQualityScore.Max, Name(row.Score.Band),
        Enum.GetValues<MetadataQualityDimension>().ToDictionary(Name, row.Score.PointsIn),
        [.. row.Score.Criteria.Select(c => new CriterionDto(c.Criterion.Key, Name(c.Criterion.Dimension), Name(c.Criterion.Level),
            c.Criterion.DisplayName(english), c.Points, c.Criterion.MaxPoints, c.IsMet, c.Met, c.Of, c.Criterion.Recorded,
            c.IsMet ? null : c.Criterion.DisplayAdvice(english)))]);

    private static string Title(MetadataQualityRow row, bool english) => english && !string.IsNullOrWhiteSpace(row.TitleEn) ? row.TitleEn : row.Title;

    private static SummaryDto Summary(MetadataQualitySummary s) =>
        new(s.Datasets, s.AveragePoints, Name(s.Band), s.Bands.ToDictionary(b => Name(b.Key), b => b.Value));

    private static AgencySummaryDto AgencySummary(AgencyMetadataQuality a, AgencyTree tree, bool english)
    {
        var node = tree.Find(a.AgencyId);
        return new AgencySummaryDto(node?.Code ?? "", node?.DisplayName(english) ?? "", a.Summary.Datasets, a.Summary.AveragePoints, Name(a.Summary.Band),
            a.Summary.Bands.ToDictionary(b => Name(b.Key), b => b.Value));
    }

    private static NotFound<ProblemDetails> NotFound(string title) =>
        TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = title });
}
