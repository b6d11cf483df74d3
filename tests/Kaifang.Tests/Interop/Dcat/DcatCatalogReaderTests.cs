using System.Text;
using Kaifang.Catalog;
using Kaifang.Interop.Dcat;

namespace Kaifang.Tests.Interop.Dcat;

/// The reader on a DCAT-AP page written by hand in each syntax (Fixtures/dcat-ap-sample.*): the
/// same catalog, so the same fields must come out of all three.
public sealed class DcatCatalogReaderTests
{
    private static readonly Uri PageUri = new("https://data.city.example/catalog");

    [Theory]
    [InlineData("dcat-ap-sample.ttl", "text/turtle")]
    [InlineData("dcat-ap-sample.rdf", "application/rdf+xml")]
    [InlineData("dcat-ap-sample.jsonld", "application/ld+json")]
    public void Reads_a_dcat_ap_page_in_every_syntax(string file, string contentType)
    {
        var bytes = Fixture(file);
        var page = DcatCatalogReader.Read(bytes, DcatCatalogReader.Detect(contentType, bytes)!.Value, PageUri);

        Assert.Equal(42, page.TotalItems);
        Assert.Equal($"https://data.city.example/catalog.{Path.GetExtension(file)[1..]}?page=2", page.NextPage!.AbsoluteUri);
        Assert.Equal(["TC-00123", "TC-00200"], page.Datasets.Select(d => d.Identifier));

        var bus = page.Datasets[0];
        Assert.Equal("https://data.city.example/dataset/bus-stops", bus.SourceIri);
        Assert.Equal("公車站牌位置", bus.Title);
        Assert.Equal("Bus stop locations", bus.TitleEn);
        Assert.Equal("臺中市公車站牌之位置與路線。\n每日更新。", bus.Description);
        Assert.Equal("Locations and routes of \"bus\" stops.", bus.DescriptionEn);
        Assert.Equal(["公車", "交通"], bus.Keywords);
        Assert.Equal("臺中市政府交通局", bus.PublisherName);
        Assert.Equal("Transportation Bureau", bus.PublisherNameEn);
        Assert.Equal("交通局資訊科", bus.ContactName);
        Assert.Equal("opendata@city.example", bus.ContactEmail);
        Assert.Equal("+886-4-22289111", bus.ContactPhone);
        Assert.Equal("http://publications.europa.eu/resource/authority/frequency/DAILY", bus.Frequency);
        Assert.Equal(UpdateFrequency.Every(1, FrequencyUnit.Day), bus.UpdateFrequency);
        Assert.Equal("https://data.gov.tw/license", bus.LicenseUrl);
        Assert.Equal(new DateTimeOffset(2019, 5, 1, 0, 0, 0, TimeSpan.Zero), bus.Issued);
        Assert.Equal(new DateTimeOffset(2024, 9, 1, 0, 0, 0, TimeSpan.Zero), bus.Modified);
        Assert.Equal(["http://publications.europa.eu/resource/authority/data-theme/TRAN"], bus.Themes);
        Assert.Equal("https://data.city.example/dataset/bus-stops.html", bus.LandingPage);

        Assert.Equal(2, bus.Distributions.Count);
        var csv = bus.Distributions.Single(d => d.SourceIri == "https://data.city.example/dataset/bus-stops/csv");
        Assert.Equal("公車站牌 CSV", csv.Title);
        Assert.Equal("https://data.city.example/files/stops.csv", csv.AccessUrl);
        Assert.Equal("https://data.city.example/files/stops.csv", csv.DownloadUrl);
        Assert.Equal("CSV", csv.Format);
        Assert.Equal("text/csv", csv.MediaType);
        Assert.Equal(20480, csv.ByteSize);
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", csv.Checksum);
        Assert.Equal("sha256", csv.ChecksumAlgorithm);
        var api = bus.Distributions.Single(d => d.SourceIri == "https://data.city.example/dataset/bus-stops/api");
        Assert.Equal("https://api.city.example/stops", api.AccessUrl);
        Assert.Null(api.DownloadUrl);
        Assert.Equal("JSON", api.Format);
        Assert.Equal("application/json", api.MediaType);
        Assert.Null(api.Checksum);

        var parks = page.Datasets[1];
        Assert.Equal("都市公園", parks.Title);
        Assert.Null(parks.TitleEn);
        Assert.Equal(UpdateFrequency.Irregular, parks.UpdateFrequency);
        var file1 = Assert.Single(parks.Distributions);
        Assert.Null(file1.SourceIri);
        Assert.Equal("https://data.city.example/files/parks.geojson", file1.AccessUrl);
        Assert.Equal(512, file1.ByteSize);
    }

    [Theory]
    [InlineData("dcat-ap-sample.ttl", "turtle")]
    [InlineData("dcat-ap-sample.rdf", "rdfxml")]
    public async Task Kaifangs_parsers_find_the_triples_rapper_finds(string file, string rapperSyntax)
    {
        var bytes = Fixture(file);
        var expected = await RdfTools.RapperAsync(Encoding.UTF8.GetString(bytes), rapperSyntax, "https://data.city.example/");

        var graph = DcatCatalogReader.Parse(bytes, rapperSyntax == "turtle" ? RdfSyntax.Turtle : RdfSyntax.RdfXml, new Uri("https://data.city.example/"));

        Assert.Equal(expected.Count, graph.Count);
    }

    [Fact]
    public async Task Kaifangs_json_ld_parser_finds_the_triples_jsonld_js_finds()
    {
        var bytes = Fixture("dcat-ap-sample.jsonld");
        var expected = await RdfTools.JsonLdAsync(Encoding.UTF8.GetString(bytes));

        Assert.Equal(expected.Count, DcatCatalogReader.Parse(bytes, RdfSyntax.JsonLd).Count);
    }

    [Theory]
    [InlineData("text/turtle; charset=utf-8", "", RdfSyntax.Turtle)]
    [InlineData("application/rdf+xml", "", RdfSyntax.RdfXml)]
    [InlineData("application/ld+json", "", RdfSyntax.JsonLd)]
    [InlineData("text/plain", "@prefix dcat: <http://www.w3.org/ns/dcat#> .", RdfSyntax.Turtle)]
    [InlineData("application/octet-stream", "PREFIX dcat: <http://www.w3.org/ns/dcat#>", RdfSyntax.Turtle)]
    [InlineData("application/xml", "<?xml version=\"1.0\"?><rdf:RDF/>", RdfSyntax.RdfXml)]
    [InlineData("application/json", "{\"@context\": {}}", RdfSyntax.JsonLd)]
    [InlineData(null, "\uFEFF  [{\"@id\": \"x\"}]", RdfSyntax.JsonLd)]
    public void Detect_trusts_a_specific_content_type_and_otherwise_looks_at_the_bytes(string? contentType, string content, RdfSyntax expected) =>
        Assert.Equal(expected, DcatCatalogReader.Detect(contentType, Encoding.UTF8.GetBytes(content)));

    [Fact]
    public void Detect_gives_up_on_what_is_not_rdf() =>
        Assert.Null(DcatCatalogReader.Detect("text/html", Encoding.UTF8.GetBytes("Hello")));

    [Fact]
    public void Malformed_turtle_is_reported_with_its_line()
    {
        var error = Assert.Throws<RdfSyntaxException>(() => DcatCatalogReader.Parse(Encoding.UTF8.GetBytes("@prefix x: <http://x/> .\nx:a x:b \"open"), RdfSyntax.Turtle));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undeclared_prefix_is_an_error_not_a_guess() =>
        Assert.Throws<RdfSyntaxException>(() => DcatCatalogReader.Parse(Encoding.UTF8.GetBytes("y:a y:b y:c ."), RdfSyntax.Turtle));

    private static byte[] Fixture(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Interop", "Dcat", "Fixtures", name));
}
