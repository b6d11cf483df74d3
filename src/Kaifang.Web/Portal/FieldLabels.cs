using Kaifang.Web.Localization;

namespace Kaifang.Web.Portal;

/// Names of dataset and resource fields as the change history shows them. The audit trail records
/// property names (Title, ContactPhone); people read the national platform's field names.
public static class FieldLabels
{
    private static readonly Dictionary<string, (string Zh, string En)> Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Identifier"] = ("資料集識別碼", "Identifier"),
        ["Name"] = ("名稱", "Name"),
        ["Title"] = ("資料集名稱", "Title"),
        ["TitleEn"] = ("英文名稱", "English title"),
        ["Description"] = ("描述", "Description"),
        ["DescriptionEn"] = ("英文描述", "English description"),
        ["AgencyId"] = ("提供機關", "Agency"),
        ["ProvisionType"] = ("資料提供屬性", "Provision type"),
        ["ServiceCategory"] = ("服務分類", "Service category"),
        ["QualityMark"] = ("品質檢測", "Quality mark"),
        ["ListingMethod"] = ("資料集上架方式", "Listing method"),
        ["MainFieldsDescription"] = ("主要欄位說明", "Main fields"),
        ["UpdateFrequency"] = ("更新頻率", "Update frequency"),
        ["License"] = ("授權方式", "Licence"),
        ["RelatedUrl"] = ("相關網址", "Related URL"),
        ["SpatialCoverage"] = ("空間範圍", "Spatial coverage"),
        ["CoverageStart"] = ("資料涵蓋期間（起）", "Coverage start"),
        ["CoverageEnd"] = ("資料涵蓋期間（迄）", "Coverage end"),
        ["Fee"] = ("計費方式", "Fee"),
        ["FeeUrl"] = ("收費網址", "Fee URL"),
        ["FeeBasis"] = ("收費法源依據", "Legal basis of the fee"),
        ["ContactName"] = ("聯絡人姓名", "Contact name"),
        ["ContactPhone"] = ("聯絡人電話", "Contact phone"),
        ["ContactEmail"] = ("聯絡人電子郵件", "Contact e-mail"),
        ["Notes"] = ("備註", "Notes"),
        ["DataVolume"] = ("資料量", "Data volume"),
        ["Keywords"] = ("關鍵字", "Keywords"),
        ["Status"] = ("狀態", "Status"),
        ["Format"] = ("檔案格式", "Format"),
        ["Encoding"] = ("編碼格式", "Encoding"),
        ["Url"] = ("網址", "URL"),
        ["FileName"] = ("檔案名稱", "File name"),
        ["FileHash"] = ("檔案雜湊值", "File hash"),
        ["Size"] = ("大小", "Size"),
        ["MediaType"] = ("媒體類型", "Media type"),
        ["Position"] = ("排序", "Position"),
    };

    public static string Label(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return Labels.TryGetValue(field, out var label) ? Lang.T(label.Zh, label.En) : field;
    }
}
