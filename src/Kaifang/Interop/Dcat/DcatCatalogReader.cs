using System.Globalization;
using System.Text;

namespace Kaifang.Interop.Dcat;

/// Reads a page of a DCAT catalog (any of Turtle, RDF/XML, JSON-LD) into the fields a harvester
/// keeps. Properties from DCAT v2/v3 and DCAT-AP are read as CKAN's and other portals write them:
/// values as IRIs or literals, contacts with or without vcard:hasValue nodes.
public static class DcatCatalogReader
{
    /// The syntax of a response: its Content-Type when that names one, otherwise what the bytes look like.
    public static RdfSyntax? Detect(string? contentType, ReadOnlySpan<byte> bytes)
    {
        var type = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        switch (type)
        {
            case RdfSyntaxes.TurtleMediaType or "application/x-turtle" or "application/turtle" or "text/n3" or "application/n-triples":
                return RdfSyntax.Turtle;
            case RdfSyntaxes.RdfXmlMediaType:
                return RdfSyntax.RdfXml;
            case RdfSyntaxes.JsonLdMediaType:
                return RdfSyntax.JsonLd;
        }
        // Servers often say text/plain, application/xml or application/json; the first characters settle it.
        var text = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 2048)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('{') || text.StartsWith('['))
        {
            return RdfSyntax.JsonLd;
        }
        if (text.StartsWith('<') && (text.StartsWith("<?xml", StringComparison.Ordinal) || text.Contains("rdf:RDF", StringComparison.Ordinal)
            || text.Contains(Rdf.Namespace, StringComparison.Ordinal)))
        {
            return RdfSyntax.RdfXml;
        }
        if (text.StartsWith('@') || text.StartsWith('<') || text.StartsWith('#') || text.StartsWith("PREFIX", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("BASE", StringComparison.OrdinalIgnoreCase) || text.StartsWith('_'))
        {
            return RdfSyntax.Turtle;
        }
        return type switch
        {
            "application/xml" or "text/xml" => RdfSyntax.RdfXml,
            "application/json" => RdfSyntax.JsonLd,
            _ => null,
        };
    }

    public static RdfGraph Parse(byte[] content, RdfSyntax syntax, Uri? baseUri = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        return syntax switch
        {
            RdfSyntax.Turtle => TurtleParser.Parse(Encoding.UTF8.GetString(content), baseUri),
            RdfSyntax.RdfXml => RdfXmlParser.Parse(new MemoryStream(content, writable: false), baseUri),
            _ => JsonLdParser.Parse(content, baseUri),
        };
    }

    /// Reads the page; the base URI resolves relative IRIs and the next page's address.
    public static HarvestedCatalogPage Read(byte[] content, RdfSyntax syntax, Uri? baseUri = null) =>
        Read(Parse(content, syntax, baseUri), baseUri);

    public static HarvestedCatalogPage Read(RdfGraph graph, Uri? baseUri = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        // Datasets in the catalog's order, then any typed dcat:Dataset the catalog does not list.
        var datasets = graph.SubjectsOfType(DcatTerms.Catalog).SelectMany(c => graph.Objects(c, DcatTerms.DatasetProperty))
            .Concat(graph.SubjectsOfType(DcatTerms.Dataset))
            .Where(d => d is not RdfLiteral)
            .Distinct()
            .Select(d => ReadDataset(graph, d))
            .ToList();
        var next = graph.Triples.FirstOrDefault(t => t.Predicate.Value is Hydra.Next or Hydra.Namespace + "nextPage")?.Value;
        var total = graph.Triples.FirstOrDefault(t => t.Predicate.Value == Hydra.TotalItems)?.Value;
        Uri? nextPage = null;
        if (IriOrText(next) is { } nextText)
        {
            if (Uri.TryCreate(nextText, UriKind.Absolute, out var absolute) && nextText.Contains("://", StringComparison.Ordinal))
            {
                nextPage = absolute;
            }
            else if (baseUri is not null && Uri.TryCreate(baseUri, nextText, out var relative))
            {
                nextPage = relative;
            }
        }
        int? totalItems = total is RdfLiteral t && int.TryParse(t.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        return new HarvestedCatalogPage(datasets, nextPage, totalItems);
    }

    private static HarvestedDataset ReadDataset(RdfGraph graph, RdfTerm dataset)
    {
        var publisher = graph.Objects(dataset, Dct.Publisher).FirstOrDefault();
        var contact = graph.Objects(dataset, DcatTerms.ContactPoint).FirstOrDefault();
        return new HarvestedDataset(dataset is RdfIri iri ? iri.Value : "")
        {
            Identifier = Text(graph, dataset, Dct.Identifier),
            Title = Chinese(graph, dataset, Dct.Title),
            TitleEn = English(graph, dataset, Dct.Title),
            Description = Chinese(graph, dataset, Dct.Description),
            DescriptionEn = English(graph, dataset, Dct.Description),
            Keywords = [.. graph.Objects(dataset, DcatTerms.Keyword).OfType<RdfLiteral>().Where(k => k.Language is null || !IsEnglish(k.Language)).Select(k => k.Value).Distinct(StringComparer.Ordinal)],
            PublisherName = publisher is null ? null : Chinese(graph, publisher, Foaf.Name) ?? Chinese(graph, publisher, Vcard.Fn),
            PublisherNameEn = publisher is null ? null : English(graph, publisher, Foaf.Name),
            ContactName = contact is null ? null : Text(graph, contact, Vcard.Fn),
            ContactEmail = contact is null ? null : ContactValue(graph, contact, Vcard.HasEmail, "mailto:"),
            ContactPhone = contact is null ? null : ContactValue(graph, contact, Vcard.HasTelephone, "tel:"),
            Frequency = IriOrText(graph.Objects(dataset, Dct.AccrualPeriodicity).FirstOrDefault()),
            LicenseUrl = graph.Objects(dataset, Dct.License).OfType<RdfIri>().FirstOrDefault()?.Value,
            Issued = Date(graph, dataset, Dct.Issued),
            Modified = Date(graph, dataset, Dct.Modified),
            Themes = [.. graph.Objects(dataset, DcatTerms.Theme).Select(IriOrText).OfType<string>()],
            LandingPage = IriOrText(graph.Objects(dataset, DcatTerms.LandingPage).FirstOrDefault()),
            Distributions = [.. graph.Objects(dataset, DcatTerms.DistributionProperty).Where(d => d is not RdfLiteral).Select(d => ReadDistribution(graph, d))],
        };
    }

    private static HarvestedDistribution ReadDistribution(RdfGraph graph, RdfTerm distribution)
    {
        var checksum = graph.Objects(distribution, Spdx.ChecksumProperty).FirstOrDefault();
        var algorithm = checksum is null ? null : IriOrText(graph.Objects(checksum, Spdx.Algorithm).FirstOrDefault());
        var size = Text(graph, distribution, DcatTerms.ByteSize);
        return new HarvestedDistribution(distribution is RdfIri iri ? iri.Value : null)
        {
            Identifier = Text(graph, distribution, Dct.Identifier),
            Title = Chinese(graph, distribution, Dct.Title),
            Description = Chinese(graph, distribution, Dct.Description),
            AccessUrl = IriOrText(graph.Objects(distribution, DcatTerms.AccessUrl).FirstOrDefault()),
            DownloadUrl = IriOrText(graph.Objects(distribution, DcatTerms.DownloadUrl).FirstOrDefault()),
            Format = EuVocabularies.FormatFrom(IriOrText(graph.Objects(distribution, Dct.Format).FirstOrDefault())),
            MediaType = IriOrText(graph.Objects(distribution, DcatTerms.MediaType).FirstOrDefault()) is { } media ? EuVocabularies.MediaTypeFrom(media) : null,
            ByteSize = decimal.TryParse(size, NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes) && bytes >= 0 ? (long)bytes : null,
            Checksum = checksum is null ? null : Text(graph, checksum, Spdx.ChecksumValue),
            ChecksumAlgorithm = algorithm is null ? null
                : algorithm.StartsWith(Spdx.Namespace + "checksumAlgorithm_", StringComparison.Ordinal) ? algorithm[(Spdx.Namespace.Length + "checksumAlgorithm_".Length)..] : algorithm,
            Modified = Date(graph, distribution, Dct.Modified),
        };
    }

    /// An e-mail address or telephone number given as mailto:/tel: IRI, as text, or on a node's vcard:hasValue.
    private static string? ContactValue(RdfGraph graph, RdfTerm contact, string predicate, string scheme)
    {
        var value = graph.Objects(contact, predicate).FirstOrDefault();
        if (value is RdfBlankNode node)
        {
            value = graph.Objects(node, Vcard.HasValue).FirstOrDefault();
        }
        var text = IriOrText(value);
        if (text is null)
        {
            return null;
        }
        return text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? Uri.UnescapeDataString(text[scheme.Length..]) : text;
    }

    private static string? IriOrText(RdfTerm? term) => term switch
    {
        RdfIri iri => iri.Value,
        RdfLiteral literal => literal.Value,
        _ => null,
    };

    private static string? Text(RdfGraph graph, RdfTerm subject, string predicate) =>
        graph.Objects(subject, predicate).OfType<RdfLiteral>().FirstOrDefault()?.Value;

    /// Traditional Chinese first, then untagged text, then any other non-English text.
    private static string? Chinese(RdfGraph graph, RdfTerm subject, string predicate)
    {
        var literals = graph.Objects(subject, predicate).OfType<RdfLiteral>().ToList();
        return (literals.FirstOrDefault(l => l.Language is { } lang && (lang.Equals("zh-TW", StringComparison.OrdinalIgnoreCase) || lang.StartsWith("zh-Hant", StringComparison.OrdinalIgnoreCase)))
            ?? literals.FirstOrDefault(l => l.Language is { } lang && lang.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
            ?? literals.FirstOrDefault(l => l.Language is null)
            ?? literals.FirstOrDefault(l => !IsEnglish(l.Language!)))?.Value;
    }

    private static string? English(RdfGraph graph, RdfTerm subject, string predicate) =>
        graph.Objects(subject, predicate).OfType<RdfLiteral>().FirstOrDefault(l => l.Language is { } lang && IsEnglish(lang))?.Value;

    private static bool IsEnglish(string language) => language.Equals("en", StringComparison.OrdinalIgnoreCase) || language.StartsWith("en-", StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset? Date(RdfGraph graph, RdfTerm subject, string predicate) =>
        Text(graph, subject, predicate) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;
}
