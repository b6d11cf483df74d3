using Kaifang.Feedback;
using Microsoft.Extensions.Time.Testing;

namespace Kaifang.Tests.Feedback;

public sealed class SenderLimitTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset MinutesAgo(double minutes) => Now.AddMinutes(-minutes);

    [Fact]
    public void Under_the_limit_one_more_may_be_sent()
    {
        var limit = new SenderLimit(3, new FakeTimeProvider(Now));
        Assert.Null(limit.MinutesToWait([]));
        Assert.Null(limit.MinutesToWait([MinutesAgo(50), MinutesAgo(10)]));
    }

    [Fact]
    public void At_the_limit_the_wait_runs_until_the_oldest_sending_in_the_hour_is_an_hour_old()
    {
        var limit = new SenderLimit(2, new FakeTimeProvider(Now));
        // The sending of 90 minutes ago no longer counts; the one of 50 minutes ago frees its place in 10 minutes.
        Assert.Equal(10, limit.MinutesToWait([MinutesAgo(90), MinutesAgo(50), MinutesAgo(5)]));
        Assert.Equal(3, limit.MinutesToWait([MinutesAgo(5), MinutesAgo(57.5)]));
    }

    [Fact]
    public void A_sending_exactly_an_hour_old_no_longer_counts_and_the_wait_is_never_under_a_minute()
    {
        var clock = new FakeTimeProvider(Now);
        var limit = new SenderLimit(2, clock);
        DateTimeOffset[] sent = [MinutesAgo(20), MinutesAgo(1)];
        Assert.Equal(40, limit.MinutesToWait(sent));

        clock.Advance(TimeSpan.FromMinutes(40) - TimeSpan.FromSeconds(1));
        Assert.Equal(1, limit.MinutesToWait(sent));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(limit.MinutesToWait(sent));
    }

    [Fact]
    public void A_limit_of_none_lets_nothing_through_for_an_hour()
    {
        var limit = new SenderLimit(0, new FakeTimeProvider(Now));
        Assert.Equal(60, limit.MinutesToWait([]));
    }

    [Fact]
    public void Senders_are_told_apart_by_their_address_which_is_not_kept_and_those_without_one_share_a_limit()
    {
        var one = SenderLimit.SenderOf("203.0.113.5");
        Assert.Equal(one, SenderLimit.SenderOf("203.0.113.5"));
        Assert.NotEqual(one, SenderLimit.SenderOf("203.0.113.6"));
        Assert.NotEqual(one, SenderLimit.SenderOf("2001:db8::5"));
        Assert.DoesNotContain("203.0.113.5", one, StringComparison.Ordinal);
        Assert.Equal(64, one.Length);

        Assert.Equal(SenderLimit.SenderOf(null), SenderLimit.SenderOf(""));
        Assert.NotEqual(one, SenderLimit.SenderOf(null));
    }
}
