using System.Collections.Concurrent;
using System.Globalization;
using Kaifang.Catalog;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Kaifang.Search;

/// The filters of a CatalogQuery (statuses, agency scope, facet choices) as one Lucene filter.
internal sealed class CatalogFilters
{
    private readonly ConcurrentDictionary<string, Filter> _statusFilters = new(StringComparer.Ordinal);

    /// Combinations of filters searched before, each with its bit set per segment: people choose among a few dozen
    /// agencies, categories and formats, and a combination built afresh cost each search a bit set of the whole
    /// catalog per filter, and another for their intersection. 256 combinations of 100,000 datasets hold about 3 MB.
    private readonly BoundedCache<string, Filter> _combinations = new(256, StringComparer.Ordinal);

    /// All filters AND'ed; values within one OR'ed. Null when nothing can match (no status, empty scope).
    public Filter? For(CatalogQuery query)
    {
        if (query.Statuses.Count == 0 || query.AgencyIds is { Count: 0 })
        {
            return null;
        }
        var key = CombinationKey(query);
        if (key is null)
        {
            // The public's plain listing has the status filter alone: use its cached bit set directly.
            return StatusFilter(query.Statuses);
        }
        if (_combinations.TryGetValue(key, out var known))
        {
            return known;
        }
        var filter = new BooleanFilter
        {
            new FilterClause(StatusFilter(query.Statuses), Occur.MUST),
        };
        if (query.AgencyIds is { } scope)
        {
            filter.Add(new FilterClause(
                Terms(CatalogSchema.AgencyId, scope.Select(id => id.ToString(CultureInfo.InvariantCulture))), Occur.MUST));
        }
        AddFacetFilter(filter, CatalogSchema.Agency, query.Agencies);
        AddFacetFilter(filter, CatalogSchema.Category, query.Categories);
        AddFacetFilter(filter, CatalogSchema.Format, query.Formats);
        AddFacetFilter(filter, CatalogSchema.License, query.Licenses);
        AddFacetFilter(filter, CatalogSchema.Frequency, query.Frequencies);
        AddFacetFilter(filter, CatalogSchema.Keyword, query.Tags);
        var cached = new CachingWrapperFilter(filter);
        _combinations.Add(key, cached);
        return cached;
    }

    /// What decides the filters beyond the statuses, as one string; null when there is nothing beyond them.
    private static string? CombinationKey(CatalogQuery query)
    {
        if (query.AgencyIds is null && query.Agencies.Count == 0 && query.Categories.Count == 0 && query.Formats.Count == 0
            && query.Licenses.Count == 0 && query.Frequencies.Count == 0 && query.Tags.Count == 0)
        {
            return null;
        }
        static string List(IEnumerable<string> values) => string.Join('\u001f', values.Order(StringComparer.Ordinal));
        return string.Join('\u001e',
            List(query.Statuses.Select(CatalogSchema.StatusTerm)),
            query.AgencyIds is null ? "*" : List(query.AgencyIds.Select(id => id.ToString(CultureInfo.InvariantCulture))),
            List(query.Agencies), List(query.Categories), List(query.Formats), List(query.Licenses),
            List(query.Frequencies), List(query.Tags));
    }

    private static void AddFacetFilter(BooleanFilter filter, string field, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            filter.Add(new FilterClause(Terms(field, values.Select(v => CatalogSchema.NormalizeExact(field, v))), Occur.MUST));
        }
    }

    private static TermsFilter Terms(string field, IEnumerable<string> values) =>
        new(field, [.. values.Distinct(StringComparer.Ordinal).Select(v => new BytesRef(v))]);

    /// Nearly every public search filters on the same statuses, so their bit sets are cached per segment.
    private Filter StatusFilter(IReadOnlyList<DatasetStatus> statuses)
    {
        var terms = statuses.Select(CatalogSchema.StatusTerm).Distinct().Order(StringComparer.Ordinal).ToArray();
        return _statusFilters.GetOrAdd(string.Join(',', terms), _ => new CachingWrapperFilter(Terms(CatalogSchema.Status, terms)));
    }
}
