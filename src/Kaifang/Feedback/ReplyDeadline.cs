namespace Kaifang.Feedback;

/// The reply deadline rule (ACTION-PLAN S14.5): a comment is answered on time when its first reply
/// comes on or before day N, counting the Taiwan date it was received as day 1.
/// In calendar days, a comment received on Friday has Friday to Wednesday (N = 6).
/// In working days, day 1 is the day of receipt if government offices are open that day, else the
/// next working day; holidays do not count and make-up working days (補班日) do.
public sealed class ReplyDeadline(int replyDays, DayCounting counting, OfficeCalendar calendar)
{
    public static ReplyDeadline From(FeedbackOptions options, OfficeCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.ReplyDays, options.DayCounting, calendar);
    }

    public int ReplyDays => replyDays;
    public DayCounting Counting => counting;

    /// The Taiwan date of an instant: a comment received at 23:30 on Friday in Taipei counts from Friday.
    public static DateOnly TaipeiDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Interop.NationalPlatform.TaipeiDates.Zone).DateTime);

    /// The last day a reply is on time.
    public DateOnly DueOn(DateOnly receivedOn) => DayN(receivedOn, replyDays);

    /// The day <paramref name="days"/> counted days before <paramref name="due"/>: the day the handler is reminded.
    /// In working days it steps back over days off; it is never before the day of receipt.
    public DateOnly DaysBefore(DateOnly due, int days, DateOnly notBefore)
    {
        var d = due;
        if (counting == DayCounting.CalendarDays)
        {
            d = due.AddDays(-days);
        }
        else
        {
            for (var left = days; left > 0 && d > notBefore;)
            {
                d = d.AddDays(-1);
                if (calendar.IsWorkingDay(d))
                {
                    left--;
                }
            }
        }
        return d < notBefore ? notBefore : d;
    }

    /// Which day of the deadline a date is: 1 for the day of receipt. In working days, the working days
    /// before it plus one: a reply on the Saturday after a Friday last day is day N + 1, late, as its date says.
    /// A reply is on time exactly when this is at most N.
    public int DayNumber(DateOnly receivedOn, DateOnly on)
    {
        if (on <= receivedOn)
        {
            return 1;
        }
        if (counting == DayCounting.CalendarDays)
        {
            return on.DayNumber - receivedOn.DayNumber + 1;
        }
        var before = 0;
        for (var d = receivedOn; d < on; d = d.AddDays(1))
        {
            if (calendar.IsWorkingDay(d))
            {
                before++;
            }
        }
        return before + 1;
    }

    private DateOnly DayN(DateOnly receivedOn, int n)
    {
        if (counting == DayCounting.CalendarDays)
        {
            return receivedOn.AddDays(n - 1);
        }
        var d = receivedOn;
        var count = 0;
        // A year is at most a few dozen days off; the bound only guards against a calendar with no working day at all.
        for (var guard = 0; guard < 3660; guard++, d = d.AddDays(1))
        {
            if (calendar.IsWorkingDay(d) && ++count == n)
            {
                return d;
            }
        }
        throw new InvalidOperationException($"The office calendar has no {n} working days after {receivedOn:yyyy-MM-dd}.");
    }
}
