using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace Kaifang.Search;

/// Lucene's default scoring, without the description of each term's idf that TFIDFSimilarity formats
/// ("idf(docFreq=…, maxDocs=…)") every time a query is weighed: only an explanation of a score reads it, and the
/// catalog's searches weigh some forty terms each. The scores are the same, to the bit.
internal sealed class CatalogSimilarity : DefaultSimilarity
{
    public override Explanation IdfExplain(CollectionStatistics collectionStats, TermStatistics termStats)
    {
        ArgumentNullException.ThrowIfNull(collectionStats);
        ArgumentNullException.ThrowIfNull(termStats);
        return new Explanation(Idf(termStats.DocFreq, collectionStats.MaxDoc), "idf");
    }

    /// A phrase's idf: the sum of its terms', added in the same order as TFIDFSimilarity adds them.
    public override Explanation IdfExplain(CollectionStatistics collectionStats, TermStatistics[] termStats)
    {
        ArgumentNullException.ThrowIfNull(collectionStats);
        ArgumentNullException.ThrowIfNull(termStats);
        var idf = 0f;
        foreach (var term in termStats)
        {
            idf += Idf(term.DocFreq, collectionStats.MaxDoc);
        }
        return new Explanation(idf, "idf(), sum of terms");
    }
}
