namespace Kaifang.Interop.NationalPlatform;

/// The columns of data.gov.tw's "export all datasets" CSV, in the order the platform writes them.
public static class NationalColumns
{
    public const string Identifier = "資料集識別碼";
    public const string Title = "資料集名稱";
    public const string ProvisionType = "資料提供屬性";
    public const string ServiceCategory = "服務分類";
    public const string QualityMark = "品質檢測";
    public const string FileFormats = "檔案格式";
    public const string DownloadUrls = "資料下載網址";
    public const string Encodings = "編碼格式";
    public const string ListingMethod = "資料集上架方式";

    /// How the platform's own export spells <see cref="ListingMethod"/>: 資 doubled. Both are accepted.
    public const string ListingMethodAsExported = "資資料集上架方式";

    public const string Description = "資料集描述";
    public const string MainFields = "主要欄位說明";
    public const string Agency = "提供機關";
    public const string UpdateFrequency = "更新頻率";
    public const string License = "授權方式";
    public const string RelatedUrl = "相關網址";
    public const string Fee = "計費方式";
    public const string ContactName = "提供機關聯絡人姓名";
    public const string ContactPhone = "提供機關聯絡人電話";
    public const string FirstPublished = "上架日期";
    public const string MetadataModified = "詮釋資料更新時間";
    public const string Notes = "備註";
    public const string DataVolume = "資料量";

    /// The header row exactly as the platform exports it (with its typo), for writing files others will read.
    public static readonly IReadOnlyList<string> AsExported =
    [
        Identifier, Title, ProvisionType, ServiceCategory, QualityMark, FileFormats, DownloadUrls, Encodings,
        ListingMethodAsExported, Description, MainFields, Agency, UpdateFrequency, License, RelatedUrl, Fee,
        ContactName, ContactPhone, FirstPublished, MetadataModified, Notes, DataVolume,
    ];

    /// Multi-valued cells (formats, URLs, encodings) join their values with this.
    public const char ValueSeparator = ';';

    /// The canonical name of a header as found in a file: trimmed, BOM removed, the typo folded in.
    public static string Canonical(string header)
    {
        var name = header.Trim().TrimStart('\uFEFF').Trim();
        return name == ListingMethodAsExported ? ListingMethod : name;
    }

    public static bool IsKnown(string canonicalName) =>
        canonicalName == ListingMethod || (AsExported.Contains(canonicalName) && canonicalName != ListingMethodAsExported);
}
