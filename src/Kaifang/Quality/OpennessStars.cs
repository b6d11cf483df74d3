using System.Text.RegularExpressions;

namespace Kaifang.Quality;

/// A star rating (ACTION-PLAN S18) with its reason in words.
public sealed record StarRating(int Stars, string Zh, string En)
{
    public string Reason(bool english) => english ? En : Zh;
}

/// Tim Berners-Lee's five stars, from what a resource really holds (sniffed), not its name:
/// PDF, documents, images, text and web pages 1; XLS, XLSX 2; CSV, TSV, JSON, XML, ODS 3;
/// RDF (Turtle, RDF/XML, JSON-LD, N-Triples) or a SPARQL endpoint 4; RDF that links to other
/// datasets' URIs 5; a broken link 0. A dataset has its best resource's stars.
public static partial class OpennessStars
{
    public static StarRating ForResource(string declaredFormat, SniffedFormat? content, bool broken, bool linksElsewhere)
    {
        ArgumentNullException.ThrowIfNull(declaredFormat);
        var declared = declaredFormat.Trim().ToUpperInvariant();
        if (broken)
        {
            return new(0, "連結失效：無法取得資料，為 0 星。", "The link is broken: the data cannot be had, so 0 stars.");
        }
        if (declared == "SPARQL")
        {
            return new(4, "SPARQL 查詢端點，使用 W3C 開放標準，為 4 星。", "A SPARQL endpoint, a W3C open standard: 4 stars.");
        }
        if (content is null or SniffedFormat.Unknown)
        {
            // Not read yet (a link not checked yet): the declared format stands in, and says so.
            var byDeclared = ForKind(FromDeclared(declared), linksElsewhere);
            return byDeclared with
            {
                Zh = $"內容尚未檢測，暫依宣告格式 {declared}：{byDeclared.Zh}",
                En = $"Content not checked yet; by the declared format {declared}: {byDeclared.En}",
            };
        }
        return ForKind(content.Value, linksElsewhere);
    }

    public static StarRating ForDataset(IReadOnlyList<(string Resource, StarRating Rating)> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        if (resources.Count == 0)
        {
            return new(0, "沒有資料資源，為 0 星。", "No resources: 0 stars.");
        }
        var (name, best) = resources.OrderByDescending(r => r.Rating.Stars).First();
        return new(best.Stars, $"取最佳資源「{name}」的星等：{best.Zh}", $"The best resource, “{name}”: {best.En}");
    }

    private static StarRating ForKind(SniffedFormat kind, bool linksElsewhere) => kind switch
    {
        SniffedFormat.RdfXml or SniffedFormat.Turtle or SniffedFormat.NTriples or SniffedFormat.JsonLd when linksElsewhere =>
            new(5, $"RDF（{ContentSniffer.Name(kind)}）且連結到其他資料集的 URI，為 5 星。", $"RDF ({ContentSniffer.Name(kind)}) that links to other datasets' URIs: 5 stars."),
        SniffedFormat.RdfXml or SniffedFormat.Turtle or SniffedFormat.NTriples or SniffedFormat.JsonLd =>
            new(4, $"RDF（{ContentSniffer.Name(kind)}），以 URI 識別事物的 W3C 開放標準，為 4 星；連結到其他資料集即可達 5 星。",
                $"RDF ({ContentSniffer.Name(kind)}), a W3C open standard naming things with URIs: 4 stars; linking to other datasets makes 5."),
        SniffedFormat.Csv or SniffedFormat.Tsv or SniffedFormat.Json or SniffedFormat.GeoJson or SniffedFormat.Xml or SniffedFormat.Kml or SniffedFormat.Ods =>
            new(3, $"{ContentSniffer.Name(kind)} 為非專屬的結構化格式，為 3 星。", $"{ContentSniffer.Name(kind)} is a non-proprietary structured format: 3 stars."),
        SniffedFormat.Xls or SniffedFormat.Xlsx =>
            new(2, $"{ContentSniffer.Name(kind)} 為機器可讀的結構化資料，但屬專屬格式，為 2 星；另提供 CSV 或 ODS 可達 3 星。",
                $"{ContentSniffer.Name(kind)} is machine-readable structured data in a proprietary format: 2 stars; a CSV or ODS copy makes 3."),
        SniffedFormat.Empty => new(1, "檔案是空的，僅為 1 星。", "The file is empty: 1 star."),
        SniffedFormat.Zip => new(1, "ZIP 壓縮檔，內容無法直接讀取，為 1 星。", "A ZIP archive whose content cannot be read directly: 1 star."),
        _ => new(1, $"{ContentSniffer.Name(kind)} 可在網路上取得，但非結構化資料，為 1 星。", $"{ContentSniffer.Name(kind)} is on the web but not structured data: 1 star."),
    };

    private static SniffedFormat FromDeclared(string declared) => declared switch
    {
        "CSV" => SniffedFormat.Csv,
        "TSV" => SniffedFormat.Tsv,
        "JSON" or "API" => SniffedFormat.Json,
        "GEOJSON" => SniffedFormat.GeoJson,
        "XML" => SniffedFormat.Xml,
        "KML" => SniffedFormat.Kml,
        "ODS" => SniffedFormat.Ods,
        "XLS" => SniffedFormat.Xls,
        "XLSX" => SniffedFormat.Xlsx,
        "RDF" or "OWL" => SniffedFormat.RdfXml,
        "TTL" or "TURTLE" => SniffedFormat.Turtle,
        "NT" or "N-TRIPLES" => SniffedFormat.NTriples,
        "JSONLD" or "JSON-LD" => SniffedFormat.JsonLd,
        "PDF" => SniffedFormat.Pdf,
        "DOC" => SniffedFormat.Doc,
        "DOCX" => SniffedFormat.Docx,
        "ODT" => SniffedFormat.Odt,
        "ZIP" => SniffedFormat.Zip,
        "HTML" or "HTM" => SniffedFormat.Html,
        "TXT" => SniffedFormat.Text,
        _ => SniffedFormat.Image,
    };

    /// Vocabularies every RDF file uses: naming their terms is not linking to other data.
    private static readonly string[] Vocabularies =
    [
        "www.w3.org", "purl.org", "xmlns.com", "schema.org", "www.opengis.net", "spdx.org", "www.iana.org", "creativecommons.org",
        "publications.europa.eu", "data.europa.eu", "inspire.ec.europa.eu", "rdfs.org", "usefulinc.com", "vocab.org",
    ];

    /// Whether RDF text names things at another host than its own: its own host is the one most of its
    /// IRIs use; vocabularies (W3C, Dublin Core, FOAF, schema.org, EU vocabularies…) do not count.
    public static bool LinksElsewhere(string rdf)
    {
        ArgumentNullException.ThrowIfNull(rdf);
        var hosts = IriPattern().Matches(rdf)
            .Select(m => Uri.TryCreate(m.Groups["iri"].Value, UriKind.Absolute, out var uri) ? uri.Host.ToLowerInvariant() : null)
            .Where(h => h is not null && !Vocabularies.Contains(h))
            .ToList();
        if (hosts.Count == 0)
        {
            return false;
        }
        var own = hosts.GroupBy(h => h).OrderByDescending(g => g.Count()).First().Key;
        return hosts.Any(h => h != own);
    }

    // IRIs in Turtle and N-Triples (<…>), RDF/XML (rdf:about/resource="…") and JSON-LD ("@id": "…").
    [GeneratedRegex("""(?:<|(?:rdf:(?:about|resource)|"@id")\s*[=:]\s*")(?<iri>https?://[^>"\s]+)""")]
    private static partial Regex IriPattern();
}
