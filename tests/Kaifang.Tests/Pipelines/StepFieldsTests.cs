using Kaifang.Pipelines;

namespace Kaifang.Tests.Pipelines;

/// A step through the back office's form and back: what the API saved comes out the same, and what a
/// person typed wrong is told field by field.
public class StepFieldsTests
{
    [Theory]
    [InlineData("""{"kind":"decode","format":"csv","encoding":"big5","delimiter":"\t"}""")]
    [InlineData("""{"kind":"decode","format":"xlsx","encoding":"auto","delimiter":null}""")]
    [InlineData("""{"kind":"trim","columns":["縣市"," 年度"],"header":false}""")]
    [InlineData("""{"kind":"trim","columns":null,"header":true}""")]
    [InlineData("""{"kind":"drop-empty-rows"}""")]
    [InlineData("""{"kind":"rename-columns","names":{"縣市別":"縣市","年度":"year"}}""")]
    [InlineData("""{"kind":"reorder-columns","columns":["年度","縣市"],"others":"drop"}""")]
    [InlineData("""{"kind":"drop-columns","columns":["身分證字號"]}""")]
    [InlineData("""{"kind":"mask-columns","columns":[{"name":"身分證字號","as":"national-id"},{"name":"姓名","as":"name"},{"name":"備註","as":"auto"}]}""")]
    [InlineData("""{"kind":"convert-roc-dates","columns":["投保日期","退保日期"]}""")]
    [InlineData("""{"kind":"convert-numbers","columns":["人數"],"emptyMarkers":["-","＊"],"units":{"萬":10000,"千元":1000.5},"percent":"fraction"}""")]
    [InlineData("""{"kind":"convert-numbers","columns":["人數"],"emptyMarkers":null,"units":null,"percent":"number"}""")]
    [InlineData("""{"kind":"map-codes","maps":{"性別":{"1":"男","2":"女"},"身分":{"A":"本國籍","B":"外國籍=其他"}},"unmapped":"flag"}""")]
    [InlineData("""{"kind":"filter-rows","column":"年度","operator":"between","value":"105","to":"110","keep":false}""")]
    [InlineData("""{"kind":"filter-rows","column":"備註","operator":"not-empty","value":null,"to":null,"keep":true}""")]
    [InlineData("""{"kind":"filter-rows","column":"日期","operator":">=","value":"2016-01-01","to":null,"keep":true}""")]
    public void A_step_saved_through_the_API_comes_back_the_same_through_the_form(string json)
    {
        var step = PipelineSteps.Deserialize($"[{json}]")[0];
        var fields = StepFields.Of(step);
        var back = fields.ToStep(out var errors);
        Assert.Empty(errors);
        Assert.Equal(PipelineSteps.Serialize([step]), PipelineSteps.Serialize([back!]));
    }

    [Fact]
    public void Every_kind_of_the_library_is_offered_and_a_new_one_has_a_row_to_type_in()
    {
        var kinds = typeof(PipelineStep).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(PipelineStep)) && !t.IsAbstract)
            .Select(t => ((PipelineStep)Activator.CreateInstance(t)!).Kind);
        Assert.Equal(kinds.Order(StringComparer.Ordinal), StepFields.Kinds.Order(StringComparer.Ordinal));
        Assert.Single(StepFields.New("rename-columns").Names);
        Assert.Single(StepFields.New("mask-columns").Masks);
        Assert.Single(StepFields.New("map-codes").Maps);
        Assert.Equal("trim", StepFields.New("no-such-kind").Kind);
    }

    [Fact]
    public void What_is_typed_wrong_is_told_by_field()
    {
        static IReadOnlyList<StepSettingsError> Errors(StepFields fields)
        {
            Assert.Null(fields.ToStep(out var errors));
            return errors;
        }

        Assert.Equal(["columns"], Errors(new StepFields { Kind = "convert-roc-dates", Columns = "\n  \n" }).Select(e => e.Field));
        var units = Errors(new StepFields { Kind = "convert-numbers", Columns = "人數", Units = "萬=10000\n億\n千=一千" });
        Assert.Equal(["units", "units"], units.Select(e => e.Field));
        Assert.Contains("單位=倍數", units[0].Zh, StringComparison.Ordinal);
        Assert.Contains("'一千' is not a number", units[1].En, StringComparison.Ordinal);

        var names = Errors(new StepFields { Kind = "rename-columns", Names = [new() { From = "縣市", To = "縣" }, new() { From = "", To = "年" }, new() { From = "縣市", To = "x" }, new() { From = "年度", To = " " }, new()] });
        Assert.Equal(3, names.Count);
        Assert.All(names, e => Assert.Equal("names", e.Field));
        Assert.Contains("Row 2: enter the column to rename", names[0].En, StringComparison.Ordinal);
        Assert.Contains("Row 3: column '縣市' is renamed above already", names[1].En, StringComparison.Ordinal);
        Assert.Contains("Row 4: enter the new name of column '年度'", names[2].En, StringComparison.Ordinal);
        Assert.Equal(["names"], Errors(new StepFields { Kind = "rename-columns", Names = [new()] }).Select(e => e.Field));

        var maps = Errors(new StepFields { Kind = "map-codes", Maps = [new() { Column = "性別", Codes = "1=男\n2\n1=女" }, new() { Column = "", Codes = "A=甲" }] });
        Assert.Equal(3, maps.Count);
        Assert.Contains("code=label", maps[0].En, StringComparison.Ordinal);
        Assert.Contains("written twice", maps[1].En, StringComparison.Ordinal);

        var filter = Errors(new StepFields { Kind = "filter-rows", Column = "", Operator = "between", Value = "abc", To = "" });
        Assert.Equal(["column", "to", "value"], filter.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Contains("neither a number nor an ISO 8601 date", filter.Single(e => e.Field == "value").En, StringComparison.Ordinal);

        Assert.Equal(["encoding"], Errors(new StepFields { Kind = "decode", Format = "csv", Encoding = "latin-9" }).Select(e => e.Field));
        Assert.Equal(["kind"], Errors(new StepFields { Kind = "guess" }).Select(e => e.Field));
    }
}
