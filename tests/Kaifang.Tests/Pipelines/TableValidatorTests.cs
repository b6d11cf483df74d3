using Kaifang.Pipelines;

namespace Kaifang.Tests.Pipelines;

public class TableValidatorTests
{
    private const string Schema = """
        {
          "fields": [
            {"name": "編號", "type": "integer", "constraints": {"required": true, "unique": true, "minimum": 1}},
            {"name": "縣市", "type": "string", "constraints": {"enum": ["臺北市", "新北市"]}},
            {"name": "人數", "type": "number", "constraints": {"minimum": 0, "maximum": 1000}},
            {"name": "日期", "type": "date", "constraints": {"minimum": "2016-01-01"}},
            {"name": "代碼", "type": "string", "constraints": {"pattern": "[A-Z]\\d{2}", "minLength": 3, "maxLength": 3}}
          ],
          "primaryKey": ["縣市", "日期"]
        }
        """;

    private static readonly string[] Header = ["編號", "縣市", "人數", "日期", "代碼"];

    private static ValidationReport Validate(IReadOnlyList<string> header, params string[][] rows) =>
        TableValidator.Validate(Table.Of(header, rows), TableSchema.Parse(Schema));

    private static ValidationError Only(ValidationReport report, string type) => Assert.Single(report.Errors, e => e.Type == type);

    [Fact]
    public void A_table_that_follows_its_schema_is_valid()
    {
        var report = Validate(Header, ["1", "臺北市", "12.5", "2016-03-01", "A01"], ["2", "新北市", "0", "2016-03-01", "B12"]);
        Assert.True(report.Valid, report.Summary());
        Assert.Equal(2, report.RowsChecked);
    }

    [Fact]
    public void Header_problems_are_reported_on_row_1_with_the_field_position()
    {
        var report = Validate(["編號", "", "編號", "日期"], ["1", "臺北市", "1", "2016-03-01"]);

        var blank = Only(report, "blank-label");
        Assert.Equal((1L, 2, "縣市"), (blank.RowNumber!.Value, blank.FieldPosition!.Value, blank.FieldName));
        var duplicate = Only(report, "duplicate-label");
        Assert.Equal((1L, 3), (duplicate.RowNumber!.Value, duplicate.FieldPosition!.Value));
        Assert.Equal("label '編號' of column 3 repeats that of column 1", duplicate.En);
        var incorrect = Only(report, "incorrect-label");
        Assert.Equal((3, "人數", "編號"), (incorrect.FieldPosition!.Value, incorrect.FieldName, incorrect.Cell));
        var missing = Only(report, "missing-label");
        Assert.Equal((5, "代碼"), (missing.FieldPosition!.Value, missing.FieldName));
    }

    [Fact]
    public void Extra_and_blank_headers()
    {
        var extra = Validate([.. Header, "備註"], ["1", "臺北市", "1", "2016-03-01", "A01", "x"]);
        Assert.Equal(6, Only(extra, "extra-label").FieldPosition);
        Assert.Equal(1, extra.CountsByType["extra-label"]);
        var blank = Validate(["", " "]);
        Assert.Equal(1, Only(blank, "blank-header").RowNumber);
    }

    [Fact]
    public void Row_structure_problems_carry_row_and_field()
    {
        var report = Validate(Header,
            ["1", "臺北市", "1", "2016-03-01", "A01"],
            ["", "", "", "", ""],
            ["3", "新北市", "1"],
            ["4", "臺北市", "1", "2017-03-01", "A01", "多的"]);

        Assert.Equal(3, Only(report, "blank-row").RowNumber);
        var missing = report.Errors.Where(e => e.Type == "missing-cell").ToList();
        Assert.Equal([(4L, 4, "日期"), (4L, 5, "代碼")], missing.Select(e => (e.RowNumber!.Value, e.FieldPosition!.Value, e.FieldName!)));
        var extra = Only(report, "extra-cell");
        Assert.Equal((5L, 6, "多的"), (extra.RowNumber!.Value, extra.FieldPosition!.Value, extra.Cell!));
    }

    [Fact]
    public void Type_errors_say_which_cell_is_not_of_its_type()
    {
        var report = Validate(Header, ["一", "臺北市", "1,234", "105/03/01", "A01"]);
        Assert.Equal(3, report.Errors.Count(e => e.Type == "type-error"));
        var number = Assert.Single(report.Errors, e => e.FieldName == "人數");
        Assert.Equal(("type-error", 2L, 3, "1,234"), (number.Type, number.RowNumber!.Value, number.FieldPosition!.Value, number.Cell!));
        Assert.Equal("row 2, field '人數': '1,234' is not a number value", number.En);
    }

    [Theory]
    [InlineData("", "臺北市", "1", "2016-03-01", "A01", "required", 1)]
    [InlineData("0", "臺北市", "1", "2016-03-01", "A01", "minimum", 1)]
    [InlineData("1", "高雄市", "1", "2016-03-01", "A01", "enum", 2)]
    [InlineData("1", "臺北市", "1000.5", "2016-03-01", "A01", "maximum", 3)]
    [InlineData("1", "臺北市", "1", "2015-12-31", "A01", "minimum", 4)]
    [InlineData("1", "臺北市", "1", "2016-03-01", "a01", "pattern", 5)]
    [InlineData("1", "臺北市", "1", "2016-03-01", "A0", "minLength", 5)]
    [InlineData("1", "臺北市", "1", "2016-03-01", "A012", "maxLength", 5)]
    public void Constraint_errors_name_the_constraint(string id, string city, string count, string date, string code, string constraint, int position)
    {
        var report = Validate(Header, [id, city, count, date, code]);
        var error = Assert.Single(report.Errors, e => e.Constraint == constraint);
        Assert.Equal(("constraint-error", 2L, position), (error.Type, error.RowNumber!.Value, error.FieldPosition!.Value));
    }

    [Fact]
    public void Unique_and_primary_key_repeats_point_at_the_first_row()
    {
        var report = Validate(Header,
            ["1", "臺北市", "1", "2016-03-01", "A01"],
            ["2", "新北市", "1", "2016-03-01", "A01"],
            ["1", "臺北市", "1", "2016-03-01", "A01"]);

        var unique = Only(report, "unique-error");
        Assert.Equal((4L, 1, "編號"), (unique.RowNumber!.Value, unique.FieldPosition!.Value, unique.FieldName!));
        Assert.Contains("repeats row 2", unique.En, StringComparison.Ordinal);
        var key = Only(report, "primary-key-error");
        Assert.Equal(4L, key.RowNumber);
        Assert.Equal("row 4: primary key (縣市, 日期) value '臺北市, 2016-03-01' repeats row 2", key.En);
    }

    [Fact]
    public void Values_equal_as_their_type_count_as_repeats()
    {
        var report = Validate(Header, ["1", "臺北市", "1", "2016-03-01", "A01"], ["+1", "新北市", "1", "2016-03-02", "A01"]);
        Assert.Equal(3, Only(report, "unique-error").RowNumber);
    }

    [Theory]
    [InlineData("7", "07")]
    [InlineData("007", "7")]
    [InlineData("12", "12")]
    public void Integers_repeat_whether_written_with_leading_zeros_or_not(string first, string second)
    {
        var report = Validate(Header, [first, "臺北市", "1", "2016-03-01", "A01"], [second, "新北市", "1", "2016-03-02", "A01"]);
        Assert.Equal(3, Only(report, "unique-error").RowNumber);
    }

    [Fact]
    public void Types_and_formats_of_the_spec()
    {
        var schema = TableSchema.Parse("""
            {"fields": [
              {"name": "b", "type": "boolean", "trueValues": ["是"], "falseValues": ["否"]},
              {"name": "d", "type": "date", "format": "%Y/%m/%d"},
              {"name": "t", "type": "datetime"},
              {"name": "y", "type": "year"},
              {"name": "ym", "type": "yearmonth"},
              {"name": "n", "type": "number", "groupChar": ",", "bareNumber": false},
              {"name": "e", "type": "string", "format": "email"},
              {"name": "g", "type": "geopoint"}
            ], "missingValues": ["", "-"]}
            """);
        var good = Table.Of(["b", "d", "t", "y", "ym", "n", "e", "g"],
            [["是", "2016/03/01", "2016-03-01T13:45:00Z", "2016", "2016-03", "1,234.5%", "a@example.com", "121.5, 25.0"], ["否", "-", "2016-03-01T13:45:00+08:00", "-", "-", "-", "-", "-"]]);
        Assert.True(TableValidator.Validate(good, schema).Valid, TableValidator.Validate(good, schema).Summary());

        var bad = Table.Of(["b", "d", "t", "y", "ym", "n", "e", "g"],
            [["true", "2016-03-01", "2016-03-01", "16", "2016-13", "abc", "not-mail", "200, 25"]]);
        var report = TableValidator.Validate(bad, schema);
        Assert.Equal(8, report.CountsByType["type-error"]);
    }

    [Fact]
    public void Typed_values_compare_and_repeat_as_the_values_they_stand_for()
    {
        // Each kind against its constraints, and repeats found by value, not by how the cell is written:
        // 2016-03-01T13:45:00+08:00 is 05:45 UTC; 1.50 is 1.5.
        var schema = TableSchema.Parse("""
            {"fields": [
              {"name": "t", "type": "datetime", "constraints": {"unique": true, "minimum": "2016-01-01T00:00:00Z"}},
              {"name": "n", "type": "number", "constraints": {"unique": true, "enum": [1.5, 2, 3]}},
              {"name": "b", "type": "boolean", "constraints": {"enum": [true]}},
              {"name": "d", "type": "duration", "constraints": {"maximum": "PT1H"}},
              {"name": "s", "type": "string", "constraints": {"enum": ["甲", "乙"]}}
            ]}
            """);
        var table = Table.Of(["t", "n", "b", "d", "s"],
        [
            ["2016-03-01T05:45:00Z", "1.5", "true", "PT30M", "甲"],
            ["2016-03-01T13:45:00+08:00", "1.50", "true", "PT1H", "乙"],
            ["2015-12-31T23:59:59Z", "4", "false", "PT2H", "丙"],
        ]);
        var report = TableValidator.Validate(table, schema);

        Assert.Equal(
            [
                "unique-error 3 t", "unique-error 3 n",
                "constraint-error 4 t minimum", "constraint-error 4 n enum", "constraint-error 4 b enum", "constraint-error 4 d maximum", "constraint-error 4 s enum",
            ],
            report.Errors.Select(e => $"{e.Type} {e.RowNumber} {e.FieldName}{(e.Constraint is null ? "" : " " + e.Constraint)}"));
        Assert.Contains("(1.5, 2, 3)", report.Errors.Single(e => e.Constraint == "enum" && e.FieldName == "n").En, StringComparison.Ordinal);
        Assert.Equal(1.5, schema.Fields[1].Enum![0]);
        Assert.Equal(new DateTimeOffset(2016, 1, 1, 0, 0, 0, TimeSpan.Zero), schema.Fields[0].Minimum);
    }

    [Fact]
    public void Errors_past_the_limit_are_counted_but_not_kept()
    {
        var rows = Enumerable.Range(0, 50).Select(i => new[] { "x", "臺北市", "1", "2016-03-01", "A01" }).ToArray();
        var report = TableValidator.Validate(Table.Of(Header, rows), TableSchema.Parse(Schema), maxErrors: 10);
        Assert.Equal(10, report.Errors.Count);
        Assert.Equal(50 + 49, report.ErrorCount);
        Assert.Equal(50, report.CountsByType["type-error"]);
    }

    [Theory]
    [InlineData("[]", "'fields' array")]
    [InlineData("""{"fields":[{"name":"a","type":"text"}]}""", "type 'text'")]
    [InlineData("""{"fields":[{"name":"a"}],"primaryKey":"b"}""", "primaryKey 'b'")]
    [InlineData("""{"fields":[{"name":"a","type":"integer","constraints":{"minimum":"x"}}]}""", "minimum 'x'")]
    [InlineData("{", "not valid JSON")]
    public void A_schema_that_cannot_be_used_says_why(string json, string reason)
    {
        var error = Assert.Throws<TableSchemaException>(() => TableSchema.Parse(json));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(error.Zh);
    }

    [Fact]
    public void Validation_follows_the_rows_a_pipeline_writes()
    {
        var validator = new TableValidator(TableSchema.Parse(Schema));
        validator.CheckHeader(Header);
        var table = PipelineSteps.Apply(Table.Of(Header, [["1", "臺北市", "1,234", "105/03/01", "A01"]]),
            [new ConvertNumbersStep { Columns = ["人數"] }, new ConvertRocDatesStep { Columns = ["日期"] }], new PipelineLog());

        var written = validator.Watch(table.Rows).ToList();

        Assert.Single(written);
        var report = validator.Report();
        Assert.Equal("maximum", Assert.Single(report.Errors).Constraint);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Repeats_past_the_memory_limit_are_found_on_disk_with_the_same_rows_and_messages(int memoryLimit)
    {
        string[][] rows =
        [
            ["1", "臺北市", "1", "2016-03-01", "A01"],
            ["2", "新北市", "1", "2016-03-01", "A01"],
            ["3", "臺北市", "1", "2016-03-02", "A01"],
            ["1", "臺北市", "1", "2016-03-01", "A01"],
            ["4", "新北市", "1", "2016-03-01", "A01"],
            ["+3", "新北市", "1", "2016-03-03", "A01"],
            ["5", "新北市", "1", "2016-03-04", "A01"],
        ];
        var schema = TableSchema.Parse(Schema);
        var inMemory = TableValidator.Validate(Table.Of(Header, rows), schema);
        var directory = Directory.CreateTempSubdirectory("kaifang-validator-");
        try
        {
            using var validator = new TableValidator(schema, spillDirectory: directory.FullName, memoryLimit: memoryLimit);
            validator.CheckHeader(Header);
            foreach (var row in Table.Of(Header, rows).Rows)
            {
                validator.CheckRow(row);
            }
            var onDisk = validator.Report();

            Assert.Equal(inMemory.CountsByType, onDisk.CountsByType);
            Assert.Equal(4, inMemory.ErrorCount);
            Assert.Equal(
                inMemory.Errors.Select(e => (e.Type, e.RowNumber, e.En)).Order(),
                onDisk.Errors.Select(e => (e.Type, e.RowNumber, e.En)).Order());
            // The files are gone once the report is made.
            Assert.Empty(directory.EnumerateFileSystemInfos("*", SearchOption.AllDirectories));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Values_on_disk_are_compared_whole_so_no_value_is_taken_for_another()
    {
        var schema = TableSchema.Parse("""{"fields": [{"name": "代碼", "type": "string", "constraints": {"unique": true}}], "primaryKey": ["代碼"]}""");
        // Many distinct values spread over every file, two of them repeated; lone surrogates must not collide.
        var values = Enumerable.Range(0, 5000).Select(i => $"v{i}").Concat(["\uD800", "\uDC00", "v17", "v4321"]).ToList();
        var directory = Directory.CreateTempSubdirectory("kaifang-validator-");
        try
        {
            using var validator = new TableValidator(schema, maxErrors: 3, spillDirectory: directory.FullName, memoryLimit: 10);
            validator.CheckHeader(["代碼"]);
            for (var i = 0; i < values.Count; i++)
            {
                validator.CheckRow(new TableRow(i + 2, [values[i]]));
            }
            var report = validator.Report();

            Assert.Equal(2, report.CountsByType["unique-error"]);
            Assert.Equal(2, report.CountsByType["primary-key-error"]);
            Assert.Equal(3, report.Errors.Count);
            Assert.Equal(
                ["row 5004, field '代碼': 'v17' repeats row 19; the field is unique", "row 5004: primary key (代碼) value 'v17' repeats row 19", "row 5005, field '代碼': 'v4321' repeats row 4323; the field is unique"],
                report.Errors.Select(e => e.En));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
