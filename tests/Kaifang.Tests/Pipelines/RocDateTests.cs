using Kaifang.Pipelines;

namespace Kaifang.Tests.Pipelines;

public class RocDateTests
{
    [Theory]
    [InlineData("105/03/01", "2016-03-01")]
    [InlineData("105-3-1", "2016-03-01")]
    [InlineData("105.03.01", "2016-03-01")]
    [InlineData("1050301", "2016-03-01")]
    [InlineData("0990101", "2010-01-01")]
    [InlineData("民國105年3月1日", "2016-03-01")]
    [InlineData("105年3月1日", "2016-03-01")]
    [InlineData("中華民國105年03月01日", "2016-03-01")]
    [InlineData(" 民國 105 年 3 月 1 日 ", "2016-03-01")]
    [InlineData("１０５／０３／０１", "2016-03-01")]
    [InlineData("99/12/31", "2010-12-31")]
    [InlineData("1/1/1", "1912-01-01")]
    [InlineData("105/02/29", "2016-02-29")]
    [InlineData("105/03/01 13:45", "2016-03-01T13:45:00")]
    [InlineData("105/03/01 13:45:30", "2016-03-01T13:45:30")]
    [InlineData("1050301 08:05", "2016-03-01T08:05:00")]
    [InlineData("105年3月1日 下午1:45", "2016-03-01T13:45:00")]
    [InlineData("105年3月1日下午12:10", "2016-03-01T12:10:00")]
    [InlineData("105年3月1日 上午12:10", "2016-03-01T00:10:00")]
    [InlineData("105年3月1日 13時45分", "2016-03-01T13:45:00")]
    public void Reads_ROC_dates_as_ISO_8601(string text, string iso)
    {
        Assert.Equal(RocDateForm.Valid, RocDate.TryParse(text, out _, out _));
        Assert.Equal(iso, RocDate.ToIso(text));
    }

    [Theory]
    [InlineData("105/02/30")]
    [InlineData("104/02/29")]
    [InlineData("105/13/01")]
    [InlineData("105/00/10")]
    [InlineData("1050230")]
    [InlineData("民國105年2月30日")]
    [InlineData("0/01/01")]
    [InlineData("105/03/01 24:00")]
    [InlineData("105/03/01 13:60")]
    public void An_ROC_date_that_names_no_day_is_invalid(string text)
    {
        Assert.Equal(RocDateForm.Invalid, RocDate.TryParse(text, out _, out _));
        Assert.Null(RocDate.ToIso(text));
    }

    [Theory]
    [InlineData("2016-03-01")]
    [InlineData("2016/3/1")]
    [InlineData("20160301")]
    [InlineData("")]
    [InlineData("不詳")]
    [InlineData("105")]
    [InlineData("105/03")]
    [InlineData("105/03-01")]
    [InlineData("105/03/01 abc")]
    [InlineData("1050301x")]
    public void Gregorian_dates_and_other_text_are_not_ROC_dates(string text) =>
        Assert.Equal(RocDateForm.None, RocDate.TryParse(text, out _, out _));

    [Fact]
    public void Shows_a_date_as_official_documents_write_it()
    {
        var date = RocDate.FromDate(new DateOnly(2026, 11, 29));
        Assert.Equal(115, date.Year);
        Assert.Equal("民國115年11月29日", date.ToString());
        Assert.Equal("2026-11-29", date.ToIsoString());
        Assert.Equal(new DateOnly(2026, 11, 29), date.ToDateOnly());
        Assert.Equal(115, RocDate.YearOf(2026));
    }

    [Fact]
    public void Refuses_a_day_that_does_not_exist() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RocDate(105, 2, 30));
}
