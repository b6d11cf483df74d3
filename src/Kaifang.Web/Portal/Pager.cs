namespace Kaifang.Web.Portal;

/// Page links for a long list: the first and last page, and a few around the current one.
public sealed record Pager(int Page, int PageSize, int Total, Func<int, string> UrlFor)
{
    /// Searches go no deeper than the index's window; beyond it people should narrow the search.
    public const int MaxPages = 500;

    public int PageCount => Math.Clamp((Total + PageSize - 1) / PageSize, 1, MaxPages);

    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < PageCount;

    /// Page numbers to link, with null where a run of pages is left out.
    public IReadOnlyList<int?> Window()
    {
        var pages = new List<int?>();
        var last = 0;
        for (var p = 1; p <= PageCount; p++)
        {
            if (p == 1 || p == PageCount || Math.Abs(p - Page) <= 2)
            {
                if (last != 0 && p - last > 1)
                {
                    pages.Add(null);
                }
                pages.Add(p);
                last = p;
            }
        }
        return pages;
    }

    public static int Clamp(int requested, int pageSize, int total) =>
        Math.Clamp(requested, 1, Math.Clamp((total + pageSize - 1) / pageSize, 1, MaxPages));
}
