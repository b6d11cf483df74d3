using System.Buffers;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Kaifang.Search;

/// Passes every matching document on to the collector that keeps the top hits, and on the way
/// counts the total and each facet's values from doc values (Lucene.Net.Facet is not available).
/// Counting is by segment ordinal into a pooled array; ordinals become strings once per segment,
/// only for values that were hit. Facets are counted over the final matching set, every filter applied.
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
        foreach (var counter in _counters)
        {
            counter.NextSegment(context.AtomicReader);
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
        private readonly BytesRef _scratch = new();
        private SortedDocValues? _single;
        private SortedSetDocValues? _multi;
        private int[]? _counts;
        private int _valueCount;

        public string Facet { get; } = facet;
        public Dictionary<string, int> Totals { get; } = new(StringComparer.Ordinal);

        public void NextSegment(AtomicReader reader)
        {
            EndSegment();
            // Formats are multi-valued (SortedSet); the other facets hold one value per dataset (Sorted).
            _single = reader.GetSortedDocValues(field);
            _multi = _single is null ? reader.GetSortedSetDocValues(field) : null;
            _valueCount = _single?.ValueCount ?? (int)(_multi?.ValueCount ?? 0);
            if (_valueCount > 0)
            {
                _counts = ArrayPool<int>.Shared.Rent(_valueCount);
                Array.Clear(_counts, 0, _valueCount);
            }
        }

        public void Count(int doc)
        {
            if (_counts is null)
            {
                return;
            }
            if (_single is not null)
            {
                var ord = _single.GetOrd(doc);
                if (ord >= 0)
                {
                    _counts[ord]++;
                }
                return;
            }
            _multi!.SetDocument(doc);
            long o;
            while ((o = _multi.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                _counts[o]++;
            }
        }

        /// Adds the finished segment's counts to the totals, by value.
        public void EndSegment()
        {
            if (_counts is null)
            {
                return;
            }
            for (var ord = 0; ord < _valueCount; ord++)
            {
                var n = _counts[ord];
                if (n == 0)
                {
                    continue;
                }
                if (_single is not null)
                {
                    _single.LookupOrd(ord, _scratch);
                }
                else
                {
                    _multi!.LookupOrd(ord, _scratch);
                }
                var value = _scratch.Utf8ToString();
                Totals[value] = Totals.GetValueOrDefault(value) + n;
            }
            ArrayPool<int>.Shared.Return(_counts);
            _counts = null;
            _single = null;
            _multi = null;
        }
    }
}
