using System.Runtime.CompilerServices;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Search;
using Microsoft.Extensions.Options;

namespace Kaifang.Tests.Search;

public sealed class CatalogIndexTests : IDisposable
{
    private static readonly Agency Ministry = new()
    {
        Id = 1, Code = "MOL", Name = "勞動部", ShortName = "勞動部", NameEn = "Ministry of Labor", OrganisationCode = "A17000000J",
    };

    private static readonly Agency LaborInsurance = new()
    {
        Id = 2, Code = "BLI", Name = "勞動部勞工保險局", ShortName = "勞保局", NameEn = "Bureau of Labor Insurance", OrganisationCode = "A17010000J",
    };

    private static readonly Agency Workforce = new()
    {
        Id = 3, Code = "WDA", Name = "勞動部勞動力發展署", ShortName = "勞發署", NameEn = "Workforce Development Agency", OrganisationCode = "A17020000J",
    };

    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kaifang-tests", "index-" + Guid.NewGuid().ToString("N"));
    private readonly CatalogIndex _index;
    private int _serial;

    public CatalogIndexTests()
    {
        _index = new CatalogIndex(Options.Create(new KaifangOptions { DataDirectory = _directory }), TimeProvider.System);
    }

    public void Dispose()
    {
        _index.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }

    [Fact]
    public void Chinese_words_inside_a_longer_title_are_found()
    {
        var table = Add("勞工保險投保薪資分級表", LaborInsurance);
        Add("職業訓練課程", Workforce);

        var result = Search("投保薪資");

        Assert.Equal([table.Id], Ids(result));
    }

    [Fact]
    public void An_agency_short_name_finds_its_datasets_without_the_word_in_the_title()
    {
        var pension = Add("勞工退休金提繳統計", LaborInsurance);
        Add("職業訓練課程", Workforce);

        var result = Search("勞保");

        Assert.Equal([pension.Id], Ids(result));
    }

    [Fact]
    public void A_short_form_finds_titles_written_in_full_and_the_other_way_round()
    {
        var accidents = Add("職業災害統計", Ministry);
        var wage = Add("基本工資歷年調整", Ministry);
        Add("職業訓練課程", Workforce);

        Assert.Equal([accidents.Id], Ids(Search("職災")));
        Assert.Equal([accidents.Id], Ids(Search("職災統計")));
        Assert.Equal([wage.Id], Ids(Search("最低工資")));
    }

    [Fact]
    public void What_was_typed_ranks_above_what_it_stands_for()
    {
        var full = Add("職業災害通報件數", Ministry);
        var typed = Add("職災通報件數", Ministry);

        Assert.Equal([typed.Id, full.Id], Ids(Search("職災通報")));
    }

    [Theory]
    [InlineData("勞保 投保薪資", false)]
    [InlineData("minimum wage", false)]
    [InlineData("title:勞保", true)]
    [InlineData("\"投保薪資\"", true)]
    [InlineData("勞保 -草稿", true)]
    [InlineData("勞保 OR 職災", true)]
    [InlineData("wage*", true)]
    public void Plain_words_are_told_from_query_syntax(string text, bool syntax) =>
        Assert.Equal(syntax, CatalogQueryParser.HasSyntax(text));

    [Fact]
    public void English_words_find_English_titles()
    {
        var wage = Add("基本工資歷年調整", Ministry, d => d.TitleEn = "Minimum Wage History");
        Add("職業訓練課程", Workforce, d => d.TitleEn = "Vocational Training Courses");

        Assert.Equal([wage.Id], Ids(Search("minimum wage")));
        Assert.Equal([wage.Id], Ids(Search("wages")));
    }

    [Fact]
    public void A_title_match_ranks_above_a_description_match()
    {
        var mentions = Add("各業平均工時", Ministry, d => d.Description = "本資料含投保薪資及工時統計");
        var title = Add("投保薪資分布", LaborInsurance, d => d.Description = "依級距統計");

        var result = Search("投保薪資");

        Assert.Equal([title.Id, mentions.Id], Ids(result));
        Assert.True(result.Hits[0].Score > result.Hits[1].Score);
    }

    [Fact]
    public void Quoted_phrases_match_the_words_in_order()
    {
        var wage = Add("基本工資", Ministry, d => d.TitleEn = "Minimum wage history");
        Add("其他資料", Ministry, d => d.TitleEn = "History of the minimum age for wage work");

        Assert.Equal([wage.Id], Ids(Search("\"minimum wage\"")));
    }

    [Fact]
    public void Lucene_syntax_from_machines_is_understood()
    {
        var title = Add("勞保投保人數", LaborInsurance, d => d.MetadataModifiedAt = Start.AddDays(10));
        var described = Add("投保單位", Ministry, d =>
        {
            d.Description = "勞保投保單位名冊";
            d.MetadataModifiedAt = Start.AddYears(1);
        });

        Assert.Equal([title.Id], Ids(Search("title:勞保")));
        Assert.Equal([title.Id], Ids(Search("agency:BLI")));
        Assert.Equal([title.Id], Ids(Search("agency:bli AND 投保")));
        Assert.Equal([described.Id], Ids(Search("投保 -agency:BLI")));
        Assert.Equal([title.Id], Ids(Search("metadata_modified:[2024-01-01 TO 2024-06-30]")));
        Assert.Equal([described.Id], Ids(Search("metadata_modified:[2024-07-01T00:00:00Z TO *]")));
        Assert.Equal(2, Search("勞保 OR 單位").Total);
    }

    [Theory]
    [InlineData("title:")]
    [InlineData("勞保 AND")]
    [InlineData("(勞保")]
    [InlineData("\"勞保")]
    [InlineData("*保")]
    [InlineData("metadata_modified:[yesterday TO tomorrow]")]
    [InlineData("/[/")]
    [InlineData("~!@#$%^&*()_+{}|:<>?")]
    public void Bad_syntax_falls_back_to_the_words(string text)
    {
        Add("勞保投保人數", LaborInsurance);

        var result = Search(text);

        Assert.NotNull(result);
        Assert.True(result.Total <= 1);
    }

    [Fact]
    public void Bad_syntax_still_finds_the_words_typed()
    {
        var counts = Add("勞保投保人數", LaborInsurance);

        Assert.Equal([counts.Id], Ids(Search("勞保 AND")));
        Assert.Equal([counts.Id], Ids(Search("(投保")));
    }

    [Fact]
    public void Empty_text_lists_everything()
    {
        Add("甲", Ministry);
        Add("乙", Workforce);

        Assert.Equal(2, Search("").Total);
        Assert.Equal(2, Search("   ").Total);
        Assert.Equal(2, _index.Search(new CatalogQuery()).Total);
    }

    [Fact]
    public void Facets_count_the_matching_datasets_with_every_filter_applied()
    {
        Add("勞保統計一", LaborInsurance, d => Format(d, "CSV", "json"));
        Add("勞保統計二", LaborInsurance, d =>
        {
            Format(d, "CSV");
            d.ServiceCategory = "F00";
            d.UpdateFrequency = UpdateFrequency.Every(1, FrequencyUnit.Month);
        });
        Add("勞動統計", Ministry, d =>
        {
            Format(d, "XML");
            d.License = "CC BY 4.0";
        });
        Add("訓練課程", Workforce, d => Format(d, "CSV"));

        var all = _index.Search(new CatalogQuery { Text = "統計" });

        Assert.Equal(3, all.Total);
        Assert.Equal([new("BLI", 2), new("MOL", 1)], all.Facets[Facets.Agency]);
        Assert.Equal([new("CSV", 2), new("JSON", 1), new("XML", 1)], all.Facets[Facets.Format]);
        Assert.Equal([new("I00", 2), new("F00", 1)], all.Facets[Facets.Category]);
        Assert.Equal([new(Licenses.OpenGovernmentDataV1, 2), new("CC BY 4.0", 1)], all.Facets[Facets.License]);
        Assert.Equal([new("不定期更新", 2), new("每1月", 1)], all.Facets[Facets.Frequency]);

        var csv = _index.Search(new CatalogQuery { Text = "統計", Formats = ["csv"] });

        Assert.Equal(2, csv.Total);
        Assert.Equal([new("BLI", 2)], csv.Facets[Facets.Agency]);
        Assert.Equal([new("CSV", 2), new("JSON", 1)], csv.Facets[Facets.Format]);
    }

    [Fact]
    public void Facets_counted_by_combination_match_counting_each_dataset()
    {
        // One segment of 400 datasets with few combinations of agency, category, licence and
        // frequency and few sets of formats (counted by combination), varied keywords (counted
        // one by one), some without formats, some replaced since (deleted in the segment).
        Agency[] agencies = [Ministry, LaborInsurance, Workforce];
        string[][] formatSets = [["CSV"], ["CSV", "JSON"], ["XML", "PDF", "CSV"], []];
        var datasets = new List<(Dataset Dataset, Agency Agency)>();
        for (var i = 0; i < 400; i++)
        {
            var agency = agencies[i % 3];
            var dataset = NewDataset(i % 2 == 0 ? $"勞保統計 {i}" : $"職業訓練 {i}", agency);
            dataset.ServiceCategory = i % 5 == 0 ? "F00" : "I00";
            dataset.License = i % 7 == 0 ? "CC BY 4.0" : dataset.License;
            dataset.UpdateFrequency = i % 4 == 0 ? UpdateFrequency.Every(1, FrequencyUnit.Month) : dataset.UpdateFrequency;
            dataset.Keywords = [$"關鍵字{i}", "勞動"];
            Format(dataset, formatSets[i % formatSets.Length]);
            datasets.Add((dataset, agency));
        }
        _index.Upsert(datasets.Select(d => DatasetDocument.From(d.Dataset, d.Agency)));
        // Replaced: each has a deleted older version in the first segment.
        foreach (var (dataset, agency) in datasets.Where((_, i) => i % 9 == 0))
        {
            dataset.ServiceCategory = "B00";
        }
        _index.Upsert(datasets.Where((_, i) => i % 9 == 0).Select(d => DatasetDocument.From(d.Dataset, d.Agency)));

        var query = new CatalogQuery { Text = "統計", FacetFields = Facets.Known, FacetLimit = int.MaxValue };
        var result = _index.Search(query);

        var matching = datasets.Where(d => d.Dataset.Title.Contains("統計", StringComparison.Ordinal)).Select(d => DatasetDocument.From(d.Dataset, d.Agency)).ToList();
        static List<FacetValue> Expected(IEnumerable<string> values) => [.. values.GroupBy(v => v)
            .Select(g => new FacetValue(g.Key, g.Count()))
            .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)];
        Assert.Equal(200, result.Total);
        Assert.Equal(Expected(matching.Select(d => d.AgencyCode)), result.Facets[Facets.Agency]);
        Assert.Equal(Expected(matching.Select(d => d.Category)), result.Facets[Facets.Category]);
        Assert.Equal(Expected(matching.Select(d => d.License)), result.Facets[Facets.License]);
        Assert.Equal(Expected(matching.Select(d => d.Frequency)), result.Facets[Facets.Frequency]);
        Assert.Equal(Expected(matching.SelectMany(d => d.Formats)), result.Facets[Facets.Format]);
        Assert.Equal(Expected(matching.SelectMany(d => d.Keywords)), result.Facets[Facets.Tag]);
        Assert.Contains(new FacetValue("B00", matching.Count(d => d.Category == "B00")), result.Facets[Facets.Category]);

        var filtered = _index.Search(query with { Formats = ["json", "PDF"], Categories = ["I00", "B00"] });
        var expected = matching.Where(d => d.Formats.Any(f => f is "JSON" or "PDF") && d.Category is "I00" or "B00").ToList();
        Assert.Equal(expected.Count, filtered.Total);
        Assert.Equal(Expected(expected.SelectMany(d => d.Formats)), filtered.Facets[Facets.Format]);
        Assert.Equal(Expected(expected.Select(d => d.AgencyCode)), filtered.Facets[Facets.Agency]);
    }

    [Fact]
    public void Filters_are_ORed_within_a_facet_and_ANDed_across_facets()
    {
        var a = Add("一", LaborInsurance, d => Format(d, "CSV"));
        var b = Add("二", Workforce, d => Format(d, "JSON"));
        Add("三", Ministry, d => Format(d, "CSV"));
        Add("四", LaborInsurance, d => Format(d, "PDF"));

        var either = _index.Search(new CatalogQuery { Agencies = ["BLI", "wda"] });
        var both = _index.Search(new CatalogQuery { Agencies = ["BLI", "WDA"], Formats = ["CSV", "JSON"] });

        Assert.Equal(3, either.Total);
        Assert.Equal(new[] { a.Id, b.Id }.Order(), Ids(both).Order());
    }

    [Fact]
    public void Drafts_are_invisible_to_the_public_and_visible_to_staff_who_ask()
    {
        var published = Add("已上架", Ministry);
        var draft = Add("草稿", Ministry, d => d.Status = DatasetStatus.Draft);

        Assert.Equal([published.Id], Ids(_index.Search(new CatalogQuery())));
        Assert.Empty(Ids(_index.Search(new CatalogQuery { Text = "草稿" })));
        var staff = _index.Search(new CatalogQuery { Statuses = [DatasetStatus.Draft, DatasetStatus.Published] });
        Assert.Equal([draft.Id, published.Id], Ids(staff).OrderBy(id => id == published.Id));
        Assert.Equal(0, _index.Search(new CatalogQuery { Statuses = [] }).Total);
    }

    [Fact]
    public void An_agency_scope_limits_the_results()
    {
        var mine = Add("一", LaborInsurance);
        Add("二", Workforce);

        var result = _index.Search(new CatalogQuery { AgencyIds = new HashSet<int> { LaborInsurance.Id } });

        Assert.Equal([mine.Id], Ids(result));
        Assert.Equal(0, _index.Search(new CatalogQuery { AgencyIds = new HashSet<int>() }).Total);
    }

    [Fact]
    public void Sorts_by_newest_by_name_and_by_relevance()
    {
        var old = Add("乙 統計", Ministry, d => d.MetadataModifiedAt = Start);
        var newest = Add("丙 資料", Ministry, d =>
        {
            d.MetadataModifiedAt = Start.AddDays(2);
            d.Description = "統計";
        });
        var middle = Add("甲 統計", Ministry, d => d.MetadataModifiedAt = Start.AddDays(1));

        Assert.Equal([newest.Id, middle.Id, old.Id], Ids(_index.Search(new CatalogQuery { Sort = CatalogSort.Newest })));
        // 乙 U+4E59, 丙 U+4E19, 甲 U+7532: code-point order.
        Assert.Equal([newest.Id, old.Id, middle.Id], Ids(_index.Search(new CatalogQuery { Sort = CatalogSort.Name })));
        // Without text, relevance means newest first.
        Assert.Equal([newest.Id, middle.Id, old.Id], Ids(_index.Search(new CatalogQuery())));
        var relevant = Ids(_index.Search(new CatalogQuery { Text = "統計" }));
        Assert.Equal(newest.Id, relevant[^1]);
    }

    [Fact]
    public void Paging_returns_the_window_and_the_full_total()
    {
        var ids = Enumerable.Range(0, 25)
            .Select(i => Add($"資料集 {i:00}", Ministry, d => d.MetadataModifiedAt = Start.AddMinutes(i)).Id)
            .Reverse()
            .ToList();

        var page = _index.Search(new CatalogQuery { Offset = 20, Limit = 10, Sort = CatalogSort.Newest });
        var none = _index.Search(new CatalogQuery { Limit = 0 });

        Assert.Equal(25, page.Total);
        Assert.Equal(ids[20..], Ids(page));
        Assert.Equal(25, none.Total);
        Assert.Empty(none.Hits);
        Assert.Equal(25, none.Facets[Facets.Agency].Single().Count);
    }

    [Fact]
    public void A_hit_carries_what_a_result_line_needs()
    {
        var dataset = Add("勞工保險投保薪資分級表", LaborInsurance, d =>
        {
            d.TitleEn = "Insured Salary Grading Table";
            d.Description = "分級表說明";
            d.IsSample = true;
            Format(d, "csv", "CSV", "Json");
        });

        var hit = Assert.Single(Search("分級表").Hits);

        Assert.Equal(dataset.Id, hit.Id);
        Assert.Equal(dataset.Name, hit.Name);
        Assert.Equal("勞工保險投保薪資分級表", hit.Title);
        Assert.Equal("Insured Salary Grading Table", hit.TitleEn);
        Assert.Equal("分級表說明", hit.Description);
        Assert.Equal("BLI", hit.AgencyCode);
        Assert.Equal(["CSV", "JSON"], hit.Formats);
        Assert.Equal(dataset.MetadataModifiedAt, hit.MetadataModifiedAt);
        Assert.Equal(DatasetStatus.Published, hit.Status);
        Assert.True(hit.IsSample);
        Assert.True(hit.Score > 0);
    }

    [Fact]
    public void Upsert_replaces_and_delete_removes_at_once()
    {
        var dataset = Add("舊名稱", Ministry);

        dataset.Title = "新名稱";
        _index.Upsert(DatasetDocument.From(dataset, Ministry));

        Assert.Equal(1, _index.Count);
        Assert.Empty(Search("舊名稱").Hits);
        Assert.Equal("新名稱", Assert.Single(Search("新名稱").Hits).Title);

        _index.Delete(dataset.Id);

        Assert.Equal(0, _index.Count);
        Assert.Equal(0, _index.Search(new CatalogQuery()).Total);
    }

    [Fact]
    public void A_repeated_search_sees_writes_made_since_it_last_ran()
    {
        var query = new CatalogQuery { Text = "統計", Formats = ["CSV"] };
        var first = Add("勞保統計", LaborInsurance, d => Format(d, "CSV"));
        Assert.Equal(1, _index.Search(query).Total);

        var second = Add("就業統計", Workforce, d => Format(d, "CSV"));
        Assert.Equal(2, _index.Search(query).Total);

        _index.Delete(first.Id);
        Assert.Equal([second.Id], Ids(_index.Search(query)));
    }

    [Fact]
    public void A_result_is_kept_from_the_second_time_its_search_is_run_until_the_next_write()
    {
        Add("勞保統計", LaborInsurance);
        var query = new CatalogQuery { Text = "統計" };

        var first = _index.Search(query);
        var second = _index.Search(query);
        var third = _index.Search(query);

        Assert.NotSame(first, second);
        Assert.Same(second, third);
        Add("就業統計", Workforce);
        var afterWrite = _index.Search(query);
        Assert.NotSame(third, afterWrite);
        Assert.Equal(2, afterWrite.Total);
    }

    [Fact]
    public void A_repeated_machine_condition_sees_writes_made_since_it_last_ran()
    {
        var query = new CatalogQuery { FilterQueries = ["res_format:CSV AND organization:bli"] };
        var first = Add("勞保統計", LaborInsurance, d => Format(d, "CSV"));
        Add("就業統計", Workforce, d => Format(d, "CSV"));
        Assert.Equal([first.Id], Ids(_index.Search(query)));

        var second = Add("投保人數", LaborInsurance, d => Format(d, "CSV", "JSON"));
        Assert.Equal(2, _index.Search(query).Total);
        Assert.Equal(2, _index.Search(query with { Text = "統計 OR 人數" }).Total);

        _index.Delete(first.Id);
        Assert.Equal([second.Id], Ids(_index.Search(query)));
    }

    [Fact]
    public void A_search_relative_to_now_moves_with_the_clock_without_any_write()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);
        using var index = new CatalogIndex(Options.Create(new KaifangOptions { DataDirectory = Path.Combine(_directory, "now") }), clock);
        var later = NewDataset("勞保統計", LaborInsurance);
        later.MetadataModifiedAt = Start.AddDays(1);
        index.Upsert(DatasetDocument.From(later, LaborInsurance));
        var condition = new CatalogQuery { FilterQueries = ["metadata_modified:[* TO NOW]"] };
        var text = new CatalogQuery { Text = "metadata_modified:[* TO NOW]" };

        Assert.Equal(0, index.Search(condition).Total);
        Assert.Equal(0, index.Search(text).Total);

        clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal([later.Id], Ids(index.Search(condition)));
        Assert.Equal([later.Id], Ids(index.Search(text)));
    }

    [Fact]
    public void Rebuild_replaces_everything()
    {
        Add("一", Ministry);
        var kept = NewDataset("二", Workforce);

        var count = _index.Rebuild([DatasetDocument.From(kept, Workforce)]);

        Assert.Equal(1, count);
        Assert.Equal(1, _index.Count);
        Assert.Equal([kept.Id], Ids(_index.Search(new CatalogQuery())));
    }

    [Fact]
    public async Task A_failed_rebuild_leaves_the_index_as_it_was()
    {
        var kept = Add("一", Ministry);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _index.RebuildAsync(Failing(), CancellationToken.None));

        Assert.Equal([kept.Id], Ids(_index.Search(new CatalogQuery())));
        var later = Add("二", Ministry);
        Assert.Equal(2, _index.Count);
        Assert.Contains(later.Id, Ids(_index.Search(new CatalogQuery())));

        async IAsyncEnumerable<DatasetDocument> Failing()
        {
            yield return DatasetDocument.From(NewDataset("三", Ministry), Ministry);
            await Task.Yield();
            throw new InvalidOperationException("The database went away.");
        }
    }

    [Fact]
    public async Task A_rebuild_on_several_threads_indexes_every_dataset_once()
    {
        Add("舊的", Ministry);
        var datasets = Enumerable.Range(0, CatalogIndex.ReadAhead + 1500).Select(i => NewDataset($"資料集{i}", Ministry)).ToList();

        var count = await _index.RebuildAsync(Slowly(datasets), CancellationToken.None);

        Assert.Equal(datasets.Count, count);
        Assert.Equal(datasets.Count, _index.Count);
        // The threads' segments merged into one, which a search reads once.
        Assert.Equal(1, _index.SegmentCount);
        var found = new List<Guid>();
        for (var offset = 0; offset < datasets.Count; offset += 1000)
        {
            found.AddRange(Ids(_index.Search(new CatalogQuery { Offset = offset, Limit = 1000 })));
        }
        Assert.Equal(datasets.Select(d => d.Id).Order(), found.Order());
        // Each one whole, as package_search reads it, from files of their own that are read, not mapped.
        var hits = _index.Search(new CatalogQuery { Limit = 1000, WithDatasets = true }).Hits;
        Assert.All(hits, h => Assert.Equal(h.Id, DatasetRecord.FromBytes(h.DatasetData!).Id));
        var files = Directory.GetFiles(new KaifangOptions { DataDirectory = _directory }.IndexDirectory).Select(Path.GetFileName).ToList();
        Assert.Contains(files, f => f!.Contains(RecordsDocValuesFormat.FileMarker, StringComparison.Ordinal) && f.EndsWith(".dvd", StringComparison.Ordinal));

        async IAsyncEnumerable<DatasetDocument> Slowly(List<Dataset> all)
        {
            foreach (var batch in all.Chunk(700))
            {
                await Task.Delay(1);
                foreach (var d in batch)
                {
                    yield return DatasetDocument.From(d, Ministry);
                }
            }
        }
    }

    [Fact]
    public void A_search_answered_again_from_the_result_cache_still_carries_its_datasets_and_the_cache_keeps_none()
    {
        var datasets = Enumerable.Range(0, 30).Select(i => Add($"就業服務{i}", Ministry)).ToList();
        var query = new CatalogQuery { Text = "就業", Limit = 20, WithDatasets = true };

        // Seen once, then kept, then answered from the cache: each time with every hit's dataset.
        var answers = Enumerable.Range(0, 3).Select(_ => _index.Search(query)).ToList();
        foreach (var answer in answers)
        {
            Assert.Equal(30, answer.Total);
            Assert.All(answer.Hits, h =>
            {
                using var record = h.ReadRecord()!;
                Assert.Equal(h.Id, record.Id);
            });
        }
        Assert.Equal(Ids(answers[0]), Ids(answers[2]));
        // The same search without datasets is answered by the same cached result, which holds no records.
        var plain = _index.Search(query with { WithDatasets = false });
        Assert.Equal(Ids(answers[0]), Ids(plain));
        Assert.All(plain.Hits, h => Assert.Null(h.ReadRecord()));
        Assert.Subset(datasets.Select(d => d.Id).ToHashSet(), Ids(plain).ToHashSet());
    }

    [Fact]
    public async Task A_dataset_that_cannot_be_indexed_fails_the_rebuild_and_leaves_the_index_as_it_was()
    {
        var kept = Add("一", Ministry);

        // Well after the first documents were added on other threads, and while more are still being read.
        await Assert.ThrowsAsync<ArgumentNullException>(() => _index.RebuildAsync(OneBad(), CancellationToken.None));

        Assert.Equal([kept.Id], Ids(_index.Search(new CatalogQuery())));
        var later = Add("二", Ministry);
        Assert.Equal(2, _index.Count);
        Assert.Contains(later.Id, Ids(_index.Search(new CatalogQuery())));

        async IAsyncEnumerable<DatasetDocument> OneBad()
        {
            for (var i = 0; i < 3 * CatalogIndex.ReadAhead; i++)
            {
                var document = DatasetDocument.From(NewDataset($"資料集{i}", Ministry), Ministry);
                yield return i == 1000 ? document with { Title = null! } : document;
                if (i % 500 == 0)
                {
                    await Task.Yield();
                }
            }
        }
    }

    [Fact]
    public async Task A_cancelled_rebuild_stops_reading_and_leaves_the_index_as_it_was()
    {
        var kept = Add("一", Ministry);
        using var cancel = new CancellationTokenSource();
        var read = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _index.RebuildAsync(Endless(cancel.Token), cancel.Token));

        Assert.InRange(read, 2000, 2000 + CatalogIndex.ReadAhead + 1);
        Assert.Equal([kept.Id], Ids(_index.Search(new CatalogQuery())));
        Assert.Equal(1, _index.Count);

        async IAsyncEnumerable<DatasetDocument> Endless([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (++read == 2000)
                {
                    await cancel.CancelAsync();
                }
                yield return DatasetDocument.From(NewDataset($"資料集{read}", Ministry), Ministry);
                await Task.Yield();
            }
        }
    }

    [Fact]
    public void The_index_survives_reopening()
    {
        var dataset = Add("勞工保險投保薪資分級表", LaborInsurance);
        _index.Dispose();

        using var reopened = new CatalogIndex(Options.Create(new KaifangOptions { DataDirectory = _directory }), TimeProvider.System);

        Assert.Equal([dataset.Id], Ids(reopened.Search(new CatalogQuery { Text = "薪資" })));
    }

    private CatalogSearchResult Search(string text) => _index.Search(new CatalogQuery { Text = text });

    private static List<Guid> Ids(CatalogSearchResult result) => [.. result.Hits.Select(h => h.Id)];

    /// Adds a resource of each format to the dataset.
    internal static void Format(Dataset dataset, params string[] formats)
    {
        foreach (var format in formats)
        {
            dataset.Resources.Add(new Resource
            {
                Id = Guid.NewGuid(),
                DatasetId = dataset.Id,
                Identifier = $"{dataset.Identifier}-{dataset.Resources.Count + 1:000}",
                Position = dataset.Resources.Count,
                Name = format,
                Format = format,
            });
        }
    }

    private Dataset Add(string title, Agency agency, Action<Dataset>? change = null)
    {
        var dataset = NewDataset(title, agency);
        change?.Invoke(dataset);
        _index.Upsert(DatasetDocument.From(dataset, agency));
        return dataset;
    }

    private Dataset NewDataset(string title, Agency agency)
    {
        var serial = ++_serial;
        return new Dataset
        {
            Id = Guid.NewGuid(),
            Identifier = $"{agency.OrganisationCode}-{serial:000000}",
            Name = $"{agency.Code.ToLowerInvariant()}-{serial}",
            Title = title,
            AgencyId = agency.Id,
            Agency = agency,
            Status = DatasetStatus.Published,
            MetadataModifiedAt = Start.AddHours(serial),
        };
    }
}
