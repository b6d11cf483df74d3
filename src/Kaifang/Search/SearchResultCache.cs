using System.Globalization;

namespace Kaifang.Search;

/// Results of the searches run on one reader (kept by its CatalogSearcher). A portal serves the same few searches
/// (the front page, a popular facet) over and over; any write opens a new reader, which starts a new cache.
internal static class SearchResultCache
{
    public const int Capacity = 1024;

    /// Everything that decides a result, as one string (the datasets' records, asked with WithDatasets, are not kept:
    /// they are read for each answer); null for a search relative to the time it is run (NOW),
    /// whose result changes without any write.
    public static string? Key(CatalogQuery q, int offset, int limit)
    {
        if (MentionsNow(q.Text) || q.FilterQueries.Any(MentionsNow))
        {
            return null;
        }
        static string List<T>(IEnumerable<T> values) => string.Join('\u001f', values.Select(v => v?.ToString()).Order(StringComparer.Ordinal));
        return string.Join('\u001e',
            q.Text?.Trim() ?? "", q.Sort.ToString(), offset.ToString(CultureInfo.InvariantCulture), limit.ToString(CultureInfo.InvariantCulture),
            q.FacetLimit.ToString(CultureInfo.InvariantCulture), List(q.Statuses), q.AgencyIds is null ? "*" : List(q.AgencyIds),
            List(q.Agencies), List(q.Categories), List(q.Formats), List(q.Licenses), List(q.Frequencies),
            List(q.Tags), string.Join('\u001f', q.FilterQueries), q.StrictSyntax ? "strict" : "",
            q.SortKeys is null ? "" : string.Join('\u001f', q.SortKeys), string.Join('\u001f', q.FacetFields));
    }

    /// Whether a text may hold Solr's NOW (a date relative to the time of the search).
    public static bool MentionsNow(string? text) => text is not null && text.Contains("NOW", StringComparison.OrdinalIgnoreCase);
}
