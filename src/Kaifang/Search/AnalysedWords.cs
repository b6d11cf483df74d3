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
}
