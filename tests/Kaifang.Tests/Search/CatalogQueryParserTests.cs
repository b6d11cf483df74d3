using Kaifang.Search;

namespace Kaifang.Tests.Search;

public sealed class CatalogQueryParserTests
{
    [Theory]
    [InlineData("勞工保險投保薪資分級表")]
    [InlineData("勞保")]
    [InlineData("統")]
    [InlineData("minimum wages")]
    [InlineData("the")]
    [InlineData("勞保局Labor統計2024")]
    [InlineData("ＡＢＣ全形")]
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
}
