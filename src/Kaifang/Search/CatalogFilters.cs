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

    /// All filters AND'ed; values within one OR'ed. Null when nothing can match (no status, empty scope).
    public Filter? For(CatalogQuery query)
    {
        if (query.Statuses.Count == 0 || query.AgencyIds is { Count: 0 })
        {
            return null;
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
        // The public's plain listing has the status filter alone: use its cached bit set directly
        // rather than copying it into a new one for every search.
        return filter.Clauses.Count == 1 ? filter.Clauses[0].Filter : filter;
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
