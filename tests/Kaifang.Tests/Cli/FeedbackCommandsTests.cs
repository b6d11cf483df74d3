using System.Text;

namespace Kaifang.Tests.Cli;

public sealed class FeedbackCommandsTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string Write(string name, string text, Encoding encoding)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, text, encoding);
        return path;
    }

    [Fact]
    public async Task Imports_a_Big5_office_calendar_and_refuses_a_bad_one_changing_nothing()
    {
        var good = Write("calendar.csv", "西元日期,星期,是否放假,備註\r\n20260101,四,2,開國紀念日\r\n20260102,五,0,\r\n20260103,六,2,\r\n", Kaifang.Storage.TextDecoding.Big5);
        var (exit, output) = await _cli.RunAsync("calendar", "import", good);
        Assert.Equal(0, exit);
        Assert.Contains("2026: 3 days, 2 days off", output);

        var bad = Write("bad.csv", "西元日期,星期,是否放假,備註\r\n20260101,四,放假,\r\n", new UTF8Encoding(true));
        (exit, output) = await _cli.RunAsync("calendar", "import", bad);
        Assert.Equal(1, exit);
        Assert.Contains("Row 2", output);
        await using var db = _cli.OpenDb();
        Assert.Equal(3, db.OfficeCalendarDays.Count());
        File.Delete(good);
        File.Delete(bad);
    }

    [Fact]
    public async Task Imports_national_comments_and_reports_the_rows_it_could_not_read()
    {
        var file = Write("comments.csv", "意見編號,提供機關,意見內容,意見時間\r\nN-1,勞動部勞工保險局,請開放投保人數月報,2026-03-02 09:00:00\r\nN-2,不存在的機關,?,2026-03-02 09:00:00\r\n", new UTF8Encoding(true));
        var (exit, output) = await _cli.RunAsync("feedback", "import", file);
        Assert.Equal(2, exit);
        Assert.Contains("2 rows: 1 new", output);
        Assert.Contains("row 3", output);
        Assert.Contains("不存在的機關", output);
        (exit, output) = await _cli.RunAsync("feedback", "stats", "--period", "2026Q1");
        Assert.Equal(0, exit);
        Assert.Contains("2026Q1", output);
        Assert.Contains("BLI", output);
        (exit, output) = await _cli.RunAsync("feedback", "stats", "--period", "spring");
        Assert.Equal(1, exit);
        Assert.Contains("not a period", output);
        File.Delete(file);
    }
}
