using Kaifang.Interop.Harvesting;

namespace Kaifang.Tests.Interop.Harvesting;

public sealed class HarvestScheduleTests
{
    [Theory]
    [InlineData("daily", "0 30 2 * * ?")]
    [InlineData("Weekly", "0 30 3 ? * SUN")]
    [InlineData("", "")]
    [InlineData("0 0 6 * * ?", "0 0 6 * * ?")]
    public void Named_schedules_and_cron_expressions_are_accepted(string schedule, string cron) =>
        Assert.Equal(cron, HarvestSources.CronOf(schedule));

    [Theory]
    [InlineData("every night")]
    [InlineData("0 0 2 * *")]
    [InlineData("x 0 2 * * ?")]
    [InlineData("0 0 2 31 2 ?")]
    public void Anything_else_is_refused(string schedule) => Assert.Null(HarvestSources.CronOf(schedule));

    [Fact]
    public void A_run_due_while_kaifang_was_down_is_made_up_once()
    {
        // Daily at 02:30 Taiwan time is 18:30 UTC the day before.
        var source = new HarvestSource { Name = "n", Title = "t", Url = "https://x", Schedule = "0 30 2 * * ?", HarvestedUntil = new DateTimeOffset(2026, 11, 27, 18, 40, 0, TimeSpan.Zero) };
        Assert.False(HarvestSchedule.Missed(source, new DateTimeOffset(2026, 11, 28, 18, 0, 0, TimeSpan.Zero)));
        Assert.True(HarvestSchedule.Missed(source, new DateTimeOffset(2026, 11, 28, 19, 0, 0, TimeSpan.Zero)));
        source.HarvestedUntil = null;
        Assert.False(HarvestSchedule.Missed(source, new DateTimeOffset(2026, 11, 28, 19, 0, 0, TimeSpan.Zero)));
    }
}
