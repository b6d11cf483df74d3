using Kaifang.Search;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Kaifang.Tests.Search;

/// A word's best-zone query scores every document the same, to the bit, whatever a filter made the search skip; it
/// matches what Lucene's own disjunction matches and scores within rounding.
public sealed class StableDisjunctionMaxQueryTests : IDisposable
{
    private static readonly string[] Zones = ["title", "keywords", "agency", "description"];
    private static readonly string[] Words = ["勞保", "投保", "薪資", "就業", "統計", "職災", "wage"];

    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;

    public StableDisjunctionMaxQueryTests()
    {
        var random = new Random(20261201);
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48))))
        {
            for (var i = 0; i < 3000; i++)
            {
                var document = new Document { new StringField("parity", i % 3 == 0 ? "even" : "odd", Field.Store.NO) };
                foreach (var zone in Zones)
                {
                    var text = string.Join(' ', Enumerable.Range(0, random.Next(0, 12)).Select(_ => Words[random.Next(Words.Length)]));
                    document.Add(new TextField(zone, text, Field.Store.NO));
                }
                writer.AddDocument(document);
                if (i % 1000 == 999)
                {
                    writer.Commit();
                }
            }
        }
        _reader = DirectoryReader.Open(_directory);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("勞保")]
    [InlineData("統計")]
    [InlineData("wage")]
    public void A_document_scores_the_same_with_and_without_a_filter(string word)
    {
        var searcher = new IndexSearcher(_reader) { Similarity = CatalogSearcher.Scoring };
        var query = BestZone(new StableDisjunctionMaxQuery(0.1f), word);
        var filters = new Filter[]
        {
            new QueryWrapperFilter(new TermQuery(new Term("parity", "even"))),
            new QueryWrapperFilter(new TermQuery(new Term("parity", "odd"))),
        };

        var whole = Scores(searcher, query, filter: null);
        Assert.NotEmpty(whole);
        foreach (var filter in filters)
        {
            var filtered = Scores(searcher, query, filter);
            Assert.NotEmpty(filtered);
            foreach (var (doc, score) in filtered)
            {
                // Bit for bit, not within a tolerance.
                Assert.Equal(BitConverter.SingleToInt32Bits(whole[doc]), BitConverter.SingleToInt32Bits(score));
            }
        }
    }

    [Theory]
    [InlineData("勞保")]
    [InlineData("職災")]
    public void It_matches_what_Lucenes_disjunction_matches_and_scores_within_rounding(string word)
    {
        var searcher = new IndexSearcher(_reader) { Similarity = CatalogSearcher.Scoring };

        var stable = Scores(searcher, BestZone(new StableDisjunctionMaxQuery(0.1f), word), filter: null);
        var lucene = Scores(searcher, BestZone(new DisjunctionMaxQuery(0.1f), word), filter: null);

        Assert.Equal(lucene.Keys.Order(), stable.Keys.Order());
        foreach (var (doc, score) in lucene)
        {
            Assert.Equal(score, stable[doc], 1e-5f);
        }
        // Paging uses the Weight's advance: a scorer stepped through by Advance finds the same documents.
        var top = searcher.Search(BestZone(new StableDisjunctionMaxQuery(0.1f), word), new QueryWrapperFilter(new TermQuery(new Term("parity", "even"))), 10);
        Assert.All(top.ScoreDocs, d => Assert.Equal(stable[d.Doc], d.Score));
    }

    [Fact]
    public void Only_queries_that_add_up_in_a_fixed_order_are_called_stable()
    {
        var term = new TermQuery(new Term("title", "勞保"));
        var other = new TermQuery(new Term("title", "職災"));
        var both = new BooleanQuery { { term, Occur.MUST }, { other, Occur.MUST } };
        var either = new BooleanQuery { { term, Occur.SHOULD }, { other, Occur.SHOULD } };
        var requiredAndOptional = new BooleanQuery { { term, Occur.MUST }, { other, Occur.SHOULD } };

        Assert.True(StableDisjunctionMaxQuery.ScoresStably(term));
        Assert.True(StableDisjunctionMaxQuery.ScoresStably(both));
        Assert.True(StableDisjunctionMaxQuery.ScoresStably(requiredAndOptional));
        Assert.True(StableDisjunctionMaxQuery.ScoresStably(new StableDisjunctionMaxQuery(0.1f) { term, both }));
        Assert.True(StableDisjunctionMaxQuery.ScoresStably(new PrefixQuery(new Term("title", "勞"))));
        Assert.True(StableDisjunctionMaxQuery.ScoresStably(new PhraseQuery { new Term("title", "a"), new Term("title", "b") }));

        Assert.False(StableDisjunctionMaxQuery.ScoresStably(either));
        Assert.False(StableDisjunctionMaxQuery.ScoresStably(new DisjunctionMaxQuery(0.1f) { term, other }));
        Assert.False(StableDisjunctionMaxQuery.ScoresStably(new StableDisjunctionMaxQuery(0.1f) { term, either }));
        Assert.False(StableDisjunctionMaxQuery.ScoresStably(new FuzzyQuery(new Term("title", "wage"))));
    }

    /// The word in every zone, title first and weighted as the catalog's parser weights them.
    private static DisjunctionMaxQuery BestZone(DisjunctionMaxQuery into, string word)
    {
        float[] boosts = [10f, 5f, 2f, 1.2f];
        for (var i = 0; i < Zones.Length; i++)
        {
            into.Add(new TermQuery(new Term(Zones[i], word)) { Boost = boosts[i] });
        }
        return into;
    }

    private static Dictionary<int, float> Scores(IndexSearcher searcher, Query query, Filter? filter)
    {
        var collector = new AllScores();
        searcher.Search(query, filter, collector);
        return collector.Scores;
    }

    private sealed class AllScores : ICollector
    {
        private Scorer? _scorer;
        private int _docBase;

        public Dictionary<int, float> Scores { get; } = [];

        public bool AcceptsDocsOutOfOrder => false;

        public void SetScorer(Scorer scorer) => _scorer = scorer;

        public void SetNextReader(AtomicReaderContext context) => _docBase = context.DocBase;

        public void Collect(int doc) => Scores[_docBase + doc] = _scorer!.GetScore();
    }
}
