using System.Buffers;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Kaifang.Search;

/// Passes every matching document on to the collector that keeps the top hits, and on the way
/// counts the total and each facet's values (Lucene.Net.Facet is not available). Counting is by
/// segment ordinal (SegmentFacets) into a pooled array; at the end of each segment the counts are
/// added up by value. Facets are counted over the final matching set, every filter applied.
internal sealed class FacetCountingCollector : ICollector, IDisposable
{
    private readonly ICollector _top;
    private readonly FacetCounter[] _counters;

    public FacetCountingCollector(ICollector top, IReadOnlyList<string> facets)
    {
        _top = top;
        _counters = [.. facets.Select(f => new FacetCounter(f, CatalogSchema.FacetField(f)))];
    }

    public int Total { get; private set; }

    // The top-hits collector was created for in-order scoring.
    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => _top.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        _top.SetNextReader(context);
        var segment = SegmentFacets.For(context.AtomicReader);
        foreach (var counter in _counters)
        {
            counter.NextSegment(segment);
        }
    }

    public void Collect(int doc)
    {
        _top.Collect(doc);
        Total++;
        foreach (var counter in _counters)
        {
            counter.Count(doc);
        }
    }

    /// Counts per facet, most frequent first (ties by value), at most `limit` values each.
    public Dictionary<string, IReadOnlyList<FacetValue>> Results(int limit)
    {
        var result = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal);
        foreach (var counter in _counters)
        {
            counter.EndSegment();
            result[counter.Facet] = [.. counter.Totals
                .OrderByDescending(kv => kv.Value)
                .ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Take(Math.Max(0, limit))
                .Select(kv => new FacetValue(kv.Key, kv.Value))];
        }
        return result;
    }

    public void Dispose()
    {
        foreach (var counter in _counters)
        {
            counter.EndSegment();
        }
    }

    private sealed class FacetCounter(string facet, string field)
    {
        private FacetColumn? _column;
        private int[]? _counts;

        public string Facet { get; } = facet;
        public Dictionary<string, int> Totals { get; } = new(StringComparer.Ordinal);

        public void NextSegment(SegmentFacets segment)
        {
            EndSegment();
            _column = segment.Column(field);
            if (_column is not null)
            {
                _counts = ArrayPool<int>.Shared.Rent(_column.Labels.Length);
                Array.Clear(_counts, 0, _column.Labels.Length);
            }
        }

        public void Count(int doc)
        {
            if (_counts is null)
            {
                return;
            }
            var ordinals = _column!.Ordinals;
            if (_column.Starts is not { } starts)
            {
                var ord = ordinals[doc];
                if (ord >= 0)
                {
                    _counts[ord]++;
                }
                return;
            }
            for (var i = starts[doc]; i < starts[doc + 1]; i++)
            {
                _counts[ordinals[i]]++;
            }
        }

        /// Adds the finished segment's counts to the totals, by value.
        public void EndSegment()
        {
            if (_counts is null)
            {
                return;
            }
            var labels = _column!.Labels;
            for (var ord = 0; ord < labels.Length; ord++)
            {
                if (_counts[ord] > 0)
                {
                    Totals[labels[ord]] = Totals.GetValueOrDefault(labels[ord]) + _counts[ord];
                }
            }
            ArrayPool<int>.Shared.Return(_counts);
            _counts = null;
            _column = null;
        }
    }
}
