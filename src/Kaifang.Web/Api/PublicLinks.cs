using Microsoft.Extensions.Options;

namespace Kaifang.Web.Api;

public static class PublicLinks
{
    /// The base of links written into exported metadata (DCAT, the national list): the configured
    /// Kaifang:PublicBaseUrl when there is one, as a proxy may hide the public host; else this request's.
    public static string PublicBaseUrl(this HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<KaifangOptions>>().Value.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : http.BaseUrl();
}
