using Kaifang.Interop.Dcat;
using Kaifang.Quality;
using Kaifang.Tests.Quality;

namespace Kaifang.Tests.Interop.Dcat;

/// The metadata quality score in the DCAT output as DQV measurements, read back by real parsers.
public sealed class DqvMeasurementsTests
{
    private const string BaseUrl = "https://data.example.gov.tw";
    private const string Integer = "<http://www.w3.org/2001/XMLSchema#integer>";
    private const string Boolean = "<http://www.w3.org/2001/XMLSchema#boolean>";

    private static (RdfGraph Graph, Kaifang.Catalog.Dataset Dataset) Scored()
    {
        var dataset = MetadataQualityTests.FullyDescribed();
        var link = MetadataQualityTests.Link(dataset, 3, "XLS", "https://data.example.gov.tw/old.xls");
        dataset.Resources.Add(link);
        var links = MetadataQualityTests.AllWorking(dataset);
        links[link.Id] = new LinkState(LinkStatus.Failed, 404);
        var score = MetadataQuality.Score(dataset, dataset.Resources, links);
        return (DcatMapping.Dataset(BaseUrl, dataset, score), dataset);
    }

    /// The value of each measurement of a subject, by metric, from N-Triples lines whatever the blank node labels.
    private static Dictionary<string, string> Measurements(IReadOnlyList<string> lines, string subject)
    {
        var nodes = lines.Where(l => l.StartsWith($"<{subject}> <{Dqv.HasQualityMeasurement}> ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[2]).ToHashSet();
        string Of(string node, string predicate) =>
            lines.Single(l => l.StartsWith($"{node} <{predicate}> ", StringComparison.Ordinal))[(node.Length + predicate.Length + 4)..].TrimEnd(' ', '.');
        foreach (var node in nodes)
        {
            Assert.Equal($"<{Dqv.QualityMeasurement}>", Of(node, Rdf.Type));
            Assert.Equal($"<{subject}>", Of(node, Dqv.ComputedOn));
        }
        return nodes.ToDictionary(n => Of(n, Dqv.IsMeasurementOf).Trim('<', '>'), n => Of(n, Dqv.Value));
    }

    private static void AssertHoldsTheScore(IReadOnlyList<string> lines, Kaifang.Catalog.Dataset dataset)
    {
        var datasetIri = DcatMapping.DatasetIri(BaseUrl, dataset);
        var onDataset = Measurements(lines, datasetIri);
        // 405 less 50 × 1/3 for the failing link (17), 20 × 1/3 for its missing download URL (7), 30 × 1/3 (10),
        // 20 × 1/3 for XLS being proprietary (7) and 5 × 1/3 for its unknown size (2): 362.
        Assert.Equal($"\"362\"^^{Integer}", onDataset[MetadataQualityCriteria.ScoringMetric]);
        Assert.Equal($"\"100\"^^{Integer}", onDataset["https://piveau.eu/ns/voc#findabilityScoring"]);
        Assert.Equal($"\"66\"^^{Integer}", onDataset["https://piveau.eu/ns/voc#accessibilityScoring"]);
        Assert.Equal($"\"true\"^^{Boolean}", onDataset["https://piveau.eu/ns/voc#keywordAvailability"]);
        Assert.Equal($"\"true\"^^{Boolean}", onDataset["https://piveau.eu/ns/voc#spatialAvailability"]);
        Assert.Equal($"\"true\"^^{Boolean}", onDataset["https://piveau.eu/ns/voc#dcatApCompliance"]);
        // The total, five dimensions and the 13 dataset criteria.
        Assert.Equal(6 + 13, onDataset.Count);

        var upload = Measurements(lines, DcatMapping.DistributionIri(BaseUrl, dataset, dataset.Resources[0]));
        Assert.Equal($"\"200\"^^{Integer}", upload["https://piveau.eu/ns/voc#accessUrlStatusCode"]);
        Assert.Equal($"\"200\"^^{Integer}", upload["https://piveau.eu/ns/voc#downloadUrlStatusCode"]);
        Assert.Equal($"\"true\"^^{Boolean}", upload["https://piveau.eu/ns/voc#formatMediaTypeNonProprietary"]);
        Assert.Equal($"\"true\"^^{Boolean}", upload["https://piveau.eu/ns/voc#rightsAvailability"]);

        var link = Measurements(lines, DcatMapping.DistributionIri(BaseUrl, dataset, dataset.Resources[2]));
        Assert.Equal($"\"404\"^^{Integer}", link["https://piveau.eu/ns/voc#accessUrlStatusCode"]);
        Assert.False(link.ContainsKey("https://piveau.eu/ns/voc#downloadUrlStatusCode"));
        Assert.Equal($"\"false\"^^{Boolean}", link["https://piveau.eu/ns/voc#downloadUrlAvailability"]);
        Assert.Equal($"\"false\"^^{Boolean}", link["https://piveau.eu/ns/voc#formatMediaTypeNonProprietary"]);
        Assert.Equal($"\"true\"^^{Boolean}", link["https://piveau.eu/ns/voc#formatMediaTypeMachineInterpretable"]);
    }

    [Fact]
    public async Task Rapper_reads_the_measurements_from_turtle_and_rdf_xml()
    {
        var (graph, dataset) = Scored();
        var turtle = await RdfTools.RapperAsync(graph.Write(RdfSyntax.Turtle), "turtle");
        var rdfXml = await RdfTools.RapperAsync(graph.Write(RdfSyntax.RdfXml), "rdfxml");
        Assert.Equal(graph.Count, turtle.Count);
        Assert.Equal(graph.Count, rdfXml.Count);
        AssertHoldsTheScore(turtle, dataset);
        AssertHoldsTheScore(rdfXml, dataset);
    }

    [Fact]
    public async Task Jsonld_js_reads_the_measurements_from_json_ld()
    {
        var (graph, dataset) = Scored();
        var lines = await RdfTools.JsonLdAsync(graph.Write(RdfSyntax.JsonLd));
        Assert.Equal(graph.Count, lines.Count);
        AssertHoldsTheScore(lines, dataset);
    }

    [Fact]
    public void A_dataset_without_a_score_has_no_measurements()
    {
        var dataset = MetadataQualityTests.FullyDescribed();
        Assert.DoesNotContain(DcatMapping.Dataset(BaseUrl, dataset).Triples, t => t.Predicate.Value == Dqv.HasQualityMeasurement);
    }
}
