using System.Text;
using Kaifang.Feedback;

namespace Kaifang.Tests.Feedback;

public sealed class OfficeCalendarImportTests
{
    private const string Header = "西元日期,星期,是否放假,備註\r\n";

    private static Task<OfficeCalendars.Parsed> ParseAsync(byte[] bytes) => OfficeCalendars.ParseAsync(new MemoryStream(bytes), CancellationToken.None);

    [Fact]
    public async Task Reads_the_DGPA_file_with_its_byte_order_mark_holidays_and_make_up_days()
    {
        var csv = Header + "20250207,五,0,\r\n20250208,六,0,補行上班\r\n20250209,日,2,\r\n20250228,五,2,和平紀念日\r\n";
        var parsed = await ParseAsync([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)]);
        Assert.True(parsed.Errors.IsValid);
        Assert.Equal(4, parsed.Days.Count);
        var calendar = new OfficeCalendar(parsed.Days);
        Assert.True(calendar.IsWorkingDay(new DateOnly(2025, 2, 8)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2025, 2, 9)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2025, 2, 28)));
        Assert.Equal("和平紀念日", parsed.Days[^1].Note);
        Assert.True(calendar.Covers(2025));
        Assert.False(calendar.Covers(2026));
    }

    [Fact]
    public async Task Reads_a_Big5_file()
    {
        var csv = Header + "20250101,三,2,開國紀念日\r\n";
        var parsed = await ParseAsync(Kaifang.Storage.TextDecoding.Big5.GetBytes(csv));
        Assert.True(parsed.Errors.IsValid);
        Assert.Equal("開國紀念日", Assert.Single(parsed.Days).Note);
    }

    [Fact]
    public async Task Reports_every_bad_row_and_keeps_no_day()
    {
        var csv = Header + "20250101,三,2,開國紀念日\r\n2025013,四,0,\r\n20250103,五,1,\r\n20250101,三,2,\r\n";
        var parsed = await ParseAsync(Encoding.UTF8.GetBytes(csv));
        Assert.False(parsed.Errors.IsValid);
        var messages = parsed.Errors.Fields.SelectMany(f => parsed.Errors.For(f)).Select(m => m.En).ToList();
        Assert.Contains(messages, m => m.Contains("Row 3", StringComparison.Ordinal) && m.Contains("2025013", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Row 4", StringComparison.Ordinal) && m.Contains("must be 0", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Row 5", StringComparison.Ordinal) && m.Contains("twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refuses_the_Google_Calendar_edition_and_says_which_file_to_use()
    {
        var csv = "Subject,Start Date,Start Time,End Date,End Time,All Day Event,Description,Location\r\n開國紀念日,2025/1/1,,2025/1/1,,TRUE,,\r\n";
        var parsed = await ParseAsync(Encoding.UTF8.GetBytes(csv));
        var message = Assert.Single(parsed.Errors.For("file"));
        Assert.Contains("Google", message.En, StringComparison.Ordinal);
        Assert.Contains("西元日期", message.En, StringComparison.Ordinal);
    }
}
