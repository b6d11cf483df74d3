namespace Kaifang.Feedback;

/// One day of the government office calendar (行政機關辦公日曆表) the DGPA publishes each year:
/// whether government offices are closed, and why (國定假日, 補假, 補行上班…).
public sealed class OfficeCalendarDay
{
    public DateOnly Date { get; set; }
    public bool IsDayOff { get; set; }
    public string? Note { get; set; }
}

/// Which days are working days, for counting reply deadlines in working days. Built from the imported
/// DGPA calendar; a year with no imported calendar falls back to Monday to Friday, and says so
/// (<see cref="Covers"/>) so that the gap shows where deadlines are computed.
public sealed class OfficeCalendar
{
    private readonly Dictionary<DateOnly, bool> _dayOff;
    private readonly HashSet<int> _years;

    public OfficeCalendar(IEnumerable<OfficeCalendarDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        _dayOff = [];
        foreach (var day in days)
        {
            _dayOff[day.Date] = day.IsDayOff;
        }
        _years = [.. _dayOff.Keys.Select(d => d.Year)];
    }

    /// A calendar that knows no year: every weekday is a working day.
    public static OfficeCalendar WeekdaysOnly { get; } = new([]);

    public bool Covers(int year) => _years.Contains(year);

    public bool IsWorkingDay(DateOnly date) =>
        _dayOff.TryGetValue(date, out var off) ? !off : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
}
