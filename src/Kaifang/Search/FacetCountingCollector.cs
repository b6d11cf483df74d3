using System.Buffers;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Kaifang.Search;

/// Passes every matching document on to the collector that keeps the top hits, and on the way
/// counts the total and each facet's values (Lucene.Net.Facet is not available). Fields whose
/// values a segment counts by combination (SegmentFacets) cost one addition per document for the
/// whole combination; the others are counted by segment ordinal. Counts go into pooled arrays and
/// at the end of each segment are added up by value. Facets are counted over the final matching
/// set, every filter applied.
internal sealed class FacetCountingCollector : ICollector, IDisposable
{
    private readonly ICollector _top;
    private readonly FacetCounter[] _counters;

    // This segment's combinations being counted (each document's combination, and the counts), and
    // the counters that count document by document.
    private readonly List<(FacetCombination Combination, int[] Counts)> _combinations = [];
    private int[][] _keys = [];
    private int[][] _keyCounts = [];
    private FacetCounter[] _direct = [];

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
        EndSegment();
        var segment = SegmentFacets.For(context.AtomicReader);
        var direct = new List<FacetCounter>();
        foreach (var counter in _counters)
        {
            var column = segment.Column(counter.Field);
            if (column is null)
            {
                continue;
            }
            if (segment.Combination(counter.Field) is { } combination)
            {
                var counts = CountsOf(combination);
                counter.NextSegment(column, combination, counts);
            }
            else
            {
                counter.NextSegment(column, null, null);
                direct.Add(counter);
            }
        }
        _keys = [.. _combinations.Select(c => c.Combination.Keys)];
        _keyCounts = [.. _combinations.Select(c => c.Counts)];
        _direct = [.. direct];
    }

    private int[] CountsOf(FacetCombination combination)
    {
        foreach (var (c, counts) in _combinations)
        {
            if (c == combination)
            {
                return counts;
            }
        }
        var rented = RentCleared(combination.Count);
        _combinations.Add((combination, rented));
        return rented;
    }

    public void Collect(int doc)
    {
        _top.Collect(doc);
        Total++;
        var keys = _keys;
        var keyCounts = _keyCounts;
        for (var i = 0; i < keys.Length; i++)
        {
            keyCounts[i][keys[i][doc]]++;
        }
        foreach (var counter in _direct)
        {
            counter.Count(doc);
        }
    }

    /// Counts per facet, most frequent first (ties by value), at most `limit` values each.
    public Dictionary<string, IReadOnlyList<FacetValue>> Results(int limit)
    {
        EndSegment();
        var result = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal);
        foreach (var counter in _counters)
        {
            var values = new List<FacetValue>(counter.Totals.Count);
            foreach (var (value, count) in counter.Totals)
            {
                values.Add(new FacetValue(value, count));
            }
            values.Sort(MostFirst);
            if (values.Count > Math.Max(0, limit))
            {
                values.RemoveRange(Math.Max(0, limit), values.Count - Math.Max(0, limit));
            }
            result[counter.Facet] = values;
        }
        return result;
    }

    /// The most frequent values first; equal counts by value.
    private static readonly Comparison<FacetValue> MostFirst = (a, b) =>
        a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Value, b.Value);

    public void Dispose() => EndSegment();

    // A pooled array whose first `length` counts are zero.
    private static int[] RentCleared(int length)
    {
        var counts = ArrayPool<int>.Shared.Rent(length);
        Array.Clear(counts, 0, length);
        return counts;
    }

    private void EndSegment()
    {
        foreach (var counter in _counters)
        {
            counter.EndSegment();
        }
        foreach (var (_, counts) in _combinations)
        {
            ArrayPool<int>.Shared.Return(counts);
        }
        _combinations.Clear();
        _keys = [];
        _keyCounts = [];
        _direct = [];
    }

    private sealed class FacetCounter(string facet, string field)
    {
        private FacetColumn? _column;
        private FacetCombination? _combination;
        private int[]? _combinationCounts;
        private int[]? _counts;

        public string Facet { get; } = facet;
        public string Field { get; } = field;
        public Dictionary<string, int> Totals { get; } = new(StringComparer.Ordinal);

        public void NextSegment(FacetColumn column, FacetCombination? combination, int[]? combinationCounts)
        {
            _column = column;
            _combination = combination;
            _combinationCounts = combinationCounts;
            if (combination is null)
            {
                _counts = RentCleared(column.Labels.Length);
            }
        }

        public void Count(int doc)
        {
            var ordinals = _column!.Ordinals;
            if (_column.Starts is not { } starts)
            {
                var ord = ordinals[doc];
                if (ord >= 0)
                {
                    _counts![ord]++;
                }
                return;
            }
            for (var i = starts[doc]; i < starts[doc + 1]; i++)
            {
                _counts![ordinals[i]]++;
            }
        }

        /// Adds the finished segment's counts to the totals, by value.
        public void EndSegment()
        {
            if (_column is null)
            {
                return;
            }
            var labels = _column.Labels;
            if (_combination is not null)
            {
                _counts = RentCleared(labels.Length);
                _combination.AddTo(_combination.IndexOf(Field), _combinationCounts.AsSpan(0, _combination.Count), _counts);
            }
            Totals.EnsureCapacity(labels.Length);
            for (var ord = 0; ord < labels.Length; ord++)
            {
                if (_counts![ord] > 0)
                {
                    Totals[labels[ord]] = Totals.GetValueOrDefault(labels[ord]) + _counts[ord];
                }
            }
            ArrayPool<int>.Shared.Return(_counts!);
            _counts = null;
            _column = null;
            _combination = null;
            _combinationCounts = null;
        }
    }
}
