using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int? code) => Describe(code ?? 500);

    public void OnPost(int? code) => Describe(code ?? 500);

    private void Describe(int code)
    {
        (Heading, Message) = code switch
        {
            404 => (T("找不到網頁", "Page not found"), T("您要找的網頁不存在或已移除。", "The page you asked for does not exist or was removed.")),
            403 => (T("沒有權限", "Not allowed"), T("您的帳號沒有執行此操作的權限。", "Your account may not do this.")),
            400 => (T("要求有誤", "Bad request"), T("要求的內容有誤，請檢查後再試。", "The request was not valid; please check it and try again.")),
            _ => (T("系統發生錯誤", "Something went wrong"), T("系統暫時無法處理您的要求，請稍後再試。", "Kaifang could not handle the request; please try again later.")),
        };
        if (HttpContext.Response.StatusCode == 200 && code != 200)
        {
            HttpContext.Response.StatusCode = code;
        }
    }
}
