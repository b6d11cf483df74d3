using Kaifang.Pipelines;

namespace Kaifang.Tests.Pipelines;

public class TaiwanNumberTests
{
    private static readonly TaiwanNumber Reader = new();

    [Theory]
    [InlineData("1,234,567", "1234567")]
    [InlineData("1234567", "1234567")]
    [InlineData("1,234.50", "1234.5")]
    [InlineData("１２３", "123")]
    [InlineData("１，２３４．５", "1234.5")]
    [InlineData("(1,234)", "-1234")]
    [InlineData("（1,234）", "-1234")]
    [InlineData("△1,234", "-1234")]
    [InlineData("▲1,234", "-1234")]
    [InlineData("△ 0.5", "-0.5")]
    [InlineData("-1,234", "-1234")]
    [InlineData("−12", "-12")]
    [InlineData("+12", "12")]
    [InlineData("12.5%", "12.5")]
    [InlineData("12.5 ％", "12.5")]
    [InlineData("3.5萬", "35000")]
    [InlineData("1.2億", "120000000")]
    [InlineData("12萬", "120000")]
    [InlineData(".5", "0.5")]
    [InlineData("0", "0")]
    [InlineData(" 42 ", "42")]
    [InlineData("007", "7")]
    [InlineData("00", "0")]
    [InlineData("123456789012345678", "123456789012345678")]
    [InlineData("1234567890123456789", "1234567890123456789")]
    public void Reads_Taiwan_number_forms_as_plain_numbers(string text, string plain)
    {
        Assert.Equal(NumberForm.Number, Reader.TryParse(text, out var value));
        Assert.Equal(plain, value);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("—")]
    [InlineData("…")]
    [InlineData("x")]
    [InlineData("X")]
    [InlineData("")]
    [InlineData("  ")]
    public void Marks_for_no_figure_are_empty_not_zero(string text)
    {
        Assert.Equal(NumberForm.Empty, Reader.TryParse(text, out var value));
        Assert.Equal("", value);
    }

    [Fact]
    public void Digits_set_as_a_mark_for_no_figure_are_empty()
    {
        var reader = new TaiwanNumber(["0", "999"]);
        Assert.Equal(NumberForm.Empty, reader.TryParse("999", out _));
        Assert.Equal(NumberForm.Empty, reader.TryParse("0", out _));
        Assert.Equal(NumberForm.Number, reader.TryParse("42", out var plain));
        Assert.Equal("42", plain);
    }

    [Theory]
    [InlineData("1,23")]
    [InlineData("12,3456")]
    [InlineData("1.2.3")]
    [InlineData("abc")]
    [InlineData("12元")]
    [InlineData("5.")]
    [InlineData("1,234,56")]
    [InlineData("萬")]
    public void Text_that_is_not_a_number_is_not_read_as_one(string text) =>
        Assert.Equal(NumberForm.NotNumber, Reader.TryParse(text, out _));

    [Fact]
    public void Percent_can_be_a_fraction_and_units_and_empty_marks_are_settings()
    {
        var reader = new TaiwanNumber(emptyMarkers: ["NA"], units: new Dictionary<string, decimal> { ["千元"] = 1000m, ["元"] = 1m }, percentAsFraction: true);
        Assert.Equal(NumberForm.Number, reader.TryParse("12.5%", out var fraction));
        Assert.Equal("0.125", fraction);
        Assert.Equal(NumberForm.Number, reader.TryParse("1,500千元", out var thousands));
        Assert.Equal("1500000", thousands);
        Assert.Equal(NumberForm.Number, reader.TryParse("80元", out var yuan));
        Assert.Equal("80", yuan);
        Assert.Equal(NumberForm.Empty, reader.TryParse("NA", out _));
        // "-" is no longer a mark for no figure, and is not a number either.
        Assert.Equal(NumberForm.NotNumber, reader.TryParse("-", out _));
        Assert.Equal(NumberForm.NotNumber, reader.TryParse("3萬", out _));
    }
}
