using Kaifang.Search;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Kaifang.Tests.Search;

/// Sorting by a whole number from arrays per segment orders the documents exactly as Lucene's own INT64 sort does:
/// across segments, with deleted documents, missing values, ties broken by the next key, pages and searches after.
public sealed class SegmentNumbersTests : IDisposable
{
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;

    public SegmentNumbersTests()
    {
        var random = new Random(20261130);
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48))))
        {
            for (var i = 0; i < 600; i++)
            {
                var document = new Document { new StringField("id", i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), Field.Store.YES) };
                document.Add(new SortedDocValuesField("id", new BytesRef(i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture))));
                // Every seventh has no value; values repeat, so that ties are broken by the id; some are negative or large.
                if (i % 7 != 0)
                {
                    long value = random.Next(5) switch
                    {
                        0 => random.Next(-3, 3),
                        1 => long.MaxValue - random.Next(3),
                        2 => long.MinValue + random.Next(3),
                        _ => 638_000_000_000_000_000L + random.Next(50),
                    };
                    document.Add(new NumericDocValuesField("modified", value));
                }
                writer.AddDocument(document);
                if (i % 150 == 149)
                {
                    writer.Commit();
                }
            }
            writer.DeleteDocuments(new Term("id", "0003"), new Term("id", "0301"));
            writer.Commit();
        }
        _reader = DirectoryReader.Open(_directory);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }

    [Theory]
    [InlineData(false, 10)]
    [InlineData(true, 10)]
    [InlineData(true, 1000)]
    public void Orders_as_Lucene_does(bool descending, int window)
    {
        Assert.True(_reader.Leaves.Count > 1);
        var searcher = new IndexSearcher(_reader);
        var id = new SortField("id", SortFieldType.STRING);

        var theirs = searcher.Search(new MatchAllDocsQuery(), window, new Sort(new SortField("modified", SortFieldType.INT64, descending), id));
        var ours = searcher.Search(new MatchAllDocsQuery(), window, new Sort(SegmentNumbers.Sort("modified", descending), id));

        Assert.Equal(theirs.TotalHits, ours.TotalHits);
        Assert.Equal(theirs.ScoreDocs.Select(d => d.Doc), ours.ScoreDocs.Select(d => d.Doc));

        // The next page after the last hit (the comparer's top value) too.
        var after = (FieldDoc)theirs.ScoreDocs[^1];
        var theirsNext = searcher.SearchAfter(after, new MatchAllDocsQuery(), 10, new Sort(new SortField("modified", SortFieldType.INT64, descending), id));
        var oursNext = searcher.SearchAfter(after, new MatchAllDocsQuery(), 10, new Sort(SegmentNumbers.Sort("modified", descending), id));
        Assert.Equal(theirsNext.ScoreDocs.Select(d => d.Doc), oursNext.ScoreDocs.Select(d => d.Doc));
    }

    [Fact]
    public void A_segment_without_the_field_sorts_as_zeros()
    {
        var leaf = _reader.Leaves[0].AtomicReader;

        Assert.All(SegmentNumbers.For(leaf, "absent"), v => Assert.Equal(0, v));
        Assert.Same(SegmentNumbers.For(leaf, "modified"), SegmentNumbers.For(leaf, "modified"));
    }
}
