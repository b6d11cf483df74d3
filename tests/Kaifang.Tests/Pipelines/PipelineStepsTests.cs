using System.Text.Json;
using Kaifang.Pipelines;

namespace Kaifang.Tests.Pipelines;

public class PipelineStepsTests
{
    private static Table Sample() => Table.Of(["年度", "縣市", "人數", "日期", "性別"],
    [
        [" 105 ", "臺北市　", "1,234", "105/03/01", "1"],
        ["", " ", "", "", ""],
        ["106", "新北市", "△12", "105/02/30", "2"],
        ["107", "桃園市", "-", "2018-01-05", "9"],
    ]);

    private static List<TableRow> Run(Table table, params PipelineStep[] steps) => [.. PipelineSteps.Apply(table, steps, new PipelineLog()).Rows];

    [Fact]
    public void Steps_round_trip_through_JSON_with_their_kind()
    {
        PipelineStep[] steps =
        [
            new DecodeStep { Encoding = "big5" },
            new TrimStep(),
            new DropEmptyRowsStep(),
            new RenameColumnsStep { Names = new Dictionary<string, string> { ["縣市"] = "縣市別" } },
            new ReorderColumnsStep { Columns = ["縣市別", "年度"] },
            new DropColumnsStep { Columns = ["性別"] },
            new MaskColumnsStep { Columns = [new("姓名", MaskAs.Name)] },
            new ConvertRocDatesStep { Columns = ["日期"] },
            new ConvertNumbersStep { Columns = ["人數"], Percent = "fraction" },
            new MapCodesStep { Maps = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["性別"] = new Dictionary<string, string> { ["1"] = "男" } } },
            new FilterRowsStep { Column = "年度", Operator = FilterOperator.Between, Value = "105", To = "106" },
        ];

        var json = PipelineSteps.Serialize(steps);
        var back = PipelineSteps.Deserialize(json);

        Assert.Contains("\"kind\":\"convert-roc-dates\"", json, StringComparison.Ordinal);
        Assert.Contains("\"operator\":\"between\"", json, StringComparison.Ordinal);
        Assert.Contains("\"as\":\"name\"", json, StringComparison.Ordinal);
        Assert.Contains("縣市別", json, StringComparison.Ordinal);
        Assert.Equal(steps.Select(s => s.Kind), back.Select(s => s.Kind));
        Assert.Equal(json, PipelineSteps.Serialize(back));
    }

    [Fact]
    public void Reads_steps_written_by_hand()
    {
        var steps = PipelineSteps.Deserialize("""
            [{"kind":"trim"},{"kind":"filter-rows","column":"人數","operator":">","value":"100"},
             {"kind":"mask-columns","columns":[{"name":"身分證字號","as":"national-id"}]}]
            """);
        var filter = Assert.IsType<FilterRowsStep>(steps[1]);
        Assert.Equal(FilterOperator.GreaterThan, filter.Operator);
        Assert.Equal(MaskAs.NationalId, Assert.IsType<MaskColumnsStep>(steps[2]).Columns![0].As);
    }

    [Fact]
    public void An_unknown_kind_is_a_JSON_error() =>
        Assert.ThrowsAny<JsonException>(() => PipelineSteps.Deserialize("""[{"kind":"shuffle"}]"""));

    [Fact]
    public void Trim_takes_off_exactly_white_space_and_the_zero_width_characters()
    {
        for (var c = char.MinValue; ; c++)
        {
            var space = char.IsWhiteSpace(c) || c is '\u200B' or '\uFEFF' or '\u200C' or '\u200D';
            Assert.True(TrimStep.Trim($"{c}甲{c}") == (space ? "甲" : $"{c}甲{c}"), $"U+{(int)c:X4}");
            if (c == char.MaxValue)
            {
                break;
            }
        }
    }

    [Fact]
    public void Trim_removes_ordinary_and_full_width_spaces_and_drop_empty_rows_leaves_out_blank_ones()
    {
        var rows = Run(Sample(), new TrimStep(), new DropEmptyRowsStep());
        Assert.Equal([2L, 4L, 5L], rows.Select(r => r.Number));
        Assert.Equal(["105", "臺北市", "1,234", "105/03/01", "1"], rows[0].Values());
    }

    [Fact]
    public void Rename_reorder_and_drop_columns()
    {
        var table = PipelineSteps.Apply(Sample(),
        [
            new RenameColumnsStep { Names = new Dictionary<string, string> { ["縣市"] = "縣市別" } },
            new ReorderColumnsStep { Columns = ["縣市別", "年度"] },
            new DropColumnsStep { Columns = ["日期"] },
        ], new PipelineLog());

        Assert.Equal(["縣市別", "年度", "人數", "性別"], table.Header);
        Assert.Equal(["新北市", "106", "△12", "2"], table.Rows.ElementAt(2).Values());
        var dropped = PipelineSteps.Apply(Sample(), [new ReorderColumnsStep { Columns = ["性別", "年度"], Others = "drop" }], new PipelineLog());
        Assert.Equal(["性別", "年度"], dropped.Header);
    }

    [Fact]
    public void ROC_dates_are_converted_and_impossible_ones_reported_with_row_and_column()
    {
        var log = new PipelineLog();
        var rows = PipelineSteps.Apply(Sample(), [new ConvertRocDatesStep { Columns = ["日期"] }], log).Rows.ToList();

        Assert.Equal("2016-03-01", rows[0][3]);
        Assert.Equal("105/02/30", rows[2][3]);
        Assert.Equal("2018-01-05", rows[3][3]);
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("invalid-date", 4L, "日期", "105/02/30"), (issue.Code, issue.Row!.Value, issue.Column, issue.Value));
        Assert.Contains("第 4 列", issue.Zh, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_are_converted_and_no_figure_marks_become_empty()
    {
        var log = new PipelineLog();
        var rows = PipelineSteps.Apply(Sample(), [new ConvertNumbersStep { Columns = ["人數"] }], log).Rows.ToList();
        Assert.Equal(["1234", "", "-12", ""], rows.Select(r => r[2]));
        Assert.Empty(log.Issues);

        var text = Table.Of(["人數"], [["不詳"]]);
        var textLog = new PipelineLog();
        Assert.Equal("不詳", PipelineSteps.Apply(text, [new ConvertNumbersStep { Columns = ["人數"] }], textLog).Rows.Single()[0]);
        Assert.Equal("not-a-number", Assert.Single(textLog.Issues).Code);
    }

    [Fact]
    public void Codes_become_labels_and_unmapped_codes_are_flagged_when_asked()
    {
        var log = new PipelineLog();
        var map = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["性別"] = new Dictionary<string, string> { ["1"] = "男", ["2"] = "女" } };
        var rows = PipelineSteps.Apply(Sample(), [new MapCodesStep { Maps = map, Unmapped = "flag" }], log).Rows.ToList();

        Assert.Equal(["男", "", "女", "9"], rows.Select(r => r[4]));
        var issue = Assert.Single(log.Issues);
        Assert.Equal(("unmapped-code", 5L, "9"), (issue.Code, issue.Row!.Value, issue.Value));
    }

    [Theory]
    [InlineData(FilterOperator.EqualTo, "新北市", null, new[] { 4L })]
    [InlineData(FilterOperator.NotEqualTo, "新北市", null, new[] { 2L, 3L, 5L })]
    [InlineData(FilterOperator.Contains, "北", null, new[] { 2L, 4L })]
    [InlineData(FilterOperator.Empty, null, null, new[] { 3L })]
    [InlineData(FilterOperator.NotEmpty, null, null, new[] { 2L, 4L, 5L })]
    public void Filters_rows_on_text(FilterOperator op, string? value, string? to, long[] kept)
    {
        var rows = Run(Sample(), new TrimStep(), new FilterRowsStep { Column = "縣市", Operator = op, Value = value, To = to });
        Assert.Equal(kept, rows.Select(r => r.Number));
    }

    [Fact]
    public void Filters_rows_on_numbers_and_ISO_dates()
    {
        var table = Table.Of(["人數", "日期"], [["5", "2016-03-01"], ["50", "2017-01-01"], ["500", "2018-06-30T12:00:00"], ["x", "不詳"]]);
        Assert.Equal([3L, 4L], Run(table, new FilterRowsStep { Column = "人數", Operator = FilterOperator.GreaterThan, Value = "5" }).Select(r => r.Number));
        Assert.Equal([2L], Run(table, new FilterRowsStep { Column = "人數", Operator = FilterOperator.LessThan, Value = "10" }).Select(r => r.Number));
        Assert.Equal([3L, 4L], Run(table, new FilterRowsStep { Column = "日期", Operator = FilterOperator.Between, Value = "2017-01-01", To = "2018-12-31" }).Select(r => r.Number));
        Assert.Equal([2L, 5L], Run(table, new FilterRowsStep { Column = "日期", Operator = FilterOperator.Between, Value = "2017-01-01", To = "2018-12-31", Keep = false }).Select(r => r.Number));
    }

    [Fact]
    public void Settings_errors_name_the_step_the_field_and_what_to_fix()
    {
        var errors = PipelineSteps.Check(["A", "B", "C"],
        [
            new RenameColumnsStep { Names = new Dictionary<string, string> { ["X"] = "Y", ["A"] = "B" } },
            new ConvertRocDatesStep(),
            new FilterRowsStep { Column = "A", Operator = FilterOperator.Between, Value = "abc" },
            new ConvertNumbersStep { Columns = ["B"], Percent = "half" },
            new MapCodesStep { Maps = new Dictionary<string, IReadOnlyDictionary<string, string>>(), Unmapped = "drop" },
            new DecodeStep { Encoding = "latin-9" },
            new DropColumnsStep { Columns = ["A", "B", "C"] },
        ]);

        Assert.Contains(errors, e => e.Step == 0 && e.Field == "names" && e.En == "rename-columns: column 'X' is not in the table; columns are A, B, C");
        Assert.Contains(errors, e => e.Step == 0 && e.En == "rename-columns: after renaming, more than one column is named 'B'");
        Assert.Contains(errors, e => e.Step == 0 && e.Zh == "rename-columns：欄位「X」不在表格中；現有欄位為 A、B、C");
        Assert.Contains(errors, e => e.Step == 1 && e.En == "convert-roc-dates: list at least one column in 'columns'");
        Assert.Contains(errors, e => e.Step == 2 && e.Field == "value" && e.En.Contains("neither a number nor an ISO 8601 date", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Step == 2 && e.Field == "to");
        Assert.Contains(errors, e => e.Step == 3 && e.Field == "percent");
        Assert.Contains(errors, e => e.Step == 4 && e.Field == "maps");
        Assert.Contains(errors, e => e.Step == 4 && e.Field == "unmapped");
        Assert.Contains(errors, e => e.Step == 5 && e.Field == "encoding" && e.En.Contains("utf-8, big5", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Step == 5 && e.Field == "kind" && e.En == "decode: decode must be the first step");
        Assert.Contains(errors, e => e.Step == 6 && e.En == "drop-columns: cannot drop every column");
    }

    [Fact]
    public void Later_steps_are_checked_against_the_columns_earlier_steps_leave()
    {
        PipelineStep[] steps = [new RenameColumnsStep { Names = new Dictionary<string, string> { ["A"] = "甲" } }, new ConvertNumbersStep { Columns = ["A"] }];
        var error = Assert.Single(PipelineSteps.Check(["A", "B"], steps));
        Assert.Equal(1, error.Step);
        Assert.Equal("convert-numbers: column 'A' is not in the table; columns are 甲, B", error.En);
        var exception = Assert.Throws<PipelineSettingsException>(() => PipelineSteps.Apply(Table.Of(["A", "B"], []), steps, new PipelineLog()));
        Assert.Contains("step 2: convert-numbers", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Applying_steps_reads_nothing_until_rows_are_enumerated()
    {
        var read = 0;
        IEnumerable<TableRow> Rows()
        {
            for (var i = 0; i < 1_000_000; i++)
            {
                read++;
                yield return new TableRow(i + 2, ["105/03/01", "1,234"]);
            }
        }
        var table = PipelineSteps.Apply(new Table(["日期", "人數"], Rows()), [new ConvertRocDatesStep { Columns = ["日期"] }, new ConvertNumbersStep { Columns = ["人數"] }], new PipelineLog());

        Assert.Equal(0, read);
        Assert.Equal(["2016-03-01", "1234"], table.Rows.Take(3).Last().Values());
        Assert.Equal(3, read);
    }

    [Fact]
    public void Preview_shows_the_first_rows_after_each_step_with_warnings()
    {
        var table = Table.Of(["姓名", "身分證字號", "日期", "人數"],
        [
            ["王小明 ", "A123456789", "105/03/01", "1,234"],
            ["林美玲", "F131104093", "105/02/30", "△5"],
            ["陳大同", "B223456782", "1050301", "x"],
        ]);
        PipelineStep[] steps =
        [
            new TrimStep(),
            new ConvertRocDatesStep { Columns = ["日期"] },
            new ConvertNumbersStep { Columns = ["人數"] },
            new MaskColumnsStep { Columns = [new("身分證字號", MaskAs.NationalId)] },
        ];

        var preview = PipelineSteps.Preview(table, steps, rows: 2);

        Assert.True(preview.CanRun);
        Assert.Equal(2, preview.SourceRows.Count);
        Assert.Equal("王小明 ", preview.SourceRows[0][0]);
        Assert.Equal(["trim", "convert-roc-dates", "convert-numbers", "mask-columns"], preview.Steps.Select(s => s.Kind));
        Assert.Equal("王小明", preview.Steps[0].Rows[0][0]);
        Assert.Equal("105/03/01", preview.Steps[0].Rows[0][2]);
        Assert.Equal("2016-03-01", preview.Steps[1].Rows[0][2]);
        Assert.Equal("invalid-date", Assert.Single(preview.Steps[1].Issues).Code);
        Assert.Equal("1,234", preview.Steps[1].Rows[0][3]);
        Assert.Equal(["1234", "-5"], preview.Steps[2].Rows.Select(r => r[3]));
        Assert.Equal(["A12****789", "F13****093"], preview.Steps[3].Rows.Select(r => r[1]));
        // The names are still published as they are.
        var warning = Assert.Single(preview.PersonalData);
        Assert.Equal(("姓名", PersonalDataKind.PersonName), (warning.Column, warning.Kind));
    }

    [Fact]
    public void Preview_stops_at_a_step_whose_settings_do_not_fit()
    {
        var preview = PipelineSteps.Preview(Sample(), [new TrimStep(), new DropColumnsStep { Columns = ["不存在"] }, new TrimStep()]);

        Assert.False(preview.CanRun);
        Assert.Single(preview.Steps);
        Assert.Equal(1, Assert.Single(preview.SettingsErrors).Step);
        Assert.Empty(preview.PersonalData);
    }

    [Fact]
    public async Task Values_the_steps_set_on_rows_read_from_a_file_stay_right_in_rows_held_while_later_ones_are_read()
    {
        // 6,000 rows: the cells read and the values set share blocks, several of them.
        var csv = new System.Text.StringBuilder("序號,日期,薪資,姓名\n");
        for (var i = 1; i <= 6000; i++)
        {
            csv.Append(' ').Append(i).Append(" ,").Append(100 + i % 10).Append("/03/01,\"").Append(i.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append("\",王小明\n");
        }
        var table = await TableReader.OpenAsync(() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv.ToString())));
        var rows = Run(table, new TrimStep(), new ConvertRocDatesStep { Columns = ["日期"] }, new ConvertNumbersStep { Columns = ["序號", "薪資"] },
            new MaskColumnsStep { Columns = [new("姓名", MaskAs.Name)] });

        Assert.Equal(6000, rows.Count);
        Assert.Equal(["1", "2012-03-01", "1", "王○明"], rows[0].Values());
        Assert.Equal(["2999", "2020-03-01", "2999", "王○明"], rows[2998].Values());
        Assert.Equal(["6000", "2011-03-01", "6000", "王○明"], rows[^1].Values());
    }
}
