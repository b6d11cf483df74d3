using Kaifang.Storage;

namespace Kaifang.Inventory;

/// The inventory list as a spreadsheet: its columns (Chinese names, as agencies fill them in), the template
/// with a note under each column name, and the list written through SpreadsheetTables. Import reads the same columns.
public static class InventorySpreadsheet
{
    public sealed record Column(string Name, string Key, bool Required, string Note);

    public const string NoteMark = "【說明】";

    public static IReadOnlyList<Column> Columns { get; } =
    [
        new("機關代碼", "agency", true, "機關代碼，例如 MOL、BLI、WDA、BLF、OSHA、ILOSH"),
        new("項目名稱", "name", true, "資料項目名稱；同一機關同一次盤點不得重複"),
        new("資料來源類型", "sourceKind", true, "業務系統資料庫、網站內容，或文件、表單、登記簿或報告"),
        new("權責單位", "owningUnit", true, "負責此資料的單位，例如 勞保局納保處"),
        new("資料描述", "description", true, "資料內容的說明"),
        new("主要欄位", "mainFields", true, "主要欄位名稱與意義，例如 年月、投保單位數、被保險人數"),
        new("資料量", "volume", false, "例如 約120萬筆、每月1,000筆"),
        new("更新頻率", "updateFrequency", true, "每N日/週/月/季/年、即時或不定期更新，例如 每1月"),
        new("含個人資料", "hasPersonalData", true, "是 或 否"),
        new("建議分級", "grade", true, "開放、限制開放或不開放"),
        new("法令依據", "legalBases", false, "限制開放或不開放時必填；依據清單的代碼或名稱，多筆以分號 ; 分隔，例如 PDPA-16;FOIA-18-1-6"),
        new("依據說明", "legalBasisNote", false, "依據適用的範圍，例如 身分證號及地址欄位"),
        new("授權方式", "licence", false, "預設為 政府資料開放授權條款-第1版"),
        new("計費方式", "fee", true, "免費 或 付費"),
        new("收費依據", "feeBasis", false, "付費時必填，例如 規費法第10條及本部收費標準"),
    ];

    /// Written on export for the reader; accepted and ignored on import.
    public const string StateColumn = "狀態";

    /// The empty list: column names, then one row with each column's note (skipped on import).
    public static byte[] Template(SpreadsheetFormat format) =>
        SpreadsheetTables.Write(format, "盤點清單", [Columns.Select(c => c.Name).ToArray(), Columns.Select(c => $"{NoteMark}{(c.Required ? "必填。" : "")}{c.Note}").ToArray()], neutralise: false);

    /// The items as rows under the column names, plus their state.
    public static byte[] Export(SpreadsheetFormat format, IEnumerable<string[]> rows) =>
        SpreadsheetTables.Write(format, "盤點清單", [[.. Columns.Select(c => c.Name), StateColumn], .. rows], neutralise: true);

}
