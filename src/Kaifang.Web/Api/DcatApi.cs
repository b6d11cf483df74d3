using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Kaifang.Interop.Dcat;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Kaifang.Web.Api;

/// The catalog as DCAT (Turtle, RDF/XML, JSON-LD) for DCAT harvesters: /catalog.ttl|.rdf|.jsonld,
/// /catalog by content negotiation, /dataset/{name}.ttl|.rdf|.jsonld, and /datasets/{name} when
/// an RDF type is asked for in Accept (docs/interop.md).
public static partial class DcatApi
{
    public static IEndpointRouteBuilder MapDcatApi(this IEndpointRouteBuilder routes)
    {
        foreach (var syntax in Enum.GetValues<RdfSyntax>())
        {
            routes.MapGet($"/catalog.{syntax.Extension()}", (string? page, string? modified_since, string? q, HttpContext http, BuildDcatCatalog build, CancellationToken ct) =>
                    CatalogAsync(syntax, page, modified_since, q, http, build, ct))
                .WithTags("DCAT").WithSummary($"The catalog as DCAT in {syntax.MediaType()}, 100 datasets a page")
                .WithDescription("page: from 1; modified_since: ISO 8601 date or date-time; q: words. Hydra links lead to the other pages.");
        }
        routes.MapGet("/catalog", NegotiatedCatalogAsync).WithTags("DCAT")
            .WithSummary("The catalog as DCAT in the RDF syntax the Accept header asks for; browsers go to the dataset search");
        routes.MapGet("/dataset/{file}", DatasetAsync).WithTags("DCAT")
            .WithSummary("One published dataset as DCAT: {name}.ttl, {name}.rdf or {name}.jsonld");
        return routes;
    }

    /// Sends requests for a dataset page that ask for RDF to the dataset's DCAT, and tells caches the
    /// page varies by Accept. Runs before routing, so the rewritten path is routed as such.
    public static IApplicationBuilder UseDcatContentNegotiation(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var match = DatasetPage().Match(http.Request.Path.Value ?? "");
        if (match.Success && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)))
        {
            http.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Accept);
            // The DCAT endpoints answer GET only; a HEAD stays with the page.
            if (HttpMethods.IsGet(http.Request.Method) && Negotiate(http.Request.Headers.Accept, defaultSyntax: null) is { } syntax)
            {
                http.Request.Path = $"/dataset/{match.Groups[1].Value}.{syntax.Extension()}";
            }
        }
        return next(http);
    });

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> CatalogAsync(
        RdfSyntax syntax, string? page, string? modifiedSince, string? q, HttpContext http, BuildDcatCatalog build, CancellationToken ct,
        string? path = null)
    {
        var pageNumber = 1;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber < 1))
        {
            return TypedResults.Problem($"page must be a whole number from 1; '{page}' is not.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid page");
        }
        DateTimeOffset? since = null;
        if (modifiedSince is not null)
        {
            if (!TryParseIsoDate(modifiedSince, out var parsed))
            {
                return TypedResults.Problem(
                    $"modified_since must be an ISO 8601 date or date-time such as 2024-01-01 or 2024-01-01T08:00:00+08:00; '{modifiedSince}' is not.",
                    statusCode: StatusCodes.Status400BadRequest, title: "Invalid modified_since");
            }
            since = parsed;
        }
        var baseUrl = http.PublicBaseUrl();
        var pagePath = baseUrl + (path ?? http.Request.Path.Value);
        string PageUrl(int n)
        {
            var query = new List<string>();
            if (!string.IsNullOrWhiteSpace(q))
            {
                query.Add("q=" + Uri.EscapeDataString(q));
            }
            if (modifiedSince is not null)
            {
                query.Add("modified_since=" + Uri.EscapeDataString(modifiedSince));
            }
            query.Add("page=" + n.ToString(CultureInfo.InvariantCulture));
            return pagePath + "?" + string.Join('&', query);
        }
        var graph = await build.PageAsync(new DcatCatalogRequest(baseUrl, pageNumber, BuildDcatCatalog.DefaultPageSize, since, q, PageUrl), ct);
        return TypedResults.Text(graph.Write(syntax), syntax.MediaType(), Encoding.UTF8);
    }

    private static async Task<IResult> NegotiatedCatalogAsync(string? page, string? modified_since, string? q, HttpContext http, BuildDcatCatalog build, CancellationToken ct)
    {
        http.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Accept);
        var accept = http.Request.Headers.Accept;
        if (Negotiate(accept, defaultSyntax: RdfSyntax.Turtle) is { } syntax)
        {
            return await CatalogAsync(syntax, page, modified_since, q, http, build, ct, path: "/catalog");
        }
        if (PrefersHtml(accept))
        {
            return TypedResults.Redirect(string.IsNullOrWhiteSpace(q) ? "/datasets" : "/datasets?q=" + Uri.EscapeDataString(q));
        }
        return TypedResults.Problem("The catalog is served as text/turtle, application/rdf+xml or application/ld+json.",
            statusCode: StatusCodes.Status406NotAcceptable, title: "Not acceptable");
    }

    private static async Task<Results<ContentHttpResult, NotFound>> DatasetAsync(string file, HttpContext http, BuildDcatCatalog build, CancellationToken ct)
    {
        var dot = file.LastIndexOf('.');
        if (dot <= 0 || RdfSyntaxes.FromExtension(file[(dot + 1)..]) is not { } syntax)
        {
            return TypedResults.NotFound();
        }
        var graph = await build.DatasetAsync(http.PublicBaseUrl(), file[..dot], ct);
        return graph is null ? TypedResults.NotFound() : TypedResults.Text(graph.Write(syntax), syntax.MediaType(), Encoding.UTF8);
    }

    /// The RDF syntax the Accept header ranks highest, if it ranks one above HTML. A bare */* (or no
    /// Accept at all) gets the default, when there is one.
    internal static RdfSyntax? Negotiate(string? accept, RdfSyntax? defaultSyntax)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return defaultSyntax;
        }
        if (!MediaTypeHeaderValue.TryParseList([accept], out var ranges))
        {
            return defaultSyntax;
        }
        RdfSyntax? best = null;
        double bestQuality = 0, html = 0, any = 0;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1.0;
            var type = range.MediaType.Value?.ToLowerInvariant();
            if (type is "text/html" or "application/xhtml+xml")
            {
                html = Math.Max(html, quality);
            }
            else if (type == "*/*")
            {
                any = Math.Max(any, quality);
            }
            else if (type is RdfSyntaxes.TurtleMediaType or RdfSyntaxes.RdfXmlMediaType or RdfSyntaxes.JsonLdMediaType
                && quality > bestQuality)
            {
                best = RdfSyntaxes.FromMediaType(type);
                bestQuality = quality;
            }
        }
        if (best is not null && bestQuality > html)
        {
            return best;
        }
        return best is null && html == 0 && any > 0 ? defaultSyntax : null;
    }

    private static bool PrefersHtml(string? accept) =>
        accept?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true || accept?.Contains("application/xhtml+xml", StringComparison.OrdinalIgnoreCase) == true;

    private static bool TryParseIsoDate(string text, out DateTimeOffset value)
    {
        value = default;
        return IsoDate().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }


    [GeneratedRegex(@"^/datasets/([^/]+)$")]
    private static partial Regex DatasetPage();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$")]
    private static partial Regex IsoDate();
}
