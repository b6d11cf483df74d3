using System.Globalization;
using Kaifang.Catalog;
using Kaifang.Quality;

namespace Kaifang.Interop.Dcat;

/// A dataset's metadata quality score as W3C DQV measurements, in the metrics data.europa.eu's MQA
/// publishes its own in (the piveau vocabulary, https://piveau.eu/ns/voc#), so that a reader of both
/// compares like with like (docs/quality.md):
/// - on the dataset: pv:scoring (the total out of 405) and the five dimension totals (pv:findabilityScoring …)
///   as xsd:integer, and each dataset criterion (pv:keywordAvailability …) as xsd:boolean;
/// - on each distribution: each distribution criterion as xsd:boolean, except pv:accessUrlStatusCode and
///   pv:downloadUrlStatusCode, which are the HTTP status of the last link check as xsd:integer (200 for an
///   uploaded file found intact in the file store, which Kaifang's download address serves), left out when
///   the link was never checked or no answer came.
public static class DqvMapping
{
    public static void AddMeasurements(RdfGraph graph, RdfIri datasetNode, string baseUrl, Dataset dataset, MetadataQualityScore score)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(score);
        Add(graph, datasetNode, MetadataQualityCriteria.ScoringMetric, Integer(score.Points));
        foreach (var dimension in Enum.GetValues<MetadataQualityDimension>())
        {
            Add(graph, datasetNode, MetadataQualityCriteria.DimensionMetric(dimension), Integer(score.PointsIn(dimension)));
        }
        foreach (var c in score.Criteria.Where(c => c.Criterion.Level == MetadataQualityLevel.Dataset))
        {
            Add(graph, datasetNode, c.Criterion.Metric, Boolean(c.IsMet));
        }
        foreach (var resource in dataset.Resources.OrderBy(r => r.Position))
        {
            var distribution = new RdfIri(DcatMapping.DistributionIri(baseUrl, dataset, resource));
            foreach (var c in score.Criteria.Where(c => c.Criterion.Level == MetadataQualityLevel.Distribution))
            {
                if (c.Criterion == MetadataQualityCriteria.AccessUrlReachable
                    || c.Criterion == MetadataQualityCriteria.DownloadUrlReachable)
                {
                    var isDownload = c.Criterion == MetadataQualityCriteria.DownloadUrlReachable;
                    if ((!isDownload || resource.IsUpload) && StatusCode(resource, score) is { } status)
                    {
                        Add(graph, distribution, c.Criterion.Metric, Integer(status));
                    }
                    continue;
                }
                Add(graph, distribution, c.Criterion.Metric, Boolean(c.MetBy.Contains(resource.Id)));
            }
        }
    }

    private static int? StatusCode(Resource resource, MetadataQualityScore score) =>
        score.Links.TryGetValue(resource.Id, out var link)
            ? link.HttpStatus ?? (resource.IsUpload && link.Reachable ? 200 : null)
            : null;

    private static RdfLiteral Integer(int value) => RdfLiteral.Typed(value.ToString(CultureInfo.InvariantCulture), Xsd.IntegerType);

    private static RdfLiteral Boolean(bool value) => RdfLiteral.Typed(value ? "true" : "false", Xsd.Boolean);

    private static void Add(RdfGraph graph, RdfIri subject, string metric, RdfLiteral value)
    {
        var measurement = graph.NewBlankNode();
        graph.Add(subject, Dqv.HasQualityMeasurement, measurement);
        graph.Add(measurement, Rdf.Type, new RdfIri(Dqv.QualityMeasurement));
        graph.Add(measurement, Dqv.ComputedOn, subject);
        graph.Add(measurement, Dqv.IsMeasurementOf, new RdfIri(metric));
        graph.Add(measurement, Dqv.Value, value);
    }
}
