using Kaifang.Feedback;

namespace Kaifang.Tests.Feedback;

/// S14.5's ratio and the S15 bonus inputs, with numbers worked out by hand.
public sealed class FeedbackFiguresTests
{
    [Fact]
    public void Ratio_average_and_distribution_of_five_comments()
    {
        var today = new DateOnly(2026, 3, 20);
        List<FeedbackStatistics.Row> rows =
        [
            // Received 1 Mar, due 6 Mar, replied 3 Mar: day 3, on time.
            new(1, new DateOnly(2026, 3, 6), new DateOnly(2026, 3, 3), 3),
            // Received 2 Mar, due 7 Mar, replied 7 Mar: day 6, on time (the last day counts).
            new(1, new DateOnly(2026, 3, 7), new DateOnly(2026, 3, 7), 6),
            // Received 3 Mar, due 8 Mar, replied 10 Mar: day 8, late.
            new(1, new DateOnly(2026, 3, 8), new DateOnly(2026, 3, 10), 8),
            // Received 4 Mar, due 9 Mar, no reply by 20 Mar: overdue, counted as not on time.
            new(1, new DateOnly(2026, 3, 9), null, null),
            // Received 19 Mar, due 24 Mar, no reply yet: pending, not counted either way.
            new(1, new DateOnly(2026, 3, 24), null, null),
        ];
        var f = FeedbackStatistics.Figures("BLI", "勞動部勞工保險局", "Bureau of Labor Insurance", rows, today, 6);
        Assert.Equal(5, f.Received);
        Assert.Equal(1, f.Pending);
        Assert.Equal(4, f.Counted);
        Assert.Equal(2, f.RepliedOnTime);
        Assert.Equal(1, f.RepliedLate);
        Assert.Equal(1, f.Overdue);
        // 2 on time of 4 counted = 50%.
        Assert.Equal(50.00m, f.OnTimePercent);
        // (3 + 6 + 8) / 3 = 5.67 days; 6 − 5.67 = 0.33 days to spare.
        Assert.Equal(5.67m, f.AverageDaysToReply);
        Assert.Equal(0.33m, f.AverageDaysToSpare);
        Assert.Equal([0, 0, 1, 0, 0, 1, 1], f.DaysToReplyDistribution);
    }

    [Fact]
    public void Nothing_counted_gives_no_ratio_rather_than_zero_or_a_hundred()
    {
        var f = FeedbackStatistics.Figures("OSHA", "職安署", "OSHA", [new(1, new DateOnly(2026, 3, 24), null, null)], new DateOnly(2026, 3, 20), 6);
        Assert.Null(f.OnTimePercent);
        Assert.Null(f.AverageDaysToReply);
        Assert.Equal(1, f.Pending);
    }

    [Theory]
    [InlineData("2026", 2026, null, "2026-01-01", "2026-12-31")]
    [InlineData("2026Q1", 2026, 1, "2026-01-01", "2026-03-31")]
    [InlineData("2026-q2", 2026, 2, "2026-04-01", "2026-06-30")]
    [InlineData("2024Q4", 2024, 4, "2024-10-01", "2024-12-31")]
    public void Periods_are_years_and_quarters(string text, int year, int? quarter, string from, string to)
    {
        var period = FeedbackPeriod.Parse(text)!;
        Assert.Equal(new FeedbackPeriod(year, quarter), period);
        Assert.Equal(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), period.From);
        Assert.Equal(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), period.To);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026Q5")]
    [InlineData("26Q1")]
    [InlineData("民國115年")]
    public void Other_periods_are_refused(string text) => Assert.Null(FeedbackPeriod.Parse(text));
}
