using Kaifang.Quality;

namespace Kaifang.Tests.Quality;

/// The broken rule with worked examples, at times the test chooses (docs/quality.md).
public sealed class BrokenLinkRuleTests
{
    private static readonly BrokenLinkRule Rule = new(3, TimeSpan.FromHours(24));
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 19, 0, 0, TimeSpan.Zero);

    private static LinkProbe Ok => new() { Url = "https://www.mol.gov.tw/a.csv", Status = LinkStatus.Ok, HttpStatus = 200 };
    private static LinkProbe Fails => LinkProbe.Failed("https://www.mol.gov.tw/a.csv", LinkFailure.HttpError, "answered 404") with { HttpStatus = 404 };

    private static LinkCheck New() => new() { ResourceId = Guid.NewGuid(), Url = "https://www.mol.gov.tw/a.csv" };

    [Fact]
    public void A_link_that_failed_once_is_failing_not_broken()
    {
        var check = New();
        check.Record(Fails, Start, Rule);
        Assert.Equal(LinkStatus.Failed, check.LastStatus);
        Assert.Equal(1, check.ConsecutiveFailures);
        Assert.Equal(Start, check.FirstFailureAt);
        Assert.False(check.IsBroken);
    }

    [Fact]
    public void Three_failures_within_a_day_are_not_yet_broken()
    {
        var check = New();
        check.Record(Fails, Start, Rule);
        check.Record(Fails, Start.AddHours(1), Rule);
        check.Record(Fails, Start.AddHours(23), Rule);
        Assert.Equal(3, check.ConsecutiveFailures);
        Assert.False(check.IsBroken);
    }

    [Fact]
    public void Three_daily_failures_make_a_link_broken()
    {
        var check = New();
        check.Record(Fails, Start, Rule);
        check.Record(Fails, Start.AddDays(1), Rule);
        Assert.False(check.IsBroken);
        check.Record(Fails, Start.AddDays(2), Rule);
        Assert.True(check.IsBroken);
        Assert.Equal(Start, check.FirstFailureAt);
    }

    [Fact]
    public void Two_failures_a_day_apart_are_not_enough_failures()
    {
        var check = New();
        check.Record(Fails, Start, Rule);
        check.Record(Fails, Start.AddDays(5), Rule);
        Assert.False(check.IsBroken);
    }

    [Fact]
    public void A_success_resets_the_count_and_keeps_when_it_worked()
    {
        var check = New();
        check.Record(Fails, Start, Rule);
        check.Record(Fails, Start.AddDays(1), Rule);
        check.Record(Fails, Start.AddDays(2), Rule);
        Assert.True(check.IsBroken);
        check.Record(Ok, Start.AddDays(3), Rule);
        Assert.False(check.IsBroken);
        Assert.Equal(0, check.ConsecutiveFailures);
        Assert.Null(check.FirstFailureAt);
        Assert.Equal(Start.AddDays(3), check.LastSuccessAt);
        check.Record(Fails, Start.AddDays(4), Rule);
        Assert.Equal(Start.AddDays(4), check.FirstFailureAt);
        Assert.False(check.IsBroken);
    }

    [Fact]
    public void A_refused_link_counts_as_failing()
    {
        var check = New();
        var refused = LinkProbe.Failed("http://10.0.0.1/a.csv", LinkFailure.NetworkRefused, "10.0.0.1 is a private address");
        Assert.Equal(LinkStatus.Refused, refused.Status);
        check.Record(refused, Start, Rule);
        check.Record(refused, Start.AddDays(1), Rule);
        check.Record(refused, Start.AddDays(2), Rule);
        Assert.True(check.IsBroken);
    }

    [Theory]
    [InlineData(1, 0, 1, 0, true)]
    [InlineData(1, 0, 0, 0, false)]
    [InlineData(2, 12, 2, 11, false)]
    [InlineData(2, 12, 2, 12, true)]
    [InlineData(2, 12, 5, 12, true)]
    public void The_rule_is_configurable(int failures, int hours, int consecutive, int spanHours, bool broken)
    {
        var rule = new BrokenLinkRule(failures, TimeSpan.FromHours(hours));
        Assert.Equal(broken, rule.IsBroken(consecutive, consecutive == 0 ? null : Start, Start.AddHours(spanHours)));
    }
}
