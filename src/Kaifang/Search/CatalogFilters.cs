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

    /// Machines' conditions (CKAN's fq) added to a filter, by the filter (itself kept above) and the conditions' text.
    private readonly BoundedCache<(Filter Filter, string Conditions), Filter> _conditions = new(256, new ConditionsKeyComparer());

    /// The filter with a machine's conditions (CKAN's fq, parsed by `parse`) AND'ed to it. Clients of the CKAN API
    /// send the same few conditions (an organization, a format) with every call, so each combination keeps its bit
    /// sets as the facet combinations do; conditions relative to the time of the call (NOW) are built every time.
    public Filter WithConditions(Filter filter, IReadOnlyList<string> conditions, Func<string, Query> parse)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(parse);
        var key = (filter, string.Join('\u001e', conditions));
        var timeless = !conditions.Any(SearchResultCache.MentionsNow);
        if (timeless && _conditions.TryGetValue(key, out var known))
        {
            return known;
        }
        var all = new BooleanFilter { new FilterClause(filter, Occur.MUST) };
        foreach (var condition in conditions)
        {
            all.Add(new FilterClause(new QueryWrapperFilter(parse(condition)), Occur.MUST));
        }
        if (!timeless)
        {
            return all;
        }
        var cached = new CachingWrapperFilter(all);
        _conditions.Add(key, cached);
        return cached;
    }

    /// The filter by reference (the filters above are kept, so the same choice is the same object), the text by value.
    private sealed class ConditionsKeyComparer : IEqualityComparer<(Filter Filter, string Conditions)>
    {
        public bool Equals((Filter Filter, string Conditions) x, (Filter Filter, string Conditions) y) =>
            ReferenceEquals(x.Filter, y.Filter) && string.Equals(x.Conditions, y.Conditions, StringComparison.Ordinal);

        public int GetHashCode((Filter Filter, string Conditions) key) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Filter), StringComparer.Ordinal.GetHashCode(key.Conditions));
    }

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
