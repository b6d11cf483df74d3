using Kaifang.Search;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Kaifang.Tests.Search;

/// The catalog's searcher scores exactly as Lucene's default similarity does: terms, several terms with
/// coordination, boosts and phrases, the same floats to the bit, in the same order.
public sealed class CatalogSimilarityTests : IDisposable
{
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;

    public CatalogSimilarityTests()
    {
        var random = new Random(20261130);
        string[] words = ["勞保", "投保", "薪資", "就業", "統計", "職災", "wage", "labor"];
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48))))
        {
            for (var i = 0; i < 400; i++)
            {
                var text = string.Join(' ', Enumerable.Range(0, random.Next(1, 30)).Select(_ => words[random.Next(words.Length)]));
                writer.AddDocument(new Document { new TextField("text", text, Field.Store.NO), new TextField("title", words[i % words.Length], Field.Store.NO) });
                if (i % 100 == 99)
                {
                    writer.Commit();
                }
            }
        }
        _reader = DirectoryReader.Open(_directory);
    }

    public static TheoryData<string> Queries => ["term", "two terms", "either term", "boosted", "phrase", "fields"];

    private static Query Make(string name)
    {
        var query = new BooleanQuery();
        switch (name)
        {
            case "term":
                return new TermQuery(new Term("text", "勞保"));
            case "two terms":
                query.Add(new TermQuery(new Term("text", "勞保")), Occur.MUST);
                query.Add(new TermQuery(new Term("text", "薪資")), Occur.MUST);
                return query;
            case "either term":
                query.Add(new TermQuery(new Term("text", "統計")), Occur.SHOULD);
                query.Add(new TermQuery(new Term("text", "wage")), Occur.SHOULD);
                query.Add(new TermQuery(new Term("text", "不在")), Occur.SHOULD);
                return query;
            case "boosted":
                var title = new TermQuery(new Term("title", "就業")) { Boost = 10f };
                var dismax = new DisjunctionMaxQuery(0.1f) { title, new TermQuery(new Term("text", "就業")) };
                query.Add(dismax, Occur.MUST);
                return query;
            case "phrase":
                return new PhraseQuery { new Term("text", "投保"), new Term("text", "薪資") };
            default:
                query.Add(new TermQuery(new Term("title", "labor")), Occur.SHOULD);
                query.Add(new TermQuery(new Term("text", "labor")), Occur.SHOULD);
                return query;
        }
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Scores_are_lucenes_default_to_the_bit(string name)
    {
        var catalog = new CatalogSearcher(_reader);
        var lucene = new IndexSearcher(_reader) { Similarity = new DefaultSimilarity() };

        var ours = catalog.Search(Make(name), 1000).ScoreDocs;
        var theirs = lucene.Search(Make(name), 1000).ScoreDocs;

        Assert.NotEmpty(theirs);
        Assert.Equal(theirs.Select(d => d.Doc), ours.Select(d => d.Doc));
        Assert.Equal(theirs.Select(d => BitConverter.SingleToInt32Bits(d.Score)), ours.Select(d => BitConverter.SingleToInt32Bits(d.Score)));
        Assert.Equal(lucene.Explain(Make(name), theirs[0].Doc).Value, catalog.Explain(Make(name), theirs[0].Doc).Value);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}
