using Kaifang.Agencies;
using Kaifang.Search;
using Kaifang.Web.Portal;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Kaifang.Web.Pages.Portal.Datasets;

/// Search and browse the published catalog; everything lives in the query string, so every
/// state of the page is a link that can be shared, bookmarked and used without JavaScript.
public sealed class IndexModel(CatalogIndex index, AgencyDirectory agencies) : PageModel
{
    public const int PageSize = 20;

    public string? Q { get; private set; }
    public CatalogSort Sort { get; private set; }
    public int PageNumber { get; private set; } = 1;

    /// The chosen values of each facet, by facet name.
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Selected { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    public CatalogSearchResult Result { get; private set; } = new(0, [], new Dictionary<string, IReadOnlyList<FacetValue>>());
    public Pager Pager { get; private set; } = new(1, PageSize, 0, _ => "");
    public AgencyTree Agencies => agencies.Tree;

    public bool HasFilters => Selected.Values.Any(v => v.Count > 0);

    public void OnGet()
    {
        var query = Request.Query;
        Q = query["q"].ToString().Trim() is { Length: > 0 } text ? text[..Math.Min(text.Length, 500)] : null;
        Sort = query["sort"].ToString() switch
        {
            "newest" => CatalogSort.Newest,
            "name" => CatalogSort.Name,
            _ => CatalogSort.Relevance,
        };
        Selected = Facets.All.ToDictionary(f => f, IReadOnlyList<string> (f) => Values(query[f]), StringComparer.Ordinal);
        var requested = int.TryParse(query["page"], out var p) ? p : 1;
        requested = Math.Clamp(requested, 1, Pager.MaxPages);

        Result = Search(requested);
        var clamped = Pager.Clamp(requested, PageSize, Result.Total);
        if (clamped != requested)
        {
            // Past the last page (an old link after datasets were withdrawn): show the last one.
            Result = Search(clamped);
        }
        PageNumber = clamped;
        Pager = new Pager(PageNumber, PageSize, Result.Total, page => Link(page: page));
    }

    private CatalogSearchResult Search(int page) => index.Search(new CatalogQuery
    {
        Text = Q,
        Agencies = Selected[Facets.Agency],
        Categories = Selected[Facets.Category],
        Formats = Selected[Facets.Format],
        Licenses = Selected[Facets.License],
        Frequencies = Selected[Facets.Frequency],
        Sort = Sort,
        Offset = (page - 1) * PageSize,
        Limit = PageSize,
        FacetLimit = 30,
    });

    public bool IsSelected(string facet, string value) => Selected[facet].Contains(value, StringComparer.Ordinal);

    public string SortValue(CatalogSort sort) => sort switch
    {
        CatalogSort.Newest => "newest",
        CatalogSort.Name => "name",
        _ => "relevance",
    };

    /// This search with one facet value added or removed, back on the first page.
    public string Toggle(string facet, string value) =>
        IsSelected(facet, value) ? Link(remove: (facet, value)) : Link(add: (facet, value));

    public string WithoutText() => Link(text: "");

    public string Link(int page = 1, (string Facet, string Value)? add = null, (string Facet, string Value)? remove = null, string? text = null)
    {
        var parameters = new List<KeyValuePair<string, string?>>();
        var q = text ?? Q;
        if (!string.IsNullOrEmpty(q))
        {
            parameters.Add(new("q", q));
        }
        foreach (var facet in Facets.All)
        {
            foreach (var value in Selected[facet])
            {
                if (remove is { } r && r.Facet == facet && r.Value == value)
                {
                    continue;
                }
                parameters.Add(new(facet, value));
            }
            if (add is { } a && a.Facet == facet)
            {
                parameters.Add(new(facet, a.Value));
            }
        }
        if (Sort != CatalogSort.Relevance)
        {
            parameters.Add(new("sort", SortValue(Sort)));
        }
        if (page > 1)
        {
            parameters.Add(new("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return QueryHelpers.AddQueryString("/datasets", parameters);
    }

    private static string[] Values(StringValues values) =>
        [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct(StringComparer.Ordinal).Take(20)];
}
