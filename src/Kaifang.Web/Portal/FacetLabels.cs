using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Search;
using Kaifang.Web.Localization;

namespace Kaifang.Web.Portal;

/// What a facet value is called on the page: the index keeps codes and the national platform's
/// Chinese texts, people read names in their language.
public static class FacetLabels
{
    public static string Heading(string facet) => facet switch
    {
        Facets.Agency => Lang.T("提供機關", "Agency"),
        Facets.Category => Lang.T("服務分類", "Category"),
        Facets.Format => Lang.T("檔案格式", "Format"),
        Facets.License => Lang.T("授權方式", "Licence"),
        Facets.Frequency => Lang.T("更新頻率", "Update frequency"),
        _ => facet,
    };

    public static string Label(string facet, string value, AgencyTree agencies) => facet switch
    {
        Facets.Agency => agencies.FindByCode(value) is { } agency ? Agency(agency) : value,
        Facets.Category => ServiceCategories.Find(value)?.DisplayName(Lang.IsEnglish) ?? value,
        Facets.License => Lang.IsEnglish ? Licenses.Find(value)?.TitleEn ?? value : value,
        Facets.Frequency => UpdateFrequency.TryParse(value, out var f) ? f.Display(Lang.IsEnglish) : value,
        _ => value,
    };

    /// The name people know an agency by in a list: 勞保局 rather than 勞動部勞工保險局.
    public static string Agency(AgencyNode agency)
    {
        ArgumentNullException.ThrowIfNull(agency);
        return Lang.IsEnglish ? agency.NameEn : agency.ShortName ?? agency.Name;
    }

    /// Whether the label of a value is data in Chinese even when the page is in English (a licence
    /// or frequency Kaifang has no English name for); screen readers then switch voice.
    public static bool LabelIsChinese(string facet, string value, AgencyTree agencies) =>
        !Lang.IsEnglish || facet switch
        {
            Facets.Agency => agencies.FindByCode(value) is null,
            Facets.Category => ServiceCategories.Find(value) is null,
            Facets.License => Licenses.Find(value) is null,
            Facets.Frequency => !UpdateFrequency.TryParse(value, out _),
            _ => false,
        };
}
