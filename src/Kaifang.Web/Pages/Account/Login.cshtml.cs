using Kaifang.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Account;

public sealed class LoginModel(SignInManager<StaffUser> signIn) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = T("請輸入帳號與密碼。", "Enter your user name and password.");
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(UserName.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/admin");
        }
        Error = result.IsLockedOut
            ? T("登入失敗次數過多，帳號已暫時鎖定 15 分鐘。", "Too many failed attempts: the account is locked for 15 minutes.")
            : T("帳號或密碼不正確。", "The user name or password is wrong.");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
