using System.Globalization;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sylvan.Data.Csv;

namespace Kaifang.Feedback;

/// The government office calendar: imported each year from the DGPA's published file
/// (中華民國政府行政機關辦公日曆表, data.gov.tw dataset 14718), read when deadlines are counted in working days.
public sealed class OfficeCalendars(KaifangDbContext db, IOptions<FeedbackOptions> options, ILogger<OfficeCalendars> log)
{
    /// The columns of the DGPA file: 西元日期 (yyyyMMdd), 星期, 是否放假 (0 a working day, 2 a day off), 備註.
    public static readonly IReadOnlyList<string> Columns = ["西元日期", "星期", "是否放假", "備註"];

    /// The calendar for the days around a span, enough for any deadline that starts in it.
    public async Task<OfficeCalendar> LoadAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var start = from.AddDays(-7);
        var end = to.AddDays(90);
        return new OfficeCalendar(await db.OfficeCalendarDays.AsNoTracking()
            .Where(d => d.Date >= start && d.Date <= end).ToListAsync(cancellationToken));
    }

    /// The deadline rule in force, with the calendar it needs for comments received between the dates.
    public async Task<ReplyDeadline> DeadlineAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        ReplyDeadline.From(options.Value, options.Value.DayCounting == DayCounting.WorkingDays
            ? await LoadAsync(from, to, cancellationToken)
            : OfficeCalendar.WeekdaysOnly);

    /// The years with an imported calendar and their count of days off.
    public async Task<IReadOnlyList<CalendarYear>> YearsAsync(CancellationToken cancellationToken)
    {
        var days = await db.OfficeCalendarDays.AsNoTracking().ToListAsync(cancellationToken);
        return [.. days.GroupBy(d => d.Date.Year).OrderBy(g => g.Key)
            .Select(g => new CalendarYear(g.Key, g.Count(), g.Count(d => d.IsDayOff),
                g.Count(d => !d.IsDayOff && d.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)))];
    }

    /// Reads a DGPA calendar file and replaces the days of the years it covers. A file with any bad row
    /// changes nothing, and every bad row is reported with what is wrong.
    public async Task<CatalogResult<IReadOnlyList<CalendarYear>>> ImportAsync(Stream file, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var parsed = await ParseAsync(file, cancellationToken);
        if (!parsed.Errors.IsValid)
        {
            return CatalogResult<IReadOnlyList<CalendarYear>>.Invalid(parsed.Errors);
        }
        var years = parsed.Days.Select(d => d.Date.Year).Distinct().Order().ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var year in years)
        {
            var first = new DateOnly(year, 1, 1);
            var last = new DateOnly(year, 12, 31);
            await db.OfficeCalendarDays.Where(d => d.Date >= first && d.Date <= last).ExecuteDeleteAsync(cancellationToken);
        }
        db.OfficeCalendarDays.AddRange(parsed.Days);
        await db.SaveChangesAsync(cancellationToken);
        await RecountOpenDeadlinesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        log.LogInformation("{User} imported the office calendar for {Years}: {Days} days, {Off} days off",
            user, string.Join(", ", years), parsed.Days.Count, parsed.Days.Count(d => d.IsDayOff));
        var all = await YearsAsync(cancellationToken);
        return CatalogResult<IReadOnlyList<CalendarYear>>.Ok([.. all.Where(y => years.Contains(y.Year))]);
    }

    /// A comment received before its year's calendar was imported had its last day counted on weekdays
    /// only; once the calendar is known, the last day of every comment still awaiting its first reply is counted again.
    private async Task RecountOpenDeadlinesAsync(CancellationToken cancellationToken)
    {
        if (options.Value.DayCounting != DayCounting.WorkingDays)
        {
            return;
        }
        var open = await db.Comments.Where(c => c.FirstRepliedAt == null).ToListAsync(cancellationToken);
        if (open.Count == 0)
        {
            return;
        }
        var deadline = await DeadlineAsync(open.Min(c => c.ReceivedOn), open.Max(c => c.ReceivedOn), cancellationToken);
        foreach (var comment in open)
        {
            comment.DueOn = deadline.DueOn(comment.ReceivedOn);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public sealed record Parsed(List<OfficeCalendarDay> Days, ValidationErrors Errors);

    public static async Task<Parsed> ParseAsync(Stream file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var errors = new ValidationErrors();
        var days = new List<OfficeCalendarDay>();
        // The DGPA has published both UTF-8 (with a byte order mark) and Big5 files.
        var (text, _) = await TextDecoding.OpenAsync(file, null, cancellationToken);
        using (text)
        {
            await using var reader = await CsvDataReader.CreateAsync(text, new CsvDataReaderOptions { HasHeaders = true }, cancellationToken);
            var names = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim()).ToList();
            var dateColumn = names.IndexOf("西元日期");
            var offColumn = names.IndexOf("是否放假");
            var noteColumn = names.IndexOf("備註");
            if (dateColumn < 0 || offColumn < 0)
            {
                var google = names.Contains("Subject") || names.Contains("Start Date");
                errors.Add("file",
                    google
                        ? "這是辦公日曆表的 Google 行事曆版本；請改用一般版本的 CSV（欄位：西元日期、星期、是否放假、備註）。"
                        : $"檔案缺少「西元日期」或「是否放假」欄位；行政院人事行政總處辦公日曆表的欄位為：{string.Join("、", Columns)}。目前的欄位：{string.Join("、", names)}。",
                    google
                        ? "This is the Google Calendar edition of the office calendar; use the plain CSV edition (columns 西元日期, 星期, 是否放假, 備註)."
                        : $"The file lacks the 西元日期 (date) or 是否放假 (day off) column; the DGPA office calendar has {string.Join(", ", Columns)}. Its columns are: {string.Join(", ", names)}.");
                return new Parsed(days, errors);
            }
            var seen = new HashSet<DateOnly>();
            var row = 1;
            while (await reader.ReadAsync(cancellationToken))
            {
                row++;
                var dateText = reader.GetString(dateColumn).Trim();
                var offText = reader.GetString(offColumn).Trim();
                if (dateText.Length == 0 && offText.Length == 0)
                {
                    continue;
                }
                if (!DateOnly.TryParseExact(dateText, ["yyyyMMdd", "yyyy/M/d", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    errors.Add($"row {row}", $"第 {row} 列：「{dateText}」不是日期；西元日期應寫成 yyyyMMdd，例如 20260101。",
                        $"Row {row}: '{dateText}' is not a date; 西元日期 is written yyyyMMdd, e.g. 20260101.");
                    continue;
                }
                if (offText is not ("0" or "2"))
                {
                    errors.Add($"row {row}", $"第 {row} 列：是否放假應為 0（上班）或 2（放假），而非「{offText}」。",
                        $"Row {row}: 是否放假 must be 0 (a working day) or 2 (a day off), not '{offText}'.");
                    continue;
                }
                if (!seen.Add(date))
                {
                    errors.Add($"row {row}", $"第 {row} 列：{date:yyyy-MM-dd} 在檔案中出現兩次。", $"Row {row}: {date:yyyy-MM-dd} appears twice in the file.");
                    continue;
                }
                var note = noteColumn >= 0 ? reader.GetString(noteColumn).Trim() : "";
                days.Add(new OfficeCalendarDay { Date = date, IsDayOff = offText == "2", Note = note.Length == 0 ? null : note });
            }
        }
        if (errors.IsValid && days.Count == 0)
        {
            errors.Add("file", "檔案沒有任何日期。", "The file holds no dates.");
        }
        return new Parsed(days, errors);
    }
}

/// An imported year: its days, days off, and make-up working days (補班日: weekend days that are working days).
public sealed record CalendarYear(int Year, int Days, int DaysOff, int MakeUpWorkingDays);
