using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace Kaifang.Search;

/// A searcher that remembers, for as long as its reader is the current one, where each term it was asked for sits in
/// every segment, each field's statistics, and the results of searches that come back (docs/decisions/0018). Lucene looks a query's terms up again in every segment for every
/// search, each time with new term-dictionary readers: with a word searched in four zones and two analyses, that was
/// half of what a search allocated. The catalog changes seldom and people search the same words, so most lookups are
/// answered here; a write opens a new reader, and with it a new searcher that starts empty.
internal sealed class CatalogSearcher : IndexSearcher
{
    public CatalogSearcher(IndexReader reader, long textMatchesBytes = 0)
        : base(reader)
    {
        Texts = new TextMatches(textMatchesBytes);
        Similarity = Scoring;
        _statistics = field => base.CollectionStatistics(field);
    }

    /// How every catalog search scores: as Lucene does by default, with whose norms the index is written.
    public static readonly Similarity Scoring = new CatalogSimilarity();

    /// Terms remembered at most: each holds a few hundred bytes (its state in every segment that has it).
    public const int TermCapacity = 32_768;

    private readonly BoundedCache<Term, TermContext> _terms = new(TermCapacity);
    private readonly ConcurrentDictionary<string, CollectionStatistics> _fields = new(StringComparer.Ordinal);

    /// What the texts searched on this reader matched, with their scores.
    public TextMatches Texts { get; }

    /// Results of the searches already run on this reader, by SearchResultCache.Key.
    public BoundedCache<string, CatalogSearchResult> Results { get; } = new(SearchResultCache.Capacity, StringComparer.Ordinal);

    // The last searches' keys: a result is kept from the second time its search is seen.
    private readonly RecentlySeen _seen = new(4096);

    /// Whether a search with this key was run recently on this reader (and notes that it was).
    public bool SeenBefore(string key) => _seen.SeenBefore(key);

    /// The term's state in every segment of this searcher's reader, for a TermQuery that then skips the lookup.
    public TermContext TermContext(Term term)
    {
        if (_terms.TryGetValue(term, out var known))
        {
            return known;
        }
        var built = Lucene.Net.Index.TermContext.Build(TopReaderContext, term);
        // The query keeps the term; the cache must own one whose bytes nobody reuses.
        _terms.Add(new Term(term.Field, Lucene.Net.Util.BytesRef.DeepCopyOf(term.Bytes)), built);
        return built;
    }

    public override CollectionStatistics CollectionStatistics(string field) => _fields.GetOrAdd(field, _statistics);

    // Made once: a method group passed to GetOrAdd is a new delegate on every call.
    private readonly Func<string, CollectionStatistics> _statistics;

    /// Makes a CatalogSearcher for every reader a SearcherManager opens.
    public sealed class Factory(long textMatchesBytes) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new CatalogSearcher(reader, textMatchesBytes);
    }
}
