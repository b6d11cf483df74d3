using System.Text;
using Kaifang.Quality;

namespace Kaifang.Tests.Quality;

/// The five stars of ACTION-PLAN S18 from what a file really holds.
public sealed class StarsAndSniffingTests
{
    private static SniffedFormat Sniff(string text) => ContentSniffer.Sniff(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("等級,月投保薪資\n1,29500\n2,30300\n", SniffedFormat.Csv)]
    [InlineData("等級\t月投保薪資\n1\t29500\n", SniffedFormat.Tsv)]
    [InlineData("[{\"等級\":1}]", SniffedFormat.Json)]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[]}", SniffedFormat.GeoJson)]
    [InlineData("{\"@context\":\"https://schema.org\",\"@id\":\"x\"}", SniffedFormat.JsonLd)]
    [InlineData("<?xml version=\"1.0\"?>\n<rows><row/></rows>", SniffedFormat.Xml)]
    [InlineData("<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>", SniffedFormat.RdfXml)]
    [InlineData("<kml xmlns=\"http://www.opengis.net/kml/2.2\"></kml>", SniffedFormat.Kml)]
    [InlineData("<!DOCTYPE html><html><body>找不到網頁</body></html>", SniffedFormat.Html)]
    [InlineData("@prefix dct: <http://purl.org/dc/terms/> .\n<a> dct:title \"x\" .", SniffedFormat.Turtle)]
    [InlineData("<http://a.example/1> <http://purl.org/dc/terms/title> \"x\" .\n", SniffedFormat.NTriples)]
    [InlineData("本文件說明投保薪資分級。", SniffedFormat.Text)]
    [InlineData("%PDF-1.7\n", SniffedFormat.Pdf)]
    [InlineData("", SniffedFormat.Empty)]
    public void Tells_the_format_from_the_content(string content, SniffedFormat expected) => Assert.Equal(expected, Sniff(content));

    [Fact]
    public void Tells_ODF_and_OOXML_and_OLE_containers_apart()
    {
        Assert.Equal(SniffedFormat.Ods, ContentSniffer.Sniff([.. "PK\u0003\u0004"u8, .. new byte[26], .. "mimetypeapplication/vnd.oasis.opendocument.spreadsheet"u8]));
        Assert.Equal(SniffedFormat.Xlsx, ContentSniffer.Sniff([.. "PK\u0003\u0004"u8, .. new byte[26], .. "[Content_Types].xml"u8, .. new byte[50], .. "xl/workbook.xml"u8]));
        Assert.Equal(SniffedFormat.Docx, ContentSniffer.Sniff([.. "PK\u0003\u0004"u8, .. new byte[26], .. "word/document.xml"u8]));
        Assert.Equal(SniffedFormat.Zip, ContentSniffer.Sniff([.. "PK\u0003\u0004"u8, .. new byte[26], .. "data/grades.shp"u8]));
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        Assert.Equal(SniffedFormat.Xls, ContentSniffer.Sniff([.. ole, .. new byte[100], .. Encoding.Unicode.GetBytes("Workbook")]));
        Assert.Equal(SniffedFormat.Doc, ContentSniffer.Sniff([.. ole, .. new byte[100], .. Encoding.Unicode.GetBytes("WordDocument")]));
    }

    [Fact]
    public void A_Big5_CSV_is_a_CSV() =>
        Assert.Equal(SniffedFormat.Csv, ContentSniffer.Sniff(Kaifang.Storage.TextDecoding.Big5.GetBytes("縣市,人數\n臺北市,100\n新北市,200\n")));

    [Theory]
    [InlineData("PDF", SniffedFormat.Pdf, false, false, 1)]
    [InlineData("XLS", SniffedFormat.Xls, false, false, 2)]
    [InlineData("XLSX", SniffedFormat.Xlsx, false, false, 2)]
    [InlineData("CSV", SniffedFormat.Csv, false, false, 3)]
    [InlineData("ODS", SniffedFormat.Ods, false, false, 3)]
    [InlineData("JSON", SniffedFormat.Json, false, false, 3)]
    [InlineData("XML", SniffedFormat.Xml, false, false, 3)]
    [InlineData("TTL", SniffedFormat.Turtle, false, false, 4)]
    [InlineData("RDF", SniffedFormat.RdfXml, false, true, 5)]
    [InlineData("CSV", SniffedFormat.Csv, true, false, 0)]
    // Declared CSV, really an HTML page: one star, by what it is.
    [InlineData("CSV", SniffedFormat.Html, false, false, 1)]
    // Declared XLSX, really a CSV: three stars.
    [InlineData("XLSX", SniffedFormat.Csv, false, false, 3)]
    public void Rates_by_content_not_by_the_declared_format(string declared, SniffedFormat content, bool broken, bool linked, int stars)
    {
        var rating = OpennessStars.ForResource(declared, content, broken, linked);
        Assert.Equal(stars, rating.Stars);
        Assert.False(string.IsNullOrWhiteSpace(rating.Zh));
        Assert.Contains("star", rating.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_check_the_declared_format_stands_in_and_says_so()
    {
        var rating = OpennessStars.ForResource("CSV", null, broken: false, linksElsewhere: false);
        Assert.Equal(3, rating.Stars);
        Assert.StartsWith("Content not checked yet", rating.En, StringComparison.Ordinal);
        Assert.Equal(4, OpennessStars.ForResource("SPARQL", null, false, false).Stars);
    }

    [Fact]
    public void A_dataset_has_its_best_resources_stars()
    {
        var rating = OpennessStars.ForDataset([("報表 PDF", OpennessStars.ForResource("PDF", SniffedFormat.Pdf, false, false)), ("明細 CSV", OpennessStars.ForResource("CSV", SniffedFormat.Csv, false, false))]);
        Assert.Equal(3, rating.Stars);
        Assert.Contains("明細 CSV", rating.Zh, StringComparison.Ordinal);
    }

    [Fact]
    public void RDF_links_elsewhere_when_it_names_things_at_another_host_than_its_own_and_the_vocabularies()
    {
        const string own = "@prefix dct: <http://purl.org/dc/terms/> .\n<https://data.mol.gov.tw/id/grade/1> dct:title \"1\" ; dct:isPartOf <https://data.mol.gov.tw/id/table> .";
        Assert.False(OpennessStars.LinksElsewhere(own));
        const string linked = own + "\n<https://data.mol.gov.tw/id/grade/1> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q123> .";
        Assert.True(OpennessStars.LinksElsewhere(linked));
        Assert.True(OpennessStars.LinksElsewhere("<rdf:Description rdf:about=\"https://data.mol.gov.tw/a\"><x rdf:resource=\"https://data.gov.tw/dataset/6564\"/></rdf:Description>"));
    }
}
