using Kaifang.Search;

namespace Kaifang.Tests.Search;

public sealed class CatalogQueryParserTests
{
    /// Chinese words of the dictionary and not, one character, English, a stop word, mixed scripts, full-width letters.
    public static TheoryData<string> Texts => ["勞工保險投保薪資分級表", "勞保", "統", "minimum wages", "the", "勞保局Labor統計2024", "ＡＢＣ全形"];

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_text_analysed_once_per_analyser_gives_the_query_analysing_it_in_every_zone(string text)
    {
        using var analyzer = CatalogAnalyzers.Create();
        var parser = new CatalogQueryParser(analyzer, TimeProvider.System);
        var once = parser.OncePerAnalyser(parser.Analysed);

        foreach (var suffix in CatalogAnalyzers.Suffixes)
        {
            foreach (var zone in CatalogSchema.Zones)
            {
                var field = zone + suffix;
                Assert.Equal(parser.Analysed(field, text)?.ToString(), once(field, text)?.ToString());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_text_searched_again_is_not_analysed_again_and_gives_the_same_query(string text)
    {
        using var analyzer = CatalogAnalyzers.Create();
        var words = new AnalysedWords();
        var earlier = new CatalogQueryParser(analyzer, TimeProvider.System, words: words);
        var earlierOnce = earlier.OncePerAnalyser(earlier.Analysed);
        foreach (var field in CatalogAnalyzers.Suffixes.SelectMany(suffix => CatalogSchema.Zones.Select(zone => zone + suffix)))
        {
            earlierOnce(field, text);
        }

        var later = new CatalogQueryParser(analyzer, TimeProvider.System, words: words);
        var analysedAgain = 0;
        var laterOnce = later.OncePerAnalyser((field, t) =>
        {
            analysedAgain++;
            return later.Analysed(field, t);
        });
        foreach (var field in CatalogAnalyzers.Suffixes.SelectMany(suffix => CatalogSchema.Zones.Select(zone => zone + suffix)))
        {
            Assert.Equal(later.Analysed(field, text)?.ToString(), laterOnce(field, text)?.ToString());
        }
        Assert.Equal(0, analysedAgain);

        // The whole query, boosts included, is the one a parser without the kept words makes, however often it is asked.
        var fresh = new CatalogQueryParser(analyzer, TimeProvider.System).PlainWords(text).ToString();
        Assert.Equal(fresh, new CatalogQueryParser(analyzer, TimeProvider.System, words: words).PlainWords(text).ToString());
        Assert.Equal(fresh, new CatalogQueryParser(analyzer, TimeProvider.System, words: words).PlainWords(text).ToString());
    }
}
