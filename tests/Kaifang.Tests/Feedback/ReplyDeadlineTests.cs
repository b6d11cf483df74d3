using Kaifang.Feedback;

namespace Kaifang.Tests.Feedback;

/// The reply deadline of ACTION-PLAN S14.5: 6 days inclusive of the day of receipt, in Taiwan's time.
public sealed class ReplyDeadlineTests
{
    private static readonly ReplyDeadline Calendar6 = new(6, DayCounting.CalendarDays, OfficeCalendar.WeekdaysOnly);

    /// Lunar New Year 2025 as the DGPA's calendar has it: 25 Jan – 2 Feb off (27 Jan a bridge day),
    /// made up by working on Saturday 8 Feb (補行上班).
    internal static OfficeCalendar LunarNewYear2025()
    {
        var days = new List<OfficeCalendarDay>();
        for (var d = new DateOnly(2025, 1, 1); d <= new DateOnly(2025, 2, 28); d = d.AddDays(1))
        {
            var weekend = d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var holiday = d == new DateOnly(2025, 1, 1) || (d >= new DateOnly(2025, 1, 25) && d <= new DateOnly(2025, 2, 2));
            var makeUp = d == new DateOnly(2025, 2, 8);
            days.Add(new OfficeCalendarDay { Date = d, IsDayOff = (weekend || holiday) && !makeUp, Note = makeUp ? "補行上班" : null });
        }
        return new OfficeCalendar(days);
    }

    [Fact]
    public void Friday_2330_in_Taipei_counts_from_Friday_though_it_is_Friday_1530_UTC()
    {
        var received = new DateTimeOffset(2026, 11, 27, 15, 30, 0, TimeSpan.Zero); // Fri 23:30 in Taipei
        var day = ReplyDeadline.TaipeiDate(received);
        Assert.Equal(new DateOnly(2026, 11, 27), day);
        Assert.Equal(DayOfWeek.Friday, day.DayOfWeek);
        // Friday is day 1, so day 6 is Wednesday.
        Assert.Equal(new DateOnly(2026, 12, 2), Calendar6.DueOn(day));
    }

    [Fact]
    public void Half_past_midnight_in_Taipei_is_the_next_day_though_UTC_is_still_the_day_before()
    {
        var received = new DateTimeOffset(2026, 11, 27, 16, 30, 0, TimeSpan.Zero); // Sat 00:30 in Taipei
        var day = ReplyDeadline.TaipeiDate(received);
        Assert.Equal(new DateOnly(2026, 11, 28), day);
        Assert.Equal(new DateOnly(2026, 12, 3), Calendar6.DueOn(day));
    }

    [Fact]
    public void A_reply_at_2359_on_day_6_is_on_time_and_one_at_0001_on_day_7_is_late()
    {
        var received = new DateOnly(2026, 11, 27);
        var lastMinute = ReplyDeadline.TaipeiDate(new DateTimeOffset(2026, 12, 2, 23, 59, 0, TimeSpan.FromHours(8)));
        var nextDay = ReplyDeadline.TaipeiDate(new DateTimeOffset(2026, 12, 2, 16, 1, 0, TimeSpan.Zero)); // Thu 00:01 Taipei
        Assert.Equal(6, Calendar6.DayNumber(received, lastMinute));
        Assert.Equal(7, Calendar6.DayNumber(received, nextDay));
        Assert.True(lastMinute <= Calendar6.DueOn(received));
        Assert.True(nextDay > Calendar6.DueOn(received));
    }

    [Fact]
    public void A_reply_on_the_day_of_receipt_is_day_1()
    {
        var day = new DateOnly(2026, 3, 2);
        Assert.Equal(1, Calendar6.DayNumber(day, day));
        Assert.Equal(1, new ReplyDeadline(6, DayCounting.WorkingDays, OfficeCalendar.WeekdaysOnly).DayNumber(day, day));
    }

    [Fact]
    public void In_calendar_days_weekends_and_holidays_count()
    {
        // Friday 24 Jan 2025, the last working day before Lunar New Year: day 6 is Wednesday 29 Jan, New Year's Day itself.
        Assert.Equal(new DateOnly(2025, 1, 29), Calendar6.DueOn(new DateOnly(2025, 1, 24)));
    }

    [Fact]
    public void In_working_days_the_lunar_new_year_holiday_does_not_count()
    {
        var working = new ReplyDeadline(6, DayCounting.WorkingDays, LunarNewYear2025());
        // Fri 24 Jan is day 1; 25 Jan – 2 Feb are off; Mon 3 Feb is day 2 … Fri 7 Feb is day 6.
        Assert.Equal(new DateOnly(2025, 2, 7), working.DueOn(new DateOnly(2025, 1, 24)));
        Assert.Equal(2, working.DayNumber(new DateOnly(2025, 1, 24), new DateOnly(2025, 2, 3)));
        // A reply during the holiday is still day 2: only day 1 had passed.
        Assert.Equal(2, working.DayNumber(new DateOnly(2025, 1, 24), new DateOnly(2025, 1, 30)));
    }

    [Fact]
    public void In_working_days_a_make_up_Saturday_counts()
    {
        var working = new ReplyDeadline(6, DayCounting.WorkingDays, LunarNewYear2025());
        // Mon 3 Feb is day 1 … Fri 7 Feb is day 5, and Saturday 8 Feb, a make-up working day (補班日), is day 6.
        Assert.Equal(new DateOnly(2025, 2, 8), working.DueOn(new DateOnly(2025, 2, 3)));
        // Without the make-up day it would have been Monday 10 Feb.
        Assert.Equal(new DateOnly(2025, 2, 10), new ReplyDeadline(6, DayCounting.WorkingDays, OfficeCalendar.WeekdaysOnly).DueOn(new DateOnly(2025, 2, 3)));
    }

    [Fact]
    public void In_working_days_a_comment_received_on_a_day_off_starts_on_the_next_working_day()
    {
        var working = new ReplyDeadline(6, DayCounting.WorkingDays, LunarNewYear2025());
        // Received on Saturday 25 Jan, the first day of the holiday: day 1 is Monday 3 Feb, day 6 Saturday 8 Feb.
        Assert.Equal(new DateOnly(2025, 2, 8), working.DueOn(new DateOnly(2025, 1, 25)));
        // A reply the same Saturday it arrived is day 1; one on the Sunday after day 6 is day 7, late.
        Assert.Equal(1, working.DayNumber(new DateOnly(2025, 1, 25), new DateOnly(2025, 1, 26)));
        Assert.Equal(7, working.DayNumber(new DateOnly(2025, 1, 25), new DateOnly(2025, 2, 9)));
    }

    [Fact]
    public void The_reminder_comes_two_counted_days_before_the_last_day()
    {
        Assert.Equal(new DateOnly(2026, 11, 30), Calendar6.DaysBefore(new DateOnly(2026, 12, 2), 2, new DateOnly(2026, 11, 27)));
        var working = new ReplyDeadline(6, DayCounting.WorkingDays, LunarNewYear2025());
        // Due Saturday 8 Feb (make-up day): two working days before is Thursday 6 Feb.
        Assert.Equal(new DateOnly(2025, 2, 6), working.DaysBefore(new DateOnly(2025, 2, 8), 2, new DateOnly(2025, 2, 3)));
        // Due Friday 7 Feb for a comment of 24 Jan: two working days before is Wednesday 5 Feb, not inside the holiday.
        Assert.Equal(new DateOnly(2025, 2, 5), working.DaysBefore(new DateOnly(2025, 2, 7), 2, new DateOnly(2025, 1, 24)));
        // Never before the day of receipt, whatever the settings.
        Assert.Equal(new DateOnly(2026, 11, 27), new ReplyDeadline(2, DayCounting.CalendarDays, OfficeCalendar.WeekdaysOnly)
            .DaysBefore(new DateOnly(2026, 11, 28), 2, new DateOnly(2026, 11, 27)));
    }

    [Fact]
    public void The_number_of_days_is_configuration()
    {
        Assert.Equal(new DateOnly(2026, 11, 29), new ReplyDeadline(3, DayCounting.CalendarDays, OfficeCalendar.WeekdaysOnly).DueOn(new DateOnly(2026, 11, 27)));
        // Three working days from Friday: Fri, Mon, Tue.
        Assert.Equal(new DateOnly(2026, 12, 1), new ReplyDeadline(3, DayCounting.WorkingDays, OfficeCalendar.WeekdaysOnly).DueOn(new DateOnly(2026, 11, 27)));
    }
}
