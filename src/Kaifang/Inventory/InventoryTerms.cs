namespace Kaifang.Inventory;

/// The words for source kinds, grades and states: Chinese as agencies write them in forms and
/// spreadsheets, English, and the lower-case codes of the API. Parsing accepts all three.
public static class InventoryTerms
{
    public static string SourceKindText(SourceKind kind, bool english) => (kind, english) switch
    {
        (SourceKind.BusinessSystem, false) => "業務系統資料庫",
        (SourceKind.BusinessSystem, true) => "Business-system database",
        (SourceKind.WebsiteContent, false) => "網站內容",
        (SourceKind.WebsiteContent, true) => "Website content",
        (SourceKind.Document, false) => "文件、表單、登記簿或報告",
        (SourceKind.Document, true) => "Document, form, register or report",
        _ => kind.ToString(),
    };

    public static string SourceKindCode(SourceKind kind) => kind switch
    {
        SourceKind.BusinessSystem => "business-system",
        SourceKind.WebsiteContent => "website",
        _ => "document",
    };

    public static SourceKind? ParseSourceKind(string? text) => Normalise(text) switch
    {
        "業務系統資料庫" or "業務系統" or "資料庫" or "business-system" or "business-system database" or "businesssystem" => SourceKind.BusinessSystem,
        "網站內容" or "網站" or "website" or "website content" or "websitecontent" => SourceKind.WebsiteContent,
        "文件、表單、登記簿或報告" or "文件表單登記簿或報告" or "文件" or "表單" or "登記簿" or "報告" or "document" or "document, form, register or report" => SourceKind.Document,
        _ => null,
    };

    public static string GradeText(InventoryGrade grade, bool english) => (grade, english) switch
    {
        (InventoryGrade.Open, false) => "開放",
        (InventoryGrade.Open, true) => "Open",
        (InventoryGrade.Restricted, false) => "限制開放",
        (InventoryGrade.Restricted, true) => "Open with restrictions",
        (InventoryGrade.Closed, false) => "不開放",
        (InventoryGrade.Closed, true) => "Not open",
        _ => grade.ToString(),
    };

    public static string GradeCode(InventoryGrade grade) => grade switch
    {
        InventoryGrade.Open => "open",
        InventoryGrade.Restricted => "restricted",
        _ => "closed",
    };

    public static InventoryGrade? ParseGrade(string? text) => Normalise(text) switch
    {
        "開放" or "開放資料" or "open" => InventoryGrade.Open,
        "限制開放" or "依申請提供" or "restricted" or "open with restrictions" => InventoryGrade.Restricted,
        "不開放" or "不予提供" or "closed" or "not open" => InventoryGrade.Closed,
        _ => null,
    };

    public static string StateText(InventoryItemState state, bool english) => (state, english) switch
    {
        (InventoryItemState.Draft, false) => "草稿",
        (InventoryItemState.Draft, true) => "Draft",
        (InventoryItemState.Submitted, false) => "已送出",
        (InventoryItemState.Submitted, true) => "Submitted",
        (InventoryItemState.AgencyApproved, false) => "機關已核可",
        (InventoryItemState.AgencyApproved, true) => "Agency approved",
        (InventoryItemState.UnderReview, false) => "審議中",
        (InventoryItemState.UnderReview, true) => "Under review",
        (InventoryItemState.Approved, false) => "審議通過",
        (InventoryItemState.Approved, true) => "Approved",
        (InventoryItemState.ChangesRequested, false) => "請修正",
        (InventoryItemState.ChangesRequested, true) => "Changes requested",
        (InventoryItemState.Rejected, false) => "不通過",
        (InventoryItemState.Rejected, true) => "Rejected",
        (InventoryItemState.Published, false) => "已建立資料集",
        (InventoryItemState.Published, true) => "Published",
        _ => state.ToString(),
    };

    public static string StateCode(InventoryItemState state) => state switch
    {
        InventoryItemState.Draft => "draft",
        InventoryItemState.Submitted => "submitted",
        InventoryItemState.AgencyApproved => "agency-approved",
        InventoryItemState.UnderReview => "under-review",
        InventoryItemState.Approved => "approved",
        InventoryItemState.ChangesRequested => "changes-requested",
        InventoryItemState.Rejected => "rejected",
        _ => "published",
    };

    public static InventoryItemState? ParseState(string? text) =>
        Enum.GetValues<InventoryItemState>().Cast<InventoryItemState?>().FirstOrDefault(s => StateCode(s!.Value) == Normalise(text));

    public static string FeeText(Catalog.FeeKind fee, bool english) => fee == Catalog.FeeKind.Free ? (english ? "Free" : "免費") : (english ? "Charged" : "付費");

    private static string Normalise(string? text) => (text ?? "").Trim().ToLowerInvariant();
}
