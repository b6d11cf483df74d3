using System.Net;
using System.Text;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Feedback;

/// Deadlines in working days, with the DGPA calendar imported through the API.
public sealed class WorkingDaysTests : IDisposable
{
    /// Friday 24 Jan 2025, 16:00 in Taipei: the last working day before Lunar New Year.
    private readonly FeedbackAppFactory _app = new(new DateTimeOffset(2025, 1, 24, 8, 0, 0, TimeSpan.Zero),
        new() { ["Kaifang:Feedback:DayCounting"] = "WorkingDays" });

    public void Dispose() => _app.Dispose();

    private static string Calendar2025()
    {
        var text = new StringBuilder("西元日期,星期,是否放假,備註\r\n");
        for (var d = new DateOnly(2025, 1, 1); d <= new DateOnly(2025, 12, 31); d = d.AddDays(1))
        {
            var weekend = d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var holiday = d == new DateOnly(2025, 1, 1) || (d >= new DateOnly(2025, 1, 25) && d <= new DateOnly(2025, 2, 2));
            var makeUp = d == new DateOnly(2025, 2, 8);
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{d:yyyyMMdd},{"日一二三四五六"[(int)d.DayOfWeek]},{((weekend || holiday) && !makeUp ? 2 : 0)},{(makeUp ? "補行上班" : "")}\r\n");
        }
        return text.ToString();
    }

    [Fact]
    public async Task A_comment_before_Lunar_New_Year_is_due_after_it_and_the_calendar_import_recounts_open_deadlines()
    {
        var dataset = await _app.PublishedDatasetAsync("BLI");
        using var client = _app.CreateClient();
        // Before the calendar is imported, only weekends are days off: Fri 24 Jan + 5 weekdays = Fri 31 Jan.
        var before = await FeedbackAppFactory.SubmitAsync(client, new { dataset, kind = "question", body = "請問何時更新？" });
        Assert.Equal("2025-01-31", before.GetProperty("dueOn").GetString());

        using var admin = await _app.WithTokenAsync("admin");
        using var officer = await _app.WithTokenAsync("bli-officer");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsync("/api/v1/calendar/import", new StringContent(Calendar2025(), Encoding.UTF8, "text/csv"))).StatusCode);
        var years = await FeedbackAppFactory.JsonAsync(await admin.PostAsync("/api/v1/calendar/import", new StringContent(Calendar2025(), Encoding.UTF8, "text/csv")));
        Assert.Equal(2025, years[0].GetProperty("year").GetInt32());
        Assert.Equal(1, years[0].GetProperty("makeUpWorkingDays").GetInt32());

        // The holiday does not count: day 2 is Mon 3 Feb and day 6 Fri 7 Feb.
        var reference = before.GetProperty("reference").GetString()!;
        var recounted = await FeedbackAppFactory.JsonAsync(await officer.GetAsync($"/api/v1/feedback/{reference}"));
        Assert.Equal("2025-02-07", recounted.GetProperty("dueOn").GetString());

        // Received on Monday 3 Feb: the make-up Saturday 8 Feb is day 6.
        _app.Clock.SetUtcNow(new DateTimeOffset(2025, 2, 3, 1, 0, 0, TimeSpan.Zero));
        var after = await FeedbackAppFactory.SubmitAsync(client, new { dataset, kind = "question", body = "還有一個問題。" });
        Assert.Equal("2025-02-08", after.GetProperty("dueOn").GetString());

        // A bad calendar changes nothing and says which rows are wrong.
        var bad = await admin.PostAsync("/api/v1/calendar/import", new StringContent("西元日期,星期,是否放假,備註\r\n20250230,日,2,\r\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("20250230", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(365, _app.WithDb(db => db.OfficeCalendarDays.Count()));
    }
}
