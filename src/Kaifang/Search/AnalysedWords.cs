using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Kaifang.Search;

/// The terms each analyser gave for the words already searched, so that a word searched again is not analysed again.
/// People search the same words; analysing a word is most of a query's parsing, and the dictionary tokenizer takes a
/// lock that every search in the process shares (Lucene.Net's ICUTokenizer, around ICU4N's break iterator, which is
/// not thread-safe), so searches queued on it. A word's terms depend only on its analyser, never on the index, so
/// they are kept for the index's life; each is kept as a pattern of plain terms that the parser copies into the
/// zone's field, with the searcher's term lookups, and never hands out itself.
internal sealed class AnalysedWords
{
    /// Words kept at most, per analyser and text: each a few hundred bytes.
    public const int Capacity = 16_384;

    private readonly BoundedCache<(string Suffix, string Text), Query?> _patterns = new(Capacity);

    public bool TryGetValue((string Suffix, string Text) key, out Query? pattern) => _patterns.TryGetValue(key, out pattern);

    public void Add((string Suffix, string Text) key, Query? pattern) => _patterns.Add(key, pattern);

    /// What an analysed query keeps: nothing for no terms, a term, or terms combined, as plain terms holding no
    /// state of any reader. False for a query of another shape (a phrase, nested terms), which is analysed each time.
    public static bool TryPattern(Query? query, out Query? pattern)
    {
        switch (query)
        {
            case null:
                pattern = null;
                return true;
            case TermQuery term:
                pattern = new TermQuery(new Term(term.Term.Field, term.Term.Bytes));
                return true;
            case BooleanQuery terms when terms.Clauses.All(c => c.Query is TermQuery):
                var copy = new BooleanQuery(terms.CoordDisabled) { MinimumNumberShouldMatch = terms.MinimumNumberShouldMatch };
                foreach (var clause in terms.Clauses)
                {
                    var inner = (TermQuery)clause.Query;
                    copy.Add(new TermQuery(new Term(inner.Term.Field, inner.Term.Bytes)) { Boost = inner.Boost }, clause.Occur);
                }
                pattern = copy;
                return true;
            default:
                pattern = null;
                return false;
        }
    }
}
