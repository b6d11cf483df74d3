namespace Kaifang.Interop.Dcat;

/// The namespaces the catalog is written in, with the prefixes DCAT-AP's own examples use.
public static class RdfNamespaces
{
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Common =
    [
        new("rdf", Rdf.Namespace),
        new("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        new("xsd", Xsd.Namespace),
        new("dcat", DcatTerms.Namespace),
        new("dct", Dct.Namespace),
        new("foaf", Foaf.Namespace),
        new("vcard", Vcard.Namespace),
        new("skos", Skos.Namespace),
        new("spdx", Spdx.Namespace),
        new("hydra", Hydra.Namespace),
        new("dqv", Dqv.Namespace),
        new("pv", Quality.MetadataQualityCriteria.MetricBase),
    ];
}

public static class Rdf
{
    public const string Namespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Type = Namespace + "type";
    public const string LangString = Namespace + "langString";
    public const string First = Namespace + "first";
    public const string Rest = Namespace + "rest";
    public const string Nil = Namespace + "nil";
}

public static class Xsd
{
    public const string Namespace = "http://www.w3.org/2001/XMLSchema#";
    public const string StringType = Namespace + "string";
    public const string DateTime = Namespace + "dateTime";
    public const string Date = Namespace + "date";
    public const string IntegerType = Namespace + "integer";
    public const string Boolean = Namespace + "boolean";
    public const string NonNegativeInteger = Namespace + "nonNegativeInteger";
    public const string HexBinary = Namespace + "hexBinary";
}

/// DCAT's terms; named apart from the namespace Kaifang.Interop.Dcat, which a class called Dcat would shadow.
public static class DcatTerms
{
    public const string Namespace = "http://www.w3.org/ns/dcat#";
    public const string Catalog = Namespace + "Catalog";
    public const string Dataset = Namespace + "Dataset";
    public const string Distribution = Namespace + "Distribution";
    public const string DatasetProperty = Namespace + "dataset";
    public const string DistributionProperty = Namespace + "distribution";
    public const string Keyword = Namespace + "keyword";
    public const string ContactPoint = Namespace + "contactPoint";
    public const string Theme = Namespace + "theme";
    public const string ThemeTaxonomy = Namespace + "themeTaxonomy";
    public const string LandingPage = Namespace + "landingPage";
    public const string AccessUrl = Namespace + "accessURL";
    public const string DownloadUrl = Namespace + "downloadURL";
    public const string MediaType = Namespace + "mediaType";
    public const string ByteSize = Namespace + "byteSize";
    public const string StartDate = Namespace + "startDate";
    public const string EndDate = Namespace + "endDate";
}

public static class Dct
{
    public const string Namespace = "http://purl.org/dc/terms/";
    public const string Identifier = Namespace + "identifier";
    public const string Title = Namespace + "title";
    public const string Description = Namespace + "description";
    public const string Publisher = Namespace + "publisher";
    public const string AccrualPeriodicity = Namespace + "accrualPeriodicity";
    public const string License = Namespace + "license";
    public const string AccessRights = Namespace + "accessRights";
    public const string Issued = Namespace + "issued";
    public const string Modified = Namespace + "modified";
    public const string Format = Namespace + "format";
    public const string Language = Namespace + "language";
    public const string LicenseDocument = Namespace + "LicenseDocument";
    public const string Frequency = Namespace + "Frequency";
    public const string RightsStatement = Namespace + "RightsStatement";
    public const string Rights = Namespace + "rights";
    public const string Spatial = Namespace + "spatial";
    public const string Temporal = Namespace + "temporal";
    public const string Location = Namespace + "Location";
    public const string PeriodOfTime = Namespace + "PeriodOfTime";
}

public static class Foaf
{
    public const string Namespace = "http://xmlns.com/foaf/0.1/";
    public const string Agent = Namespace + "Agent";
    public const string Organization = Namespace + "Organization";
    public const string Name = Namespace + "name";
    public const string Homepage = Namespace + "homepage";
}

public static class Vcard
{
    public const string Namespace = "http://www.w3.org/2006/vcard/ns#";
    public const string Kind = Namespace + "Kind";
    public const string Organization = Namespace + "Organization";
    public const string Individual = Namespace + "Individual";
    public const string Fn = Namespace + "fn";
    public const string HasEmail = Namespace + "hasEmail";
    public const string HasTelephone = Namespace + "hasTelephone";
    public const string HasValue = Namespace + "hasValue";
}

public static class Skos
{
    public const string Namespace = "http://www.w3.org/2004/02/skos/core#";
    public const string Concept = Namespace + "Concept";
    public const string ConceptScheme = Namespace + "ConceptScheme";
    public const string PrefLabel = Namespace + "prefLabel";
    public const string InScheme = Namespace + "inScheme";
    public const string Notation = Namespace + "notation";
}

public static class Spdx
{
    public const string Namespace = "http://spdx.org/rdf/terms#";
    public const string Checksum = Namespace + "Checksum";
    public const string ChecksumProperty = Namespace + "checksum";
    public const string Algorithm = Namespace + "algorithm";
    public const string ChecksumValue = Namespace + "checksumValue";
    public const string Sha256 = Namespace + "checksumAlgorithm_sha256";
}

public static class Hydra
{
    public const string Namespace = "http://www.w3.org/ns/hydra/core#";
    public const string PartialCollectionView = Namespace + "PartialCollectionView";
    public const string View = Namespace + "view";
    public const string First = Namespace + "first";
    public const string Next = Namespace + "next";
    public const string Previous = Namespace + "previous";
    public const string Last = Namespace + "last";
    public const string TotalItems = Namespace + "totalItems";
}

/// W3C Data Quality Vocabulary, for the metadata quality measurements.
public static class Dqv
{
    public const string Namespace = "http://www.w3.org/ns/dqv#";
    public const string QualityMeasurement = Namespace + "QualityMeasurement";
    public const string HasQualityMeasurement = Namespace + "hasQualityMeasurement";
    public const string IsMeasurementOf = Namespace + "isMeasurementOf";
    public const string ComputedOn = Namespace + "computedOn";
    public const string Value = Namespace + "value";
}

public static class Rdfs
{
    public const string Namespace = "http://www.w3.org/2000/01/rdf-schema#";
    public const string Label = Namespace + "label";
}
