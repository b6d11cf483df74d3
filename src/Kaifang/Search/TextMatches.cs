using System.Buffers;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Kaifang.Search;

/// The documents a searched text matched on one reader, with the score of each, kept for the texts that come back
/// (docs/decisions/0022). Scoring a text's matches in every zone is most of a search: a word is looked up in four
/// zones, as dictionary words and as bigrams, and every matching document is scored in each. The text's matches and
/// their scores do not depend on the search's filters, order or page, so a text searched again with another agency,
/// format or order replays them (MatchedDocsQuery) instead. Kept within a budget of bytes, least recently used first
/// out, from the second time a text is seen; a write opens a new reader, and with it a new searcher that starts empty.
internal sealed class TextMatches(long budgetBytes)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _bytes;
    private long _clock;

    // The last texts searched: a text's matches are kept from its second time.
    private readonly RecentlySeen _seen = new(4096);

    public long BudgetBytes { get; } = budgetBytes;

    /// Texts kept now.
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public MatchedDocs? Find(string text)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(text, out var entry))
            {
                entry.LastUsed = ++_clock;
                return entry.Matches;
            }
            return null;
        }
    }

    /// Whether the text was searched recently on this reader (and notes that it was).
    public bool SeenBefore(string text) => _seen.SeenBefore(text);

    /// Whether the text's matches may be kept: not when they would take more than an eighth of the budget.
    public bool Fits(string text, MatchedDocs matches) => Size(text, matches) <= BudgetBytes / 8;

    private static long Size(string text, MatchedDocs matches) => matches.Bytes + 2L * text.Length + EntryOverhead;

    /// Keeps the text's matches, making room by dropping the least recently used down to three quarters of the budget.
    public void Add(string text, MatchedDocs matches)
    {
        var size = Size(text, matches);
        lock (_lock)
        {
            if (_entries.TryGetValue(text, out var existing))
            {
                _bytes -= existing.Size;
            }
            _entries[text] = new Entry(matches, size) { LastUsed = ++_clock };
            _bytes += size;
            if (_bytes > BudgetBytes)
            {
                Shrink(BudgetBytes * 3 / 4);
            }
        }
    }

    private void Shrink(long target)
    {
        foreach (var (text, entry) in _entries.OrderBy(e => e.Value.LastUsed).ToList())
        {
            if (_bytes <= target)
            {
                break;
            }
            _entries.Remove(text);
            _bytes -= entry.Size;
        }
    }

    // The dictionary's slot, the key and the entry.
    private const int EntryOverhead = 96;

    private sealed class Entry(MatchedDocs matches, long size)
    {
        public MatchedDocs Matches { get; } = matches;
        public long Size { get; } = size;
        public long LastUsed { get; set; }
    }
}

/// Every document a query matched in a reader (its doc numbers in that reader, in order) with its score. Recorded into
/// pooled arrays, which a search that does not keep them gives back (Dispose); kept ones are copied to their size.
internal sealed class MatchedDocs : IDisposable
{
    private int[] _docs;
    private float[] _scores;
    private bool _pooled;

    /// Matches in arrays of their own, docs in increasing order.
    public MatchedDocs(int[] docs, float[] scores)
        : this(docs, scores, docs.Length, pooled: false)
    {
    }

    private MatchedDocs(int[] docs, float[] scores, int count, bool pooled)
    {
        _docs = docs;
        _scores = scores;
        Count = count;
        _pooled = pooled;
    }

    public int[] Docs => _docs;
    public float[] Scores => _scores;
    public int Count { get; }
    public long Bytes => 8L * Count + 64;

    /// Runs the query over the whole reader, without filters, and records what it matched.
    public static MatchedDocs Of(IndexSearcher searcher, Query query)
    {
        var recorder = new Recorder();
        try
        {
            searcher.Search(query, recorder);
        }
        catch
        {
            recorder.Release();
            throw;
        }
        return new MatchedDocs(recorder.Docs, recorder.Scores, recorder.Count, pooled: true);
    }

    /// The same matches in arrays of their own, for keeping.
    public MatchedDocs Kept() => _pooled ? new MatchedDocs(_docs.AsSpan(0, Count).ToArray(), _scores.AsSpan(0, Count).ToArray()) : this;

    public void Dispose()
    {
        if (_pooled)
        {
            _pooled = false;
            ArrayPool<int>.Shared.Return(_docs);
            ArrayPool<float>.Shared.Return(_scores);
            _docs = [];
            _scores = [];
        }
    }

    private sealed class Recorder : ICollector
    {
        private int _docBase;
        private Scorer? _scorer;

        public int[] Docs { get; private set; } = ArrayPool<int>.Shared.Rent(1024);
        public float[] Scores { get; private set; } = ArrayPool<float>.Shared.Rent(1024);
        public int Count { get; private set; }

        public bool AcceptsDocsOutOfOrder => false;

        public void SetScorer(Scorer scorer) => _scorer = scorer;

        public void SetNextReader(AtomicReaderContext context) => _docBase = context.DocBase;

        public void Collect(int doc)
        {
            if (Count == Docs.Length)
            {
                Docs = Grow(Docs, Count);
                Scores = Grow(Scores, Count);
            }
            Docs[Count] = _docBase + doc;
            Scores[Count] = _scorer!.GetScore();
            Count++;
        }

        public void Release()
        {
            ArrayPool<int>.Shared.Return(Docs);
            ArrayPool<float>.Shared.Return(Scores);
        }

        private static T[] Grow<T>(T[] array, int count)
        {
            var larger = ArrayPool<T>.Shared.Rent(count * 2);
            array.AsSpan(0, count).CopyTo(larger);
            ArrayPool<T>.Shared.Return(array);
            return larger;
        }
    }
}

/// Replays MatchedDocs as a query: the same documents with the same scores, for the filters and collectors of a search.
internal sealed class MatchedDocsQuery(MatchedDocs matches) : Query
{
    public MatchedDocs Matches { get; } = matches;

    public override Weight CreateWeight(IndexSearcher searcher) => new MatchedWeight(this);

    public override string ToString(string field) => $"MatchedDocs({Matches.Count})";

    public override bool Equals(object? obj) => obj is MatchedDocsQuery other && ReferenceEquals(Matches, other.Matches) && Boost == other.Boost;

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Matches) ^ Boost.GetHashCode();

    private sealed class MatchedWeight(MatchedDocsQuery query) : Weight
    {
        public override Query Query => query;

        // The scores were normalised when they were recorded.
        public override float GetValueForNormalization() => 1f;

        public override void Normalize(float norm, float topLevelBoost)
        {
        }

        public override Explanation Explain(AtomicReaderContext context, int doc)
        {
            var scorer = (MatchedScorer?)GetScorer(context, context.AtomicReader.LiveDocs);
            return scorer is not null && scorer.Advance(doc) == doc
                ? new Explanation(scorer.GetScore(), "score recorded for this text on this reader")
                : new Explanation(0f, "no match");
        }

        public override Scorer? GetScorer(AtomicReaderContext context, IBits? acceptDocs)
        {
            var docs = query.Matches.Docs;
            var count = query.Matches.Count;
            var from = LowerBound(docs, 0, count, context.DocBase);
            var to = LowerBound(docs, from, count, context.DocBase + context.Reader.MaxDoc);
            return from == to ? null : new MatchedScorer(this, query.Matches, from, to, context.DocBase, acceptDocs);
        }
    }

    /// The first index in [from, to) whose doc is at least `doc` (to when there is none).
    private static int LowerBound(int[] docs, int from, int to, int doc)
    {
        var i = Array.BinarySearch(docs, from, to - from, doc);
        return i >= 0 ? i : ~i;
    }

    private sealed class MatchedScorer(Weight weight, MatchedDocs matches, int from, int to, int docBase, IBits? acceptDocs)
        : Scorer(weight)
    {
        private readonly int[] _docs = matches.Docs;
        private readonly float[] _scores = matches.Scores;
        private int _index = from - 1;
        private int _doc = -1;

        public override int DocID => _doc;

        public override int Freq => 1;

        public override float GetScore() => _scores[_index];

        public override long GetCost() => to - from;

        public override int NextDoc() => Accept(_index + 1);

        public override int Advance(int target) => Accept(LowerBound(_docs, _index + 1, to, docBase + target));

        // The first accepted document from index i on.
        private int Accept(int i)
        {
            for (; i < to; i++)
            {
                var doc = _docs[i] - docBase;
                if (acceptDocs is null || acceptDocs.Get(doc))
                {
                    _index = i;
                    return _doc = doc;
                }
            }
            _index = to;
            return _doc = NO_MORE_DOCS;
        }
    }
}
