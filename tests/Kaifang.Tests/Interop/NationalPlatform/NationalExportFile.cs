using System.Text;

namespace Kaifang.Tests.Interop.NationalPlatform;

/// Builds small files in the national platform's export format: UTF-8 with BOM, CRLF, quoted where needed.
internal static class NationalExportFile
{
    public const string OfficialHeader =
        "資料集識別碼,資料集名稱,資料提供屬性,服務分類,品質檢測,檔案格式,資料下載網址,編碼格式,資資料集上架方式,資料集描述,主要欄位說明,提供機關,更新頻率,授權方式,相關網址,計費方式,提供機關聯絡人姓名,提供機關聯絡人電話,上架日期,詮釋資料更新時間,備註,資料量";

    public static MemoryStream Build(string header, params string[] rows)
    {
        var text = header + "\r\n" + string.Concat(rows.Select(r => r + "\r\n"));
        return new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);
    }
}
