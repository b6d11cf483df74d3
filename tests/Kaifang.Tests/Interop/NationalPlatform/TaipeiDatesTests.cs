using Kaifang.Interop.NationalPlatform;

namespace Kaifang.Tests.Interop.NationalPlatform;

public sealed class TaipeiDatesTests
{
    [Theory]
    [InlineData("2016-03-01 10:00:00", "2016-03-01T02:00:00Z")]
    [InlineData("2016-03-01", "2016-02-29T16:00:00Z")]
    [InlineData("2016/3/1 下午 02:05:09", "2016-03-01T06:05:09Z")]
    [InlineData("2016/3/1 上午 12:30:00", "2016-02-29T16:30:00Z")]
    [InlineData("105-03-01", "2016-02-29T16:00:00Z")]
    [InlineData("105/03/01 10:00", "2016-03-01T02:00:00Z")]
    [InlineData("民國105年3月1日", "2016-02-29T16:00:00Z")]
    [InlineData("1050301", "2016-02-29T16:00:00Z")]
    [InlineData("20160301", "2016-02-29T16:00:00Z")]
    [InlineData("2016-03-01T10:00:00+08:00", "2016-03-01T02:00:00Z")]
    public void Reads_taiwan_local_time_as_utc(string text, string expectedUtc)
    {
        Assert.True(TaipeiDates.TryParse(text, out var utc));
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), utc);
        Assert.Equal(TimeSpan.Zero, utc!.Value.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Empty_is_no_date_and_no_error(string? text)
    {
        Assert.True(TaipeiDates.TryParse(text, out var utc));
        Assert.Null(utc);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2016-02-30")]
    [InlineData("2016-13-01")]
    [InlineData("2016-03-01 25:00:00")]
    public void Rejects_what_is_not_a_date(string text) => Assert.False(TaipeiDates.TryParse(text, out _));
}
