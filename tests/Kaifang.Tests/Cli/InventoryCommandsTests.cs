using Kaifang.Inventory;
using Kaifang.Review;

namespace Kaifang.Tests.Cli;

public sealed class InventoryCommandsTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Reminds_the_agencies_of_a_round_closing_soon_once()
    {
        var (exit, output) = await _cli.RunAsync("inventory", "remind");
        Assert.Equal(0, exit);
        Assert.Contains("0 agencies reminded.", output);

        var today = Kaifang.Feedback.ReplyDeadline.TaipeiDate(DateTimeOffset.UtcNow);
        await using (var db = _cli.OpenDb())
        {
            db.InventoryRounds.Add(new InventoryRound { Year = today.Year, Quarter = 1, OpensOn = today.AddDays(-30), Deadline = today.AddDays(3), CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "test" });
            await db.SaveChangesAsync();
        }
        (exit, output) = await _cli.RunAsync("inventory", "remind");
        Assert.Equal(0, exit);
        Assert.Contains("6 agencies reminded.", output);
        (_, output) = await _cli.RunAsync("inventory", "remind");
        Assert.Contains("0 agencies reminded.", output);
        await using var check = _cli.OpenDb();
        Assert.Equal(12, check.OutboxMessages.Count(m => m.Topic == InventoryReminderSweep.Topic));
    }

    [Fact]
    public async Task Counts_the_working_group_meetings_held_per_agency()
    {
        await _cli.RunAsync("inventory", "remind");
        await using (var db = _cli.OpenDb())
        {
            var bli = db.Agencies.Single(a => a.Code == "BLI").Id;
            db.ReviewMeetings.Add(new ReviewMeeting
            {
                Id = Guid.NewGuid(), Kind = MeetingKind.WorkingGroup, AgencyId = bli, Date = new DateOnly(2026, 8, 14), Title = "勞保局第3季工作小組會議",
                CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "test", MinutesRecordedAt = DateTimeOffset.UtcNow, MinutesRecordedBy = "test",
            });
            await db.SaveChangesAsync();
        }
        var (exit, output) = await _cli.RunAsync("inventory", "meetings", "--period", "2026Q3");
        Assert.Equal(0, exit);
        Assert.Matches(@"BLI\s*│\s*1\s*│\s*2026-08-14", output);
        Assert.Matches(@"WDA\s*│\s*0", output);
        (exit, output) = await _cli.RunAsync("inventory", "meetings", "--period", "Q9");
        Assert.Equal(1, exit);
    }
}
