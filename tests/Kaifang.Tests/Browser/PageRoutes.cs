using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Browser;

/// A page of the running app: its route template as routing has it (constraints included, e.g.
/// "/admin/inventory/items/{id:guid}") and the Razor file it comes from.
public sealed record PageRoute(string Template, string File)
{
    /// Pages under Pages/Admin: the folder is for signed-in staff (AuthorizeFolder("/Admin") in KaifangWeb).
    public bool IsBackOffice => File.StartsWith("/Pages/Admin/", StringComparison.Ordinal);

    public bool HasParameters => Template.Contains('{', StringComparison.Ordinal);
}

public static class PageRoutes
{
    /// Every Razor Page route the app answers, read from its endpoints: a page added to src/Kaifang.Web/Pages, or
    /// another route given to a page (AddPageRoute), shows up here without any list to keep.
    public static IReadOnlyList<PageRoute> Of(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Page: e.Metadata.GetMetadata<PageActionDescriptor>()))
            .Where(e => e.Page is not null)
            .Select(e => new PageRoute("/" + (e.Endpoint.RoutePattern.RawText ?? "").TrimStart('/'), e.Page!.RelativePath))
            .Distinct()
            .OrderBy(r => r.Template, StringComparer.Ordinal)];
}
