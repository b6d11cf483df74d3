using System.Globalization;
using Kaifang.Agencies;
using Kaifang.Catalog;

namespace Kaifang.Interop.Dcat;

/// Kaifang's catalog as DCAT v3 in the DCAT-AP 3 profile (docs/interop.md has the table).
/// Text fields carry @zh-TW literals, and @en ones where the dataset has English.
public static class DcatMapping
{
    public const string Chinese = "zh-TW";
    public const string English = "en";

    /// The catalog itself, one page of its datasets, and, when paged, the Hydra view linking the pages.
    /// Datasets with a metadata quality score carry it as DQV measurements (DqvMapping).
    public static RdfGraph Catalog(string baseUrl, Agency ministry, IReadOnlyList<Dataset> datasets, DcatPaging? paging,
        IReadOnlyDictionary<Guid, Quality.MetadataQualityScore>? quality = null)
    {
        ArgumentNullException.ThrowIfNull(ministry);
        ArgumentNullException.ThrowIfNull(datasets);
        var graph = new RdfGraph(RdfNamespaces.Common);
        var catalog = new RdfIri(CatalogIri(baseUrl));
        graph.Add(catalog, Rdf.Type, new RdfIri(DcatTerms.Catalog));
        graph.AddText(catalog, Dct.Title, $"{ministry.Name}開放資料", Chinese);
        graph.AddText(catalog, Dct.Title, $"{ministry.NameEn} Open Data", English);
        graph.AddText(catalog, Dct.Description, $"{ministry.Name}及所屬機關開放的資料集目錄。", Chinese);
        graph.AddText(catalog, Dct.Description, $"The open datasets of the {ministry.NameEn} and its agencies.", English);
        graph.Add(catalog, Dct.Publisher, AddAgent(graph, baseUrl, ministry));
        graph.AddIri(catalog, Foaf.Homepage, baseUrl + "/");
        graph.AddIri(catalog, Dct.Language, EuVocabularies.LanguageBase + "ZHO");
        graph.AddIri(catalog, Dct.Language, EuVocabularies.LanguageBase + "ENG");
        graph.AddIri(catalog, DcatTerms.ThemeTaxonomy, ThemeSchemeIri(baseUrl));
        var scheme = new RdfIri(ThemeSchemeIri(baseUrl));
        graph.Add(scheme, Rdf.Type, new RdfIri(Skos.ConceptScheme));
        graph.AddText(scheme, Dct.Title, "服務分類", Chinese);
        graph.AddText(scheme, Dct.Title, "Service categories", English);
        foreach (var d in datasets)
        {
            graph.Add(catalog, DcatTerms.DatasetProperty, new RdfIri(DatasetIri(baseUrl, d)));
        }
        if (paging is not null)
        {
            AddPaging(graph, catalog, paging);
        }
        foreach (var d in datasets)
        {
            AddDataset(graph, baseUrl, d, quality?.GetValueOrDefault(d.Id));
        }
        return graph;
    }

    /// One dataset on its own, with its distributions.
    public static RdfGraph Dataset(string baseUrl, Dataset dataset, Quality.MetadataQualityScore? quality = null)
    {
        var graph = new RdfGraph(RdfNamespaces.Common);
        AddDataset(graph, baseUrl, dataset, quality);
        return graph;
    }

    public static string CatalogIri(string baseUrl) => $"{baseUrl}/catalog";

    /// The dataset's portal page, which answers in RDF too when asked (content negotiation), plus a fragment
    /// naming the dataset rather than the page.
    public static string DatasetIri(string baseUrl, Dataset dataset) => $"{LandingPage(baseUrl, dataset)}#dataset";

    public static string LandingPage(string baseUrl, Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return $"{baseUrl}/datasets/{dataset.Name}";
    }

    public static string DistributionIri(string baseUrl, Dataset dataset, Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return $"{LandingPage(baseUrl, dataset)}#resource-{resource.Id}";
    }

    public static string AgencyIri(string baseUrl, Agency agency)
    {
        ArgumentNullException.ThrowIfNull(agency);
        return $"{baseUrl}/agencies/{agency.Code}";
    }

    /// The media type written as dcat:mediaType: the one recorded, or for a link its format's usual type;
    /// an upload whose type was not recorded has none.
    public static string? MediaTypeOf(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.MediaType ?? (resource.IsUpload ? null : ResourceFormats.MediaTypeOf(resource.Format));
    }

    public static string ThemeSchemeIri(string baseUrl) => $"{baseUrl}/themes";

    public static string ThemeIri(string baseUrl, ServiceCategory category)
    {
        ArgumentNullException.ThrowIfNull(category);
        return $"{baseUrl}/themes/{category.Code}";
    }

    /// xsd:dateTime in UTC, to the tick Kaifang stores, so a harvester reads back the same instant.
    public static RdfLiteral DateTime(DateTimeOffset at) =>
        RdfLiteral.Typed(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture), Xsd.DateTime);

    private static void AddPaging(RdfGraph graph, RdfIri catalog, DcatPaging paging)
    {
        var view = new RdfIri(paging.PageUrl(paging.Page));
        graph.Add(catalog, Hydra.View, view);
        graph.Add(view, Rdf.Type, new RdfIri(Hydra.PartialCollectionView));
        graph.Add(view, Hydra.TotalItems, RdfLiteral.Typed(paging.TotalItems.ToString(CultureInfo.InvariantCulture), Xsd.NonNegativeInteger));
        graph.AddIri(view, Hydra.First, paging.PageUrl(1));
        graph.AddIri(view, Hydra.Last, paging.PageUrl(paging.LastPage));
        if (paging.Page > 1)
        {
            graph.AddIri(view, Hydra.Previous, paging.PageUrl(Math.Min(paging.Page - 1, paging.LastPage)));
        }
        if (paging.Page < paging.LastPage)
        {
            graph.AddIri(view, Hydra.Next, paging.PageUrl(paging.Page + 1));
        }
    }

    private static void AddDataset(RdfGraph graph, string baseUrl, Dataset d, Quality.MetadataQualityScore? quality)
    {
        ArgumentNullException.ThrowIfNull(d);
        var dataset = new RdfIri(DatasetIri(baseUrl, d));
        graph.Add(dataset, Rdf.Type, new RdfIri(DcatTerms.Dataset));
        graph.AddText(dataset, Dct.Identifier, d.Identifier);
        graph.AddText(dataset, Dct.Title, d.Title, Chinese);
        graph.AddText(dataset, Dct.Title, d.TitleEn, English);
        graph.AddText(dataset, Dct.Description, d.Description, Chinese);
        graph.AddText(dataset, Dct.Description, d.DescriptionEn, English);
        foreach (var keyword in d.Keywords)
        {
            graph.AddText(dataset, DcatTerms.Keyword, keyword.Trim(), Chinese);
        }
        if (d.Agency is not null)
        {
            graph.Add(dataset, Dct.Publisher, AddAgent(graph, baseUrl, d.Agency));
        }
        AddContactPoint(graph, dataset, d);
        graph.AddIri(dataset, Dct.AccrualPeriodicity, EuVocabularies.FrequencyIri(d.UpdateFrequency));
        if (Licenses.Find(d.License)?.Url is { } licenseUrl)
        {
            var license = new RdfIri(licenseUrl);
            graph.Add(dataset, Dct.License, license);
            graph.Add(license, Rdf.Type, new RdfIri(Dct.LicenseDocument));
            graph.AddText(license, Dct.Title, d.License, Chinese);
        }
        graph.AddIri(dataset, Dct.AccessRights, EuVocabularies.Public);
        if (!string.IsNullOrWhiteSpace(d.SpatialCoverage))
        {
            var place = graph.NewBlankNode();
            graph.Add(dataset, Dct.Spatial, place);
            graph.Add(place, Rdf.Type, new RdfIri(Dct.Location));
            graph.AddText(place, Skos.PrefLabel, d.SpatialCoverage, Chinese);
        }
        if (d.CoverageStart is not null || d.CoverageEnd is not null)
        {
            var period = graph.NewBlankNode();
            graph.Add(dataset, Dct.Temporal, period);
            graph.Add(period, Rdf.Type, new RdfIri(Dct.PeriodOfTime));
            if (d.CoverageStart is { } start)
            {
                graph.Add(period, DcatTerms.StartDate, RdfLiteral.Typed(start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Xsd.Date));
            }
            if (d.CoverageEnd is { } end)
            {
                graph.Add(period, DcatTerms.EndDate, RdfLiteral.Typed(end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Xsd.Date));
            }
        }
        if (d.FirstPublishedAt is { } issued)
        {
            graph.Add(dataset, Dct.Issued, DateTime(issued));
        }
        graph.Add(dataset, Dct.Modified, DateTime(d.MetadataModifiedAt));
        if (ServiceCategories.Find(d.ServiceCategory) is { } category)
        {
            var theme = new RdfIri(ThemeIri(baseUrl, category));
            graph.Add(dataset, DcatTerms.Theme, theme);
            graph.Add(theme, Rdf.Type, new RdfIri(Skos.Concept));
            graph.AddText(theme, Skos.Notation, category.Code);
            graph.AddText(theme, Skos.PrefLabel, category.Name, Chinese);
            graph.AddText(theme, Skos.PrefLabel, category.NameEn, English);
            graph.AddIri(theme, Skos.InScheme, ThemeSchemeIri(baseUrl));
        }
        graph.AddIri(dataset, DcatTerms.LandingPage, LandingPage(baseUrl, d));
        foreach (var resource in d.Resources.OrderBy(r => r.Position))
        {
            var distribution = new RdfIri(DistributionIri(baseUrl, d, resource));
            graph.Add(dataset, DcatTerms.DistributionProperty, distribution);
            AddDistribution(graph, distribution, baseUrl, d, resource);
        }
        if (quality is not null)
        {
            DqvMapping.AddMeasurements(graph, dataset, baseUrl, d, quality);
        }
    }

    private static void AddDistribution(RdfGraph graph, RdfIri distribution, string baseUrl, Dataset d, Resource r)
    {
        graph.Add(distribution, Rdf.Type, new RdfIri(DcatTerms.Distribution));
        graph.AddText(distribution, Dct.Identifier, r.Identifier);
        graph.AddText(distribution, Dct.Title, r.Name, Chinese);
        graph.AddText(distribution, Dct.Description, r.Description, Chinese);
        graph.AddIri(distribution, DcatTerms.AccessUrl, ResourceLinks.UrlOf(baseUrl, d, r));
        if (r.IsUpload)
        {
            graph.AddIri(distribution, DcatTerms.DownloadUrl, ResourceLinks.DownloadUrl(baseUrl, d, r));
        }
        if (EuVocabularies.FileTypeIri(r.Format) is { } fileType)
        {
            graph.AddIri(distribution, Dct.Format, fileType);
        }
        else
        {
            // DCAT-AP wants an IRI here; a format the EU table lacks is still worth naming.
            graph.AddText(distribution, Dct.Format, r.Format);
        }
        if (MediaTypeOf(r) is { } mediaType)
        {
            graph.AddIri(distribution, DcatTerms.MediaType, EuVocabularies.MediaTypeIri(mediaType));
        }
        if (r.Size is { } size)
        {
            graph.Add(distribution, DcatTerms.ByteSize, RdfLiteral.Typed(size.ToString(CultureInfo.InvariantCulture), Xsd.NonNegativeInteger));
        }
        if (r.FileHash is { } hash)
        {
            var checksum = graph.NewBlankNode();
            graph.Add(distribution, Spdx.ChecksumProperty, checksum);
            graph.Add(checksum, Rdf.Type, new RdfIri(Spdx.Checksum));
            graph.Add(checksum, Spdx.Algorithm, new RdfIri(Spdx.Sha256));
            graph.Add(checksum, Spdx.ChecksumValue, RdfLiteral.Typed(hash.ToLowerInvariant(), Xsd.HexBinary));
        }
        if (Licenses.Find(d.License) is { Url: { } terms } licence)
        {
            // The licence's terms stated on the distribution itself (DCAT-AP dct:rights), as the dataset's licence says.
            var rights = graph.NewBlankNode();
            graph.Add(distribution, Dct.Rights, rights);
            graph.Add(rights, Rdf.Type, new RdfIri(Dct.RightsStatement));
            graph.AddText(rights, Rdfs.Label, $"依{licence.Title}開放利用：{terms}", Chinese);
        }
        graph.Add(distribution, Dct.Modified, DateTime(r.ModifiedAt));
    }

    private static RdfIri AddAgent(RdfGraph graph, string baseUrl, Agency agency)
    {
        var agent = new RdfIri(AgencyIri(baseUrl, agency));
        graph.Add(agent, Rdf.Type, new RdfIri(Foaf.Agent));
        graph.Add(agent, Rdf.Type, new RdfIri(Foaf.Organization));
        graph.AddText(agent, Foaf.Name, agency.Name, Chinese);
        graph.AddText(agent, Foaf.Name, agency.NameEn, English);
        graph.AddIri(agent, Foaf.Homepage, agency.Website);
        return agent;
    }

    /// The contact as a vCard: name, mailto: address, and the telephone as a tel: IRI with the number
    /// percent-encoded as typed (extensions such as #1234 included), so it reads back unchanged.
    private static void AddContactPoint(RdfGraph graph, RdfIri dataset, Dataset d)
    {
        if (string.IsNullOrWhiteSpace(d.ContactName) && string.IsNullOrWhiteSpace(d.ContactEmail) && string.IsNullOrWhiteSpace(d.ContactPhone))
        {
            return;
        }
        var contact = graph.NewBlankNode();
        graph.Add(dataset, DcatTerms.ContactPoint, contact);
        graph.Add(contact, Rdf.Type, new RdfIri(Vcard.Kind));
        graph.AddText(contact, Vcard.Fn, d.ContactName);
        if (!string.IsNullOrWhiteSpace(d.ContactEmail))
        {
            graph.AddIri(contact, Vcard.HasEmail, "mailto:" + d.ContactEmail.Trim());
        }
        if (!string.IsNullOrWhiteSpace(d.ContactPhone))
        {
            graph.AddIri(contact, Vcard.HasTelephone, "tel:" + Uri.EscapeDataString(d.ContactPhone.Trim()));
        }
    }
}

/// Where one page of the catalog sits among the others: its number (from 1), the page size,
/// the number of datasets in all pages, and the address of page n.
public sealed record DcatPaging(int Page, int PageSize, int TotalItems, Func<int, string> PageUrl)
{
    public int LastPage => Math.Max(1, (TotalItems + PageSize - 1) / PageSize);
}
