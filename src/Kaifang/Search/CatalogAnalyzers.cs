using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Icu.Segmentation;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace Kaifang.Search;

/// The three ways catalog text is analysed (docs/decisions/0003-search-analysis.md).
/// Every text zone is indexed once per analyser, in fields named zone + suffix. All three drop
/// English stop words, so "history of wages" does not require "of" to appear somewhere.
internal static class CatalogAnalyzers
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// Dictionary words from ICU: 勞工保險 / 投保 / 薪資; Latin words lower-cased.
    public const string WordSuffix = ".w";

    /// Overlapping CJK bigrams (勞保局 gives 勞保, 保局): finds what the dictionary splits differently.
    public const string BigramSuffix = ".b";

    /// English words, stemmed (wages finds wage); CJK characters are left out.
    public const string EnglishSuffix = ".en";

    public static readonly IReadOnlyList<string> Suffixes = [WordSuffix, BigramSuffix, EnglishSuffix];

    /// One analyser for the whole index: each field is analysed by its suffix; exact fields are not analysed.
    public static Analyzer Create()
    {
        var word = new WordAnalyzer();
        var bigram = new BigramAnalyzer();
        var english = new EnglishTextAnalyzer();
        var perField = new Dictionary<string, Analyzer>(StringComparer.Ordinal);
        foreach (var zone in CatalogSchema.Zones)
        {
            perField[zone + WordSuffix] = word;
            perField[zone + BigramSuffix] = bigram;
            perField[zone + EnglishSuffix] = english;
        }
        return new PerFieldAnalyzerWrapper(new KeywordAnalyzer(), perField);
    }

    /// A gap between the values of a multi-valued field, so that a phrase never spans two values
    /// (a title and its English title, or two keywords).
    private const int ValueGap = 100;

    private sealed class WordAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new ICUTokenizer(reader, new DefaultICUTokenizerConfig(cjkAsWords: true, myanmarAsWords: true));
            TokenStream result = new CJKWidthFilter(source);
            result = new LowerCaseFilter(Version, result);
            result = new StopFilter(Version, result, EnglishAnalyzer.DefaultStopSet);
            return new TokenStreamComponents(source, result);
        }

        public override int GetPositionIncrementGap(string fieldName) => ValueGap;
    }

    private sealed class BigramAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream result = new CJKWidthFilter(source);
            result = new LowerCaseFilter(Version, result);
            result = new StopFilter(Version, result, EnglishAnalyzer.DefaultStopSet);
            result = new CJKBigramFilter(result);
            return new TokenStreamComponents(source, result);
        }

        public override int GetPositionIncrementGap(string fieldName) => ValueGap;
    }

    private sealed class EnglishTextAnalyzer : Analyzer
    {
        // StandardTokenizer emits each Han character as its own token; single characters would make
        // a Chinese query match any text holding the same characters anywhere, so they are dropped here.
        private static readonly string[] CjkTypes =
        [
            StandardTokenizer.TOKEN_TYPES[StandardTokenizer.IDEOGRAPHIC],
            StandardTokenizer.TOKEN_TYPES[StandardTokenizer.HIRAGANA],
            StandardTokenizer.TOKEN_TYPES[StandardTokenizer.KATAKANA],
            StandardTokenizer.TOKEN_TYPES[StandardTokenizer.HANGUL],
        ];

        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream result = new TypeTokenFilter(Version, source, CjkTypes);
            result = new CJKWidthFilter(result);
            result = new EnglishPossessiveFilter(Version, result);
            result = new LowerCaseFilter(Version, result);
            result = new StopFilter(Version, result, EnglishAnalyzer.DefaultStopSet);
            result = new PorterStemFilter(result);
            return new TokenStreamComponents(source, result);
        }

        public override int GetPositionIncrementGap(string fieldName) => ValueGap;
    }
}
