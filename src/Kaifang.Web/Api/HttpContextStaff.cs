using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Web.Authentication;
using Kaifang.Web.Localization;

namespace Kaifang.Web.Api;

public static class HttpContextStaff
{
    /// The signed-in staff member's scope, or null for the public.
    public static StaffScope? Staff(this HttpContext context) =>
        context.User.Scope(context.RequestServices.GetRequiredService<AgencyDirectory>().Tree);

    /// API errors follow ?lang=en, the culture cookie, or an Accept-Language that prefers English.
    public static bool WantsEnglish(this HttpContext context) =>
        Lang.IsEnglish || context.Request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);

    public static string BaseUrl(this HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
}
