using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;

namespace Kaifang.Search;

/// Turns the text of a CatalogQuery into a Lucene query. Plain words must each appear in some zone
/// (title, keywords, agency, description), scored by the best zone with title matches boosted;
/// Lucene syntax names fields by the names machines know (title:, agency:, res_format:,
/// metadata_modified:[2024-01-01 TO *]). Not thread-safe: make one per search.
internal sealed class CatalogQueryParser : QueryParser
{
    /// The field the parser reports for words without a field name.
    private const string AnyField = "_any";

    // Each word is scored by its best field plus a little of the others (dismax), so one strong
    // title match outranks several weak description matches.
    private const float TieBreaker = 0.1f;

    private static readonly Dictionary<string, (float Word, float Bigram, float English)> ZoneBoosts = new(StringComparer.Ordinal)
    {
        [CatalogSchema.TitleZone] = (10f, 8f, 8f),
        [CatalogSchema.KeywordsZone] = (5f, 4f, 4f),
        [CatalogSchema.AgencyZone] = (2f, 2f, 2f),
        [CatalogSchema.DescriptionZone] = (1.2f, 1f, 1f),
    };

    /// Field names accepted in queries, lower-case, to the zones they search.
    private static readonly Dictionary<string, string[]> ZoneAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text"] = [.. CatalogSchema.Zones],
        ["title"] = [CatalogSchema.TitleZone],
        ["description"] = [CatalogSchema.DescriptionZone],
        ["notes"] = [CatalogSchema.DescriptionZone],
        ["keywords"] = [CatalogSchema.KeywordsZone],
        ["tags"] = [CatalogSchema.KeywordsZone],
        ["agency"] = [CatalogSchema.AgencyZone],
        ["organization"] = [CatalogSchema.AgencyZone],
    };

    /// Field names accepted in queries to the exact field they match (after the zones, if both).
    private static readonly Dictionary<string, string> ExactAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["agency"] = CatalogSchema.Agency,
        ["organization"] = CatalogSchema.Agency,
        ["keywords"] = CatalogSchema.Keyword,
        ["tags"] = CatalogSchema.Keyword,
        ["category"] = CatalogSchema.Category,
        ["groups"] = CatalogSchema.Category,
        ["format"] = CatalogSchema.Format,
        ["res_format"] = CatalogSchema.Format,
        ["license"] = CatalogSchema.License,
        ["license_id"] = CatalogSchema.License,
        ["frequency"] = CatalogSchema.Frequency,
        ["status"] = CatalogSchema.Status,
        ["name"] = CatalogSchema.Name,
        ["id"] = CatalogSchema.Id,
    };

    private static readonly HashSet<string> DateAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata_modified", "modified",
    };

    private readonly TimeProvider _clock;
    private readonly CatalogSearcher? _searcher;
    private readonly AnalysedWords? _words;

    /// With a searcher, each term's lookup in the index is taken from (or kept in) the searcher's memory; with
    /// analysed words, each word's terms are taken from (or kept in) them.
    public CatalogQueryParser(Analyzer analyzer, TimeProvider clock, CatalogSearcher? searcher = null, AnalysedWords? words = null)
        : base(CatalogAnalyzers.Version, AnyField, analyzer)
    {
        _clock = clock;
        _searcher = searcher;
        _words = words;
        DefaultOperator = Operator.AND;
        AutoGeneratePhraseQueries = false;
        AllowLeadingWildcard = false;
    }

    /// Whether malformed syntax is an error (CatalogQueryException) rather than words to search.
    public bool Strict { get; init; }

    /// The query for typed text: Lucene syntax when it parses, otherwise its words, all required.
    public Query ParseText(string text)
    {
        text = Bounded(text);
        try
        {
            // Most people type plain words: those skip the classic parser's tokenizer, which cost
            // about a tenth of a search, and give the same query it would build.
            if (!HasSyntax(text))
            {
                return PlainWords(text);
            }
            Query? query;
            try
            {
                query = Parse(text);
            }
            catch (Exception e) when (e is ParseException or ArgumentException)
            {
                // ArgumentException: a malformed regular expression or fuzzy term inside otherwise valid syntax.
                query = !Strict ? PlainWords(text)
                    : e.InnerException is BooleanQuery.TooManyClausesException tooMany ? throw TooManyConditions(tooMany)
                    : throw new CatalogQueryException(e.Message, e);
            }
            return MatchAllWhenOnlyExcluding(query);
        }
        catch (BooleanQuery.TooManyClausesException e)
        {
            // Hundreds of words, or one very long run of Chinese (each pair of characters is a term).
            return Strict ? throw TooManyConditions(e) : PlainWords(PersonsWords(text));
        }
    }

    /// The longest text a search or a filter condition may have. Typed searches are a few words;
    /// a machine's list of identifiers fits in this many characters with room to spare. Longer
    /// text only costs parse time: a 300 KB filter took 12 s to refuse.
    public const int MaxQueryLength = 4_000;

    /// What is kept of a person's text that is too long or has too many terms to search whole.
    internal const int PersonsWordsLength = 200;

    /// Machines are told the limit; a person's text is searched for its first words.
    private string Bounded(string text)
    {
        if (text.Length <= MaxQueryLength)
        {
            return text;
        }
        if (Strict || _filtering)
        {
            throw new CatalogQueryException($"A search or filter condition has at most {MaxQueryLength:N0} characters; this one has {text.Length:N0}. Search fewer words, or split a long condition over several fq.");
        }
        return PersonsWords(text);
    }

    /// The first words of a text, cut at a space when there is one.
    internal static string PersonsWords(string text)
    {
        if (text.Length <= PersonsWordsLength)
        {
            return text;
        }
        var cut = text.LastIndexOfAny([' ', '\t', '\n', '\r', '\u3000'], PersonsWordsLength);
        return text[..(cut > 0 ? cut : PersonsWordsLength)];
    }

    private static CatalogQueryException TooManyConditions(Exception e) =>
        new($"A search or filter condition makes more than {BooleanQuery.MaxClauseCount:N0} terms to look up (each word, and each pair of characters in Chinese text, is one). Search fewer words, or split a long condition over several fq.", e);

    /// A filter condition from a machine (CKAN's fq): always Lucene syntax, never guessed; a field
    /// with an exact form (tags, organization, res_format …) matches that exactly, and an unknown
    /// field is an error.
    public Query ParseFilter(string text)
    {
        _filtering = true;
        try
        {
            return MatchAllWhenOnlyExcluding(Parse(Bounded(text)));
        }
        catch (Exception e) when (e is ParseException or ArgumentException)
        {
            throw e.InnerException switch
            {
                CatalogQueryException inner => new CatalogQueryException(inner.Message, e),
                BooleanQuery.TooManyClausesException tooMany => TooManyConditions(tooMany),
                _ => new CatalogQueryException(e.Message, e),
            };
        }
        catch (BooleanQuery.TooManyClausesException e)
        {
            throw TooManyConditions(e);
        }
        finally
        {
            _filtering = false;
        }
    }

    private bool _filtering;

    /// CKAN's own fields that say who may see a dataset, in terms of Kaifang's statuses.
    private static Query? StatusCondition(string field, string value) => (field.ToLowerInvariant(), value.Trim().ToLowerInvariant()) switch
    {
        ("dataset_type", "dataset") => new MatchAllDocsQuery(),
        ("dataset_type", _) => new BooleanQuery(),
        ("capacity", "public") or ("private", "false") => StatusTerms(Catalog.DatasetStatus.Published),
        ("capacity", "private") or ("private", "true") => StatusTerms(Catalog.DatasetStatus.Draft, Catalog.DatasetStatus.Withdrawn),
        ("state", "active") => StatusTerms(Catalog.DatasetStatus.Published, Catalog.DatasetStatus.Withdrawn),
        ("state", "draft") => StatusTerms(Catalog.DatasetStatus.Draft),
        ("state", _) => new BooleanQuery(),
        _ => null,
    };

    private static readonly HashSet<string> StatusFields = new(StringComparer.OrdinalIgnoreCase) { "dataset_type", "capacity", "private", "state" };

    private static BooleanQuery StatusTerms(params Catalog.DatasetStatus[] statuses)
    {
        var any = new BooleanQuery();
        foreach (var status in statuses)
        {
            any.Add(new TermQuery(new Term(CatalogSchema.Status, CatalogSchema.StatusTerm(status))), Occur.SHOULD);
        }
        return any;
    }

    /// Whether the text uses any of the classic query syntax: field names, quotes, groups, ranges,
    /// required or excluded words, wildcards, boosts, or the operators AND, OR and NOT.
    internal static bool HasSyntax(string text) =>
        text.AsSpan().IndexOfAny(SyntaxCharacters) >= 0
        || text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Any(w => w is "AND" or "OR" or "NOT");

    private static readonly System.Buffers.SearchValues<char> SyntaxCharacters =
        System.Buffers.SearchValues.Create(":\"()[]{}+-!^~*?\\/&|");

    /// Every whitespace-separated word, with any syntax characters taken as plain text.
    public Query PlainWords(string text)
    {
        var all = new BooleanQuery();
        var analysed = OncePerAnalyser(Analysed);
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (AnyZoneOrAlternative(analysed, CatalogSchema.Zones, word) is { } q)
            {
                all.Add(q, Occur.MUST);
            }
        }
        return all;
    }

    /// The query for a text in one index field, as its analyser splits it.
    internal Query? Analysed(string field, string text) => base.GetFieldQuery(field, text, false);

    /// The zones share their analysers (CatalogAnalyzers), so a text gives the same terms in every zone: it is
    /// analysed once per analyser and its query copied into the other zones' fields. Analysing it again for every
    /// zone was a tenth of a search. A query of another shape than terms is built by analysis as before. With
    /// analysed words, a text analysed by an earlier search is not analysed again at all.
    internal Func<string, string, Query?> OncePerAnalyser(Func<string, string, Query?> analysed)
    {
        var first = new Dictionary<(string Suffix, string Text), Query?>();
        return (field, text) =>
        {
            var key = (field[field.LastIndexOf('.')..], text);
            if (first.TryGetValue(key, out var query) || (_words is not null && _words.TryGetValue(key, out query)))
            {
                first[key] = query;
                return query is null ? null : InField(query, field) ?? analysed(field, text);
            }
            query = analysed(field, text);
            first[key] = query;
            if (_words is not null)
            {
                // Kept as plain terms, holding nothing of this reader; a query of another shape is analysed each time.
                var pattern = query is null ? null : InField(query, field, plain: true);
                if (query is null || pattern is not null)
                {
                    _words.Add(key, pattern);
                }
            }
            return query;
        };
    }

    /// The same terms in another field: a term, or terms combined; null for any other query. Plain terms carry none of
    /// the searcher's lookups, for a pattern kept beyond it (AnalysedWords).
    private Query? InField(Query query, string field, bool plain = false)
    {
        switch (query)
        {
            case TermQuery term:
                return TermQueryOf(new Term(field, term.Term.Bytes), plain);
            case BooleanQuery terms when terms.Clauses.All(c => c.Query is TermQuery):
                var copy = NewBooleanQuery(terms.CoordDisabled);
                copy.MinimumNumberShouldMatch = terms.MinimumNumberShouldMatch;
                foreach (var clause in terms.Clauses)
                {
                    var term = TermQueryOf(new Term(field, ((TermQuery)clause.Query).Term.Bytes), plain);
                    term.Boost = clause.Query.Boost;
                    copy.Add(term, clause.Occur);
                }
                return copy;
            default:
                return null;
        }
    }

    private Query TermQueryOf(Term term, bool plain) => plain ? new TermQuery(term) : NewTermQuery(term);

    // A filter's query outlives this reader (its bit sets are kept), so it keeps no state of the reader's.
    protected override Query NewTermQuery(Term term) =>
        _searcher is null || _filtering ? base.NewTermQuery(term) : new TermQuery(term, _searcher.TermContext(term));

    protected override Query? GetFieldQuery(string field, string queryText, bool quoted)
    {
        if (IsIndexField(field))
        {
            return base.GetFieldQuery(field, queryText, quoted);
        }
        if (DateAliases.Contains(field))
        {
            // A single date means that whole day.
            var day = ParseDate(queryText).UtcDateTime.Date;
            return NumericRangeQuery.NewInt64Range(CatalogSchema.Modified, day.Ticks, day.AddDays(1).Ticks, true, false);
        }
        if (StatusFields.Contains(field))
        {
            return StatusCondition(field, queryText);
        }
        return Expand(field, queryText, (f, t) => base.GetFieldQuery(f, t, quoted), exact: (f, t) => new TermQuery(new Term(f, t)));
    }

    protected override Query? GetFieldQuery(string field, string queryText, int slop)
    {
        if (IsIndexField(field))
        {
            return base.GetFieldQuery(field, queryText, slop);
        }
        return Expand(field, queryText, (f, t) => base.GetFieldQuery(f, t, slop), exact: (f, t) => new TermQuery(new Term(f, t)));
    }

    protected override Query GetRangeQuery(string field, string part1, string part2, bool startInclusive, bool endInclusive)
    {
        if (!DateAliases.Contains(field))
        {
            return base.GetRangeQuery(ExactAliases.GetValueOrDefault(field, field), part1, part2, startInclusive, endInclusive);
        }
        long? from = part1 is null or "*" ? null : ParseDate(part1).UtcTicks;
        long? to = part2 is null or "*" ? null : ParseDate(part2).UtcTicks;
        return NumericRangeQuery.NewInt64Range(CatalogSchema.Modified, from, to, startInclusive, endInclusive);
    }

    protected override Query? GetPrefixQuery(string field, string termStr) => Pattern(termStr, () =>
        IsIndexField(field)
            ? base.GetPrefixQuery(field, termStr)
            : Expand(field, termStr, WordsOnly(base.GetPrefixQuery), exact: (f, t) => new PrefixQuery(new Term(f, t))));

    protected override Query? GetWildcardQuery(string field, string termStr) => Pattern(termStr, () =>
        IsIndexField(field)
            ? base.GetWildcardQuery(field, termStr)
            : Expand(field, termStr, WordsOnly(base.GetWildcardQuery), exact: (f, t) => new WildcardQuery(new Term(f, t))));

    protected override Query? GetFuzzyQuery(string field, string termStr, float minSimilarity) => Pattern(termStr, () =>
        IsIndexField(field)
            ? base.GetFuzzyQuery(field, termStr, minSimilarity)
            : Expand(field, termStr, WordsOnly((f, t) => base.GetFuzzyQuery(f, t, minSimilarity)), exact: null));

    /// Regular expressions (/…/) are refused: Lucene.Net 4.8 turns one into a deterministic automaton without a
    /// limit on its states, and a short expression such as /(a|b)*a(a|b){20}/ needs exponentially many.
    protected override Query? GetRegexpQuery(string field, string termStr) =>
        throw new ParseException("Regular expressions (/…/) are not searched; use words, quotes for phrases, or * and ? as wildcards.");

    /// The longest prefix, wildcard or fuzzy term: the automaton Lucene builds for a pattern
    /// grows faster than its length (a 4,000-character wildcard took seconds), and no catalog word is this long.
    public const int MaxPatternLength = 100;

    /// The most * and ? in one term: each one multiplies the work of building the automaton for every field searched.
    public const int MaxWildcards = 4;

    /// A pattern query, or a syntax error when it is too long (people's words are then searched as typed; machines are told).
    private static Query? Pattern(string termStr, Func<Query?> build)
    {
        if (termStr.Length > MaxPatternLength)
        {
            throw new ParseException($"A wildcard or fuzzy term has at most {MaxPatternLength} characters; this one has {termStr.Length}.");
        }
        if (termStr.AsSpan().Count('*') + termStr.AsSpan().Count('?') > MaxWildcards)
        {
            throw new ParseException($"A term has at most {MaxWildcards} wildcards (* or ?): '{termStr}'.");
        }
        return build();
    }

    /// Multi-term queries (prefix, wildcard, fuzzy) are not analysed, so they only make sense
    /// against the lower-cased, unstemmed word fields.
    private static Func<string, string, Query?> WordsOnly(Func<string, string, Query?> build) =>
        (field, text) => field.EndsWith(CatalogAnalyzers.WordSuffix, StringComparison.Ordinal) ? build(field, text) : null;

    /// The query for a field name as a user or machine wrote it.
    private StableDisjunctionMaxQuery? Expand(string field, string text, Func<string, string, Query?> analysed, Func<string, string, Query>? exact)
    {
        if (field == AnyField)
        {
            return AnyZoneOrAlternative(analysed, CatalogSchema.Zones, text);
        }
        var zones = ZoneAliases.GetValueOrDefault(field);
        var exactField = ExactAliases.GetValueOrDefault(field);
        if (zones is null && exactField is null)
        {
            // Not a field we know ("09:30", "http://…"): the colon was part of the words.
            return _filtering
                ? throw new ParseException($"Unknown field '{field}'; filters take {string.Join(", ", ExactAliases.Keys.Concat(DateAliases).Concat(StatusFields).Order(StringComparer.Ordinal))}.")
                : AnyZone(analysed, CatalogSchema.Zones, field + ":" + text);
        }
        var either = new StableDisjunctionMaxQuery(TieBreaker);
        if (exactField is not null && exact is not null)
        {
            either.Add(exact(exactField, CatalogSchema.NormalizeExact(exactField, text)));
            if (_filtering)
            {
                return either;
            }
        }
        if (zones is not null && AnyZoneOrAlternative(analysed, zones, text) is { } inZones)
        {
            either.Add(inZones);
        }
        return either.Disjuncts.Count == 0 ? null : either;
    }

    /// The text in any of the zones, or any of its other written forms (勞保 ↔ 勞工保險), scored by the best.
    private static StableDisjunctionMaxQuery? AnyZoneOrAlternative(Func<string, string, Query?> analysed, IEnumerable<string> zones, string text)
    {
        var exact = AnyZone(analysed, zones, text);
        var alternatives = Abbreviations.Alternatives(text).Select(alt => AnyZone(analysed, zones, alt)).OfType<StableDisjunctionMaxQuery>().ToList();
        if (alternatives.Count == 0)
        {
            return exact;
        }
        var any = new StableDisjunctionMaxQuery(0f);
        if (exact is not null)
        {
            any.Add(exact);
        }
        foreach (var alt in alternatives)
        {
            // What was typed ranks a little above what it stands for.
            alt.Boost = 0.5f;
            any.Add(alt);
        }
        return any;
    }

    private static StableDisjunctionMaxQuery? AnyZone(Func<string, string, Query?> analysed, IEnumerable<string> zones, string text)
    {
        var best = new StableDisjunctionMaxQuery(TieBreaker);
        foreach (var zone in zones)
        {
            var (word, bigram, english) = ZoneBoosts[zone];
            var bigrams = analysed(zone + CatalogAnalyzers.BigramSuffix, text);
            // Outside the title, a Chinese word's bigrams find every document its dictionary word
            // does; looking it up twice there doubled the postings each search walks for little
            // change in order. In the title the dictionary word keeps its higher weight.
            if (zone == CatalogSchema.TitleZone || bigrams is null or BooleanQuery { Clauses.Count: 0 })
            {
                AddBoosted(best, analysed(zone + CatalogAnalyzers.WordSuffix, text), word);
            }
            AddBoosted(best, bigrams, bigram);
            AddBoosted(best, analysed(zone + CatalogAnalyzers.EnglishSuffix, text), english);
        }
        return best.Disjuncts.Count == 0 ? null : best;
    }

    private static void AddBoosted(DisjunctionMaxQuery into, Query? query, float boost)
    {
        if (query is null || query is BooleanQuery { Clauses.Count: 0 })
        {
            return;
        }
        query.Boost = boost;
        into.Add(query);
    }

    private static bool IsIndexField(string field) =>
        field.StartsWith("z_", StringComparison.Ordinal) && !ZoneAliases.ContainsKey(field);

    private DateTimeOffset ParseDate(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("NOW", StringComparison.OrdinalIgnoreCase))
        {
            // Solr's NOW; its date-math suffixes (NOW-1YEAR) are not supported.
            return t.Length == 3 ? _clock.GetUtcNow() : throw new ParseException($"Unsupported date '{text}'.");
        }
        return DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : throw new ParseException($"Not a date: '{text}'.");
    }

    /// A query of only exclusions (-草稿) means "everything except", not "nothing".
    private static Query MatchAllWhenOnlyExcluding(Query query)
    {
        if (query is BooleanQuery { Clauses.Count: > 0 } b && b.Clauses.All(c => c.Occur == Occur.MUST_NOT))
        {
            b.Add(new MatchAllDocsQuery(), Occur.MUST);
        }
        return query;
    }
}
