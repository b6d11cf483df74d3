namespace Kaifang.Quality;

/// The five dimensions of the EU data portal's Metadata Quality Assessment (MQA), after the FAIR principles.
public enum MetadataQualityDimension
{
    Findability = 0,
    Accessibility = 1,
    Interoperability = 2,
    Reusability = 3,
    Contextuality = 4,
}

/// Where the MQA looks for a criterion: on the dataset, or on each of its distributions (resources).
public enum MetadataQualityLevel
{
    Dataset = 0,
    Distribution = 1,
}

/// The MQA's rating of a score out of 405.
public enum MetadataQualityBand
{
    Bad = 0,
    Sufficient = 1,
    Good = 2,
    Excellent = 3,
}

/// One criterion of the MQA: its points, where it is looked for, the metric the MQA publishes for it
/// (the piveau vocabulary data.europa.eu writes its DQV measurements in), its name and what to add to
/// earn it, in Traditional Chinese and English. Recorded is false for what Kaifang has no field for yet.
public sealed record MetadataCriterion(
    string Key, MetadataQualityDimension Dimension, MetadataQualityLevel Level, int MaxPoints, string Metric,
    string Name, string NameEn, string Advice, string AdviceEn, bool Recorded = true)
{
    public string DisplayName(bool english) => english ? NameEn : Name;

    public string DisplayAdvice(bool english) => english ? AdviceEn : Advice;
}

/// The 23 criteria, 405 points, in the MQA's order (docs/quality.md, "Metadata quality").
public static class MetadataQualityCriteria
{
    /// The MQA's metric vocabulary (piveau), in which data.europa.eu publishes its measurements.
    public const string MetricBase = "https://piveau.eu/ns/voc#";

    public const int MaxScore = 405;

    public static readonly MetadataCriterion Keyword = new("keyword", MetadataQualityDimension.Findability, MetadataQualityLevel.Dataset, 30,
        MetricBase + "keywordAvailability", "關鍵字", "Keywords",
        "為資料集加上至少一個關鍵字。", "Add at least one keyword to the dataset.");

    public static readonly MetadataCriterion Theme = new("theme", MetadataQualityDimension.Findability, MetadataQualityLevel.Dataset, 30,
        MetricBase + "categoryAvailability", "主題分類", "Theme",
        "選擇一個服務分類（匯出為 dcat:theme）。", "Choose a service category (written as dcat:theme).");

    public static readonly MetadataCriterion Spatial = new("spatial", MetadataQualityDimension.Findability, MetadataQualityLevel.Dataset, 20,
        MetricBase + "spatialAvailability", "空間範圍", "Spatial coverage",
        "填寫空間範圍，例如「臺灣地區」（匯出為 dct:spatial）。", "Fill in the spatial coverage, e.g. 臺灣地區 (written as dct:spatial).");

    public static readonly MetadataCriterion Temporal = new("temporal", MetadataQualityDimension.Findability, MetadataQualityLevel.Dataset, 20,
        MetricBase + "temporalAvailability", "時間範圍", "Temporal coverage",
        "填寫資料涵蓋期間的起日或迄日（匯出為 dct:temporal）。", "Fill in the first or last day the data covers (written as dct:temporal).");

    public static readonly MetadataCriterion AccessUrlReachable = new("access_url_reachable", MetadataQualityDimension.Accessibility, MetadataQualityLevel.Distribution, 50,
        MetricBase + "accessUrlStatusCode", "存取網址可連線", "Access URL reachable",
        "修正無法連線的資料資源網址，並執行連結檢查（未檢查過的網址不計分）。", "Fix the resource links that fail and run a link check (a link never checked earns nothing).");

    public static readonly MetadataCriterion DownloadUrl = new("download_url", MetadataQualityDimension.Accessibility, MetadataQualityLevel.Distribution, 20,
        MetricBase + "downloadUrlAvailability", "提供下載網址", "Download URL given",
        "將資料檔上傳至開放平臺，讓每個資源都有下載網址（dcat:downloadURL）。", "Upload the data files to Kaifang, so that each resource has a download URL (dcat:downloadURL).");

    public static readonly MetadataCriterion DownloadUrlReachable = new("download_url_reachable", MetadataQualityDimension.Accessibility, MetadataQualityLevel.Distribution, 30,
        MetricBase + "downloadUrlStatusCode", "下載網址可連線", "Download URL reachable",
        "上傳資料檔，並確認連結檢查通過。", "Upload the data files and make sure their link check passes.");

    public static readonly MetadataCriterion Format = new("format", MetadataQualityDimension.Interoperability, MetadataQualityLevel.Distribution, 20,
        MetricBase + "formatAvailability", "檔案格式", "Format",
        "為每個資料資源填寫檔案格式。", "Give every resource its file format.");

    public static readonly MetadataCriterion MediaType = new("media_type", MetadataQualityDimension.Interoperability, MetadataQualityLevel.Distribution, 10,
        MetricBase + "mediaTypeAvailability", "媒體類型", "Media type",
        "為上傳的檔案提供媒體類型（例如 text/csv），可重新上傳或使用副檔名正確的檔名。", "Give uploaded files a media type (such as text/csv): upload them again, or with the right file extension.");

    public static readonly MetadataCriterion FormatFromVocabulary = new("format_media_type_vocabulary", MetadataQualityDimension.Interoperability, MetadataQualityLevel.Distribution, 10,
        MetricBase + "formatMediaTypeVocabularyAlignment", "格式與媒體類型屬標準詞彙", "Format and media type from a vocabulary",
        "使用歐盟檔案類型表中的格式（如 CSV、JSON、XML、ODS）及 IANA 媒體類型。", "Use formats in the EU file-type table (such as CSV, JSON, XML, ODS) and IANA media types.");

    public static readonly MetadataCriterion NonProprietary = new("non_proprietary", MetadataQualityDimension.Interoperability, MetadataQualityLevel.Distribution, 20,
        MetricBase + "formatMediaTypeNonProprietary", "非專屬格式", "Non-proprietary format",
        "改以開放格式提供資料，例如 CSV、JSON、XML 或 ODS，而非 XLS、XLSX、DOC。", "Offer the data in an open format such as CSV, JSON, XML or ODS rather than XLS, XLSX or DOC.");

    public static readonly MetadataCriterion MachineReadable = new("machine_readable", MetadataQualityDimension.Interoperability, MetadataQualityLevel.Distribution, 20,
        MetricBase + "formatMediaTypeMachineInterpretable", "機器可讀格式", "Machine-readable format",
        "以機器可讀格式提供資料，例如 CSV、JSON、XML，而非 PDF 或圖片。", "Offer the data in a machine-readable format such as CSV, JSON or XML rather than PDF or images.");

    public static readonly MetadataCriterion DcatApCompliance = new("dcat_ap_compliance", MetadataQualityDimension.Interoperability, MetadataQualityLevel.Dataset, 30,
        MetricBase + "dcatApCompliance", "符合 DCAT-AP", "DCAT-AP conformant",
        "填寫資料集描述，並讓每個資源的格式屬歐盟檔案類型表（DCAT-AP 要求格式為詞彙 IRI）。", "Give the dataset a description, and every resource a format in the EU file-type table (DCAT-AP wants the format as a vocabulary IRI).");

    public static readonly MetadataCriterion Licence = new("licence", MetadataQualityDimension.Reusability, MetadataQualityLevel.Dataset, 20,
        MetricBase + "licenceAvailability", "授權方式", "Licence",
        "選擇一種授權方式，例如政府資料開放授權條款-第1版。", "Choose a licence, such as the Open Government Data License, version 1.0.");

    public static readonly MetadataCriterion KnownLicence = new("known_licence", MetadataQualityDimension.Reusability, MetadataQualityLevel.Dataset, 10,
        MetricBase + "knownLicence", "授權屬標準詞彙", "Licence from a vocabulary",
        "選擇有公開網址的標準授權（政府資料開放授權條款、CC BY 4.0、CC0），而非「其他」。", "Choose a licence with a public address (Open Government Data License, CC BY 4.0, CC0) rather than Other.");

    public static readonly MetadataCriterion AccessRights = new("access_rights", MetadataQualityDimension.Reusability, MetadataQualityLevel.Dataset, 10,
        MetricBase + "accessRightsAvailability", "存取權限", "Access rights",
        "已上架的資料集一律標示為公開。", "A published dataset is always marked public.");

    public static readonly MetadataCriterion AccessRightsFromVocabulary = new("access_rights_vocabulary", MetadataQualityDimension.Reusability, MetadataQualityLevel.Dataset, 5,
        MetricBase + "accessRightsVocabularyAlignment", "存取權限屬標準詞彙", "Access rights from a vocabulary",
        "已上架的資料集一律使用歐盟存取權限表的 PUBLIC。", "A published dataset always uses PUBLIC from the EU access-right table.");

    public static readonly MetadataCriterion ContactPoint = new("contact_point", MetadataQualityDimension.Reusability, MetadataQualityLevel.Dataset, 20,
        MetricBase + "contactPointAvailability", "聯絡窗口", "Contact point",
        "填寫提供機關聯絡人的姓名、電話或電子郵件。", "Give the agency's contact person: a name, telephone or e-mail.");

    public static readonly MetadataCriterion Publisher = new("publisher", MetadataQualityDimension.Reusability, MetadataQualityLevel.Dataset, 10,
        MetricBase + "publisherAvailability", "提供機關", "Publisher",
        "為資料集指定提供機關。", "Give the dataset its agency.");

    public static readonly MetadataCriterion Rights = new("rights", MetadataQualityDimension.Contextuality, MetadataQualityLevel.Distribution, 5,
        MetricBase + "rightsAvailability", "權利聲明", "Rights statement",
        "選擇有網址的授權條款，其條款即寫入每個資源的 dct:rights。", "Choose a licence with an address; its terms are written as each distribution's dct:rights.");

    public static readonly MetadataCriterion ByteSize = new("byte_size", MetadataQualityDimension.Contextuality, MetadataQualityLevel.Distribution, 5,
        MetricBase + "byteSizeAvailability", "檔案大小", "Byte size",
        "上傳資料檔，開放平臺會記錄其大小。", "Upload the data files: Kaifang records their size.");

    public static readonly MetadataCriterion Issued = new("issued", MetadataQualityDimension.Contextuality, MetadataQualityLevel.Dataset, 5,
        MetricBase + "dateIssuedAvailability", "上架日期", "Date issued",
        "上架資料集時會自動記錄上架日期。", "The date is recorded when the dataset is first published.");

    public static readonly MetadataCriterion Modified = new("modified", MetadataQualityDimension.Contextuality, MetadataQualityLevel.Dataset, 5,
        MetricBase + "dateModifiedAvailability", "詮釋資料更新時間", "Date modified",
        "修改詮釋資料時會自動記錄更新時間。", "The time is recorded whenever the metadata changes.");

    public static readonly IReadOnlyList<MetadataCriterion> All =
    [
        Keyword, Theme, Spatial, Temporal,
        AccessUrlReachable, DownloadUrl, DownloadUrlReachable,
        Format, MediaType, FormatFromVocabulary, NonProprietary, MachineReadable, DcatApCompliance,
        Licence, KnownLicence, AccessRights, AccessRightsFromVocabulary, ContactPoint, Publisher,
        Rights, ByteSize, Issued, Modified,
    ];

    /// The MQA's metric for a dimension's total (data.europa.eu writes findabilityScoring and so on).
    public static string DimensionMetric(MetadataQualityDimension dimension) =>
        MetricBase + dimension.ToString().ToLowerInvariant() + "Scoring";

    /// The MQA's metric for the total score out of 405.
    public const string ScoringMetric = MetricBase + "scoring";

    public static int MaxPoints(MetadataQualityDimension dimension) => All.Where(c => c.Dimension == dimension).Sum(c => c.MaxPoints);

    public static string DisplayName(MetadataQualityDimension dimension, bool english) => dimension switch
    {
        MetadataQualityDimension.Findability => english ? "Findability" : "可發現性",
        MetadataQualityDimension.Accessibility => english ? "Accessibility" : "可存取性",
        MetadataQualityDimension.Interoperability => english ? "Interoperability" : "互通性",
        MetadataQualityDimension.Reusability => english ? "Reusability" : "可再利用性",
        _ => english ? "Contextuality" : "情境資訊",
    };

    public static string DisplayName(MetadataQualityBand band, bool english) => band switch
    {
        MetadataQualityBand.Excellent => english ? "Excellent" : "優良",
        MetadataQualityBand.Good => english ? "Good" : "良好",
        MetadataQualityBand.Sufficient => english ? "Sufficient" : "尚可",
        _ => english ? "Bad" : "不足",
    };
}
