using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Search;
using Microsoft.Extensions.Options;

namespace Kaifang.Tests.Search;

/// A text searched again replays what it matched on the reader instead of scoring it again: the answers are the same
/// as an index that keeps nothing gives, to the order of equal scores and the bits of each score, under every filter,
/// order and page; a write starts again; the memory kept stays within its budget.
public sealed class TextMatchesTests : IDisposable
{
    private static readonly Agency[] Agencies =
    [
        new() { Id = 1, Code = "MOL", Name = "勞動部", ShortName = "勞動部", NameEn = "Ministry of Labor", OrganisationCode = "A17000000J" },
        new() { Id = 2, Code = "BLI", Name = "勞動部勞工保險局", ShortName = "勞保局", NameEn = "Bureau of Labor Insurance", OrganisationCode = "A17010000J" },
        new() { Id = 3, Code = "WDA", Name = "勞動部勞動力發展署", ShortName = "勞發署", NameEn = "Workforce Development Agency", OrganisationCode = "A17020000J" },
    ];

    private static readonly string[] Words = ["勞工保險", "投保薪資", "就業", "統計", "職業災害", "失業給付", "人數", "按月別", "職業訓練"];
    private static readonly string[] FormatNames = ["CSV", "JSON", "XML", "ODS"];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kaifang-tests", "text-matches-" + Guid.NewGuid().ToString("N"));
    private readonly CatalogIndex _keeping;
    private readonly CatalogIndex _scoring;
    private int _serial;

    public TextMatchesTests()
    {
        _keeping = Open("keeping", megabytes: 16);
        _scoring = Open("scoring", megabytes: 0);
        var random = new Random(20261201);
        var documents = new List<DatasetDocument>();
        for (var i = 0; i < 240; i++)
        {
            // Few words, so that many datasets score the same and their order rests on ties.
            var title = string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Words[random.Next(Words.Length)]));
            var description = string.Join('，', Enumerable.Range(0, random.Next(0, 5)).Select(_ => Words[random.Next(Words.Length)]));
            var formats = FormatNames.Where(_ => random.Next(2) == 0).DefaultIfEmpty("CSV").ToArray();
            var agency = Agencies[random.Next(Agencies.Length)];
            documents.Add(DatasetDocument.From(NewDataset(title, agency, description, formats), agency));
        }
        _keeping.Upsert(documents);
        _scoring.Upsert(documents);
    }

    public void Dispose()
    {
        _keeping.Dispose();
        _scoring.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }

    public static TheoryData<string> Texts => ["統計", "勞工保險 人數", "就業", "職災"];

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_text_searched_again_answers_as_scoring_it_afresh_does_under_every_filter_order_and_page(string text)
    {
        foreach (var query in Variants(text))
        {
            var kept = _keeping.Search(query);
            var fresh = _scoring.Search(query);

            Assert.Equal(fresh.Total, kept.Total);
            Assert.Equal(fresh.Hits.Select(h => (h.Id, BitConverter.SingleToInt32Bits(h.Score))), kept.Hits.Select(h => (h.Id, BitConverter.SingleToInt32Bits(h.Score))));
            Assert.Equal(fresh.Facets.Keys.Order(), kept.Facets.Keys.Order());
            foreach (var (facet, values) in fresh.Facets)
            {
                Assert.Equal(values, kept.Facets[facet]);
            }
        }
        // The machine's strict syntax is kept apart: a text it refuses, a person's search reads as words.
        Assert.Equal(2, _keeping.TextsKept);
        Assert.Equal(0, _scoring.TextsKept);
    }

    [Fact]
    public void Pages_of_a_search_by_best_match_list_each_dataset_once_as_the_text_comes_to_be_kept()
    {
        var whole = _scoring.Search(new CatalogQuery { Text = "統計", Limit = 1000 });
        Assert.True(whole.Hits.Count > 40);

        // The first page is scored as it is asked, the second records the text, the others replay it.
        var paged = new List<Guid>();
        for (var offset = 0; offset < whole.Hits.Count; offset += 9)
        {
            paged.AddRange(_keeping.Search(new CatalogQuery { Text = "統計", Offset = offset, Limit = 9 }).Hits.Select(h => h.Id));
        }

        Assert.Equal(whole.Hits.Select(h => h.Id), paged);
        Assert.Equal(1, _keeping.TextsKept);
    }

    [Fact]
    public void A_write_starts_the_kept_texts_again_and_the_next_search_sees_it()
    {
        _keeping.Search(new CatalogQuery { Text = "就業" });
        _keeping.Search(new CatalogQuery { Text = "就業", Agencies = ["BLI"] });
        Assert.Equal(1, _keeping.TextsKept);

        var added = AddToBoth("就業服務統計", Agencies[1], "", ["CSV"]);

        Assert.Equal(0, _keeping.TextsKept);
        var found = _keeping.Search(new CatalogQuery { Text = "就業", Agencies = ["BLI"], Formats = ["CSV"], Limit = 1000 });
        Assert.Contains(added.Id, found.Hits.Select(h => h.Id));
        Assert.Equal(_scoring.Search(new CatalogQuery { Text = "就業", Agencies = ["BLI"], Formats = ["CSV"], Limit = 1000 }).Hits.Select(h => h.Id), found.Hits.Select(h => h.Id));
    }

    [Fact]
    public void Texts_are_kept_from_their_second_search_and_not_when_their_query_could_score_differently_under_a_filter()
    {
        _keeping.Search(new CatalogQuery { Text = "人數" });
        Assert.Equal(0, _keeping.TextsKept);
        _keeping.Search(new CatalogQuery { Text = "人數", Sort = CatalogSort.Newest });
        Assert.Equal(1, _keeping.TextsKept);

        // Lucene's own OR adds its parts up in an order that depends on what was skipped.
        for (var i = 0; i < 3; i++)
        {
            _keeping.Search(new CatalogQuery { Text = "統計 OR 就業", Offset = i });
        }
        Assert.Equal(1, _keeping.TextsKept);
    }

    [Fact]
    public void The_least_recently_used_texts_make_room_and_none_outgrows_an_eighth_of_the_budget()
    {
        static MatchedDocs Matches(int count) => new([.. Enumerable.Range(0, count)], [.. Enumerable.Repeat(1f, count)]);

        // Each text of 1,000 matches takes a little over 8 KB: the budget holds four.
        var texts = new TextMatches(36_000);
        foreach (var text in new[] { "a", "b", "c", "d" })
        {
            texts.Add(text, Matches(1_000));
        }
        Assert.Equal(4, texts.Count);
        Assert.NotNull(texts.Find("a"));

        texts.Add("e", Matches(1_000));

        // Down to three quarters of the budget: b and c, the least recently used, are dropped; a was just used.
        Assert.Equal(3, texts.Count);
        Assert.Null(texts.Find("b"));
        Assert.Null(texts.Find("c"));
        Assert.NotNull(texts.Find("a"));
        Assert.NotNull(texts.Find("d"));
        Assert.NotNull(texts.Find("e"));

        Assert.True(texts.Fits("f", Matches(400)));
        Assert.False(texts.Fits("f", Matches(1_000)));
    }

    private static IEnumerable<CatalogQuery> Variants(string text)
    {
        IEnumerable<CatalogQuery> narrowed =
        [
            new() { Text = text },
            new() { Text = text, Agencies = ["BLI"] },
            new() { Text = text, Formats = ["JSON"] },
            new() { Text = text, FilterQueries = ["res_format:XML"], StrictSyntax = true },
            new() { Text = text, Agencies = ["MOL", "WDA"], Formats = ["CSV"] },
        ];
        foreach (var query in narrowed)
        {
            foreach (var sort in new[] { CatalogSort.Relevance, CatalogSort.Newest, CatalogSort.Name })
            {
                foreach (var offset in new[] { 0, 7, 21 })
                {
                    yield return query with { Sort = sort, Offset = offset, Limit = 7 };
                }
            }
            yield return query with
            {
                SortKeys = [new(CatalogSortField.Score, Descending: true), new(CatalogSortField.Modified, Descending: true)],
                Limit = 30,
            };
        }
    }

    private CatalogIndex Open(string name, int megabytes) => new(
        Options.Create(new KaifangOptions { DataDirectory = Path.Combine(_directory, name) }), TimeProvider.System,
        Options.Create(new SearchOptions { TextMatchesMegabytes = megabytes }));

    private Dataset AddToBoth(string title, Agency agency, string description, string[] formats)
    {
        var dataset = NewDataset(title, agency, description, formats);
        _keeping.Upsert(DatasetDocument.From(dataset, agency));
        _scoring.Upsert(DatasetDocument.From(dataset, agency));
        return dataset;
    }

    private Dataset NewDataset(string title, Agency agency, string description, string[] formats)
    {
        var serial = ++_serial;
        var dataset = new Dataset
        {
            Id = Guid.NewGuid(),
            Identifier = $"{agency.OrganisationCode}-{serial:000000}",
            Name = $"{agency.Code.ToLowerInvariant()}-{serial}",
            Title = title,
            Description = description,
            AgencyId = agency.Id,
            Agency = agency,
            Status = DatasetStatus.Published,
            MetadataModifiedAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(serial % 17),
        };
        CatalogIndexTests.Format(dataset, formats);
        return dataset;
    }
}
