using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Kaifang.Search;

/// Lucene's DisjunctionMaxQuery (a document scores by its best part, plus a share of the others), scored so that a
/// document's score never depends on the other documents a search stepped over. Lucene's scorer adds the matching
/// parts up in the order of its heap, and the heap's order depends on what was skipped: under another filter the same
/// document could score a last bit differently, and equal-looking matches changed places. Here the parts are added in
/// the order of the disjuncts, so a text's scores are the same under every filter (TextMatches relies on it).
internal sealed class StableDisjunctionMaxQuery(float tieBreakerMultiplier) : DisjunctionMaxQuery(tieBreakerMultiplier)
{
    public override Weight CreateWeight(IndexSearcher searcher) => new StableWeight(this, searcher);

    public override bool Equals(object? obj) => obj is StableDisjunctionMaxQuery && base.Equals(obj);

    public override int GetHashCode() => base.GetHashCode();

    /// Whether a query scores each document the same whatever else the search skipped: terms, phrases, constant scores,
    /// required clauses, at most one optional clause, and these disjunctions. Lucene's own disjunctions (a Boolean query's
    /// optional clauses, fuzzy terms) add their parts up in an order that depends on what was skipped.
    public static bool ScoresStably(Query query) => query switch
    {
        TermQuery or PhraseQuery or MultiPhraseQuery or ConstantScoreQuery or MatchAllDocsQuery => true,
        StableDisjunctionMaxQuery any => any.Disjuncts.All(ScoresStably),
        DisjunctionMaxQuery or FuzzyQuery => false,
        MultiTermQuery terms => terms.MultiTermRewriteMethod == MultiTermQuery.CONSTANT_SCORE_AUTO_REWRITE_DEFAULT
            || terms.MultiTermRewriteMethod == MultiTermQuery.CONSTANT_SCORE_FILTER_REWRITE
            || terms.MultiTermRewriteMethod == MultiTermQuery.CONSTANT_SCORE_BOOLEAN_QUERY_REWRITE,
        BooleanQuery all => all.Clauses.Count(c => c.Occur == Occur.SHOULD) <= 1
            && all.Clauses.All(c => c.Occur == Occur.MUST_NOT || ScoresStably(c.Query)),
        _ => false,
    };

    private sealed class StableWeight(StableDisjunctionMaxQuery query, IndexSearcher searcher) : DisjunctionMaxWeight(query, searcher)
    {
        public override Scorer? GetScorer(AtomicReaderContext context, IBits? acceptDocs)
        {
            var parts = new List<Scorer>(m_weights.Count);
            foreach (var weight in m_weights)
            {
                if (weight.GetScorer(context, acceptDocs) is { } part)
                {
                    parts.Add(part);
                }
            }
            return parts.Count == 0 ? null : new StableScorer(this, query.TieBreakerMultiplier, [.. parts]);
        }
    }

    /// The union of the parts' documents. A disjunction in a catalog search has a handful of parts (a word's forms in
    /// each zone), so each step looks at all of them rather than keeping a heap.
    private sealed class StableScorer(Weight weight, float tieBreakerMultiplier, Scorer[] parts) : Scorer(weight)
    {
        private int _doc = -1;

        public override int DocID => _doc;

        public override int NextDoc()
        {
            var next = NO_MORE_DOCS;
            foreach (var part in parts)
            {
                var doc = part.DocID;
                if (doc == _doc)
                {
                    doc = part.NextDoc();
                }
                if (doc < next)
                {
                    next = doc;
                }
            }
            return _doc = next;
        }

        public override int Advance(int target)
        {
            var next = NO_MORE_DOCS;
            foreach (var part in parts)
            {
                var doc = part.DocID;
                if (doc < target)
                {
                    doc = part.Advance(target);
                }
                if (doc < next)
                {
                    next = doc;
                }
            }
            return _doc = next;
        }

        public override float GetScore()
        {
            var max = float.MinValue;
            var sum = 0f;
            foreach (var part in parts)
            {
                if (part.DocID == _doc)
                {
                    var score = part.GetScore();
                    sum += score;
                    max = Math.Max(max, score);
                }
            }
            return max + (sum - max) * tieBreakerMultiplier;
        }

        public override int Freq
        {
            get
            {
                var matching = 0;
                foreach (var part in parts)
                {
                    if (part.DocID == _doc)
                    {
                        matching++;
                    }
                }
                return matching;
            }
        }

        public override long GetCost()
        {
            long cost = 0;
            foreach (var part in parts)
            {
                cost += part.GetCost();
            }
            return cost;
        }

        public override ICollection<ChildScorer> GetChildren() => [.. parts.Select(p => new ChildScorer(p, "SHOULD"))];
    }
}
