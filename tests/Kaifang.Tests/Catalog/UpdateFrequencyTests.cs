using Kaifang.Catalog;

namespace Kaifang.Tests.Catalog;

public class UpdateFrequencyTests
{
    [Theory]
    [InlineData("每1月", UpdateFrequencyKind.Periodic, 1, FrequencyUnit.Month)]
    [InlineData("每3月", UpdateFrequencyKind.Periodic, 3, FrequencyUnit.Month)]
    [InlineData("每1年", UpdateFrequencyKind.Periodic, 1, FrequencyUnit.Year)]
    [InlineData("每1日", UpdateFrequencyKind.Periodic, 1, FrequencyUnit.Day)]
    [InlineData("每2週", UpdateFrequencyKind.Periodic, 2, FrequencyUnit.Week)]
    [InlineData("每1季", UpdateFrequencyKind.Periodic, 1, FrequencyUnit.Quarter)]
    [InlineData("每6個月", UpdateFrequencyKind.Periodic, 6, FrequencyUnit.Month)]
    [InlineData("不定期更新", UpdateFrequencyKind.Irregular, 0, FrequencyUnit.None)]
    [InlineData("即時", UpdateFrequencyKind.RealTime, 0, FrequencyUnit.None)]
    public void Parses_the_national_platform_vocabulary(string text, UpdateFrequencyKind kind, int interval, FrequencyUnit unit)
    {
        Assert.True(UpdateFrequency.TryParse(text, out var f));
        Assert.Equal(new UpdateFrequency(kind, interval, unit), f);
    }

    [Theory]
    [InlineData("每1月")]
    [InlineData("每3月")]
    [InlineData("不定期更新")]
    [InlineData("即時")]
    [InlineData("每1年")]
    public void Writes_back_what_it_read(string text) => Assert.Equal(text, UpdateFrequency.Parse(text).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("monthly")]
    [InlineData("每0月")]
    [InlineData("每月月")]
    public void Refuses_what_it_does_not_understand(string text) => Assert.False(UpdateFrequency.TryParse(text, out _));

    [Fact]
    public void A_monthly_dataset_expects_about_a_month_between_updates() =>
        Assert.InRange(UpdateFrequency.Parse("每1月").Period!.Value.TotalDays, 30, 31);

    [Fact]
    public void Irregular_has_no_period() => Assert.Null(UpdateFrequency.Irregular.Period);
}
