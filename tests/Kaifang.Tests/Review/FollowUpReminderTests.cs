using System.Net.Http.Json;
using Kaifang.Review;
using Kaifang.Tests.Infrastructure;
using Kaifang.Tests.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Review;

/// An overdue follow-up action of a meeting is reminded the day after its due date, then weekly until done.
public sealed class FollowUpReminderTests : IDisposable
{
    /// Friday 20 Nov 2026, 10:00 in Taipei.
    private readonly InventoryAppFactory _app = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    private async Task<int> SweepAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<FollowUpReminders>().RunAsync(CancellationToken.None);
    }

    private List<Kaifang.Notifications.OutboxMessage> Reminders() =>
        _app.WithDb(db => db.OutboxMessages.AsNoTracking().Where(m => m.Topic == FollowUpReminders.Topic).OrderBy(m => m.Id).ToList());

    [Fact]
    public async Task The_owner_and_the_agency_admins_hear_of_an_overdue_action_then_weekly_until_it_is_done()
    {
        using var bliAdmin = await _app.WithTokenAsync("bli-admin");
        var meeting = await InventoryAppFactory.JsonAsync(await bliAdmin.PostAsJsonAsync("/api/v1/meetings", new
        {
            kind = "working-group", occasion = "regular", agency = "BLI", date = "2026-11-20", title = "勞保局115年第4季資料開放工作小組會議",
            members = new object[] { new { name = "王局長", affiliation = "勞動部勞工保險局", external = false, chair = true } },
        }));
        var id = meeting.GetProperty("id").GetGuid();
        // Owned by a member of staff (found by user name), and by a unit that is no one's address.
        (await bliAdmin.PostAsJsonAsync($"/api/v1/meetings/{id}/follow-ups", new { description = "補齊欄位說明", owner = "bli-officer", dueOn = "2026-11-30" })).EnsureSuccessStatusCode();
        (await bliAdmin.PostAsJsonAsync($"/api/v1/meetings/{id}/follow-ups", new { description = "修正分級依據", owner = "勞保局企劃室", dueOn = "2026-12-31" })).EnsureSuccessStatusCode();

        // On the due date (Monday 30 Nov in Taipei) nothing is overdue yet.
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await SweepAsync());

        // 1 Dec 00:30 in Taipei (still 30 Nov in UTC): one day overdue.
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero));
        Assert.Equal(1, await SweepAsync());
        var first = Reminders();
        Assert.Equal(["bli-admin@example.gov.tw", "bli-officer@example.gov.tw"], first.Select(m => m.To).Order());
        Assert.All(first, m => Assert.Contains("補齊欄位說明", m.Subject, StringComparison.Ordinal));
        Assert.Contains("逾期 1 日", first[0].Body, StringComparison.Ordinal);
        Assert.Contains($"https://data.mol.gov.tw/admin/meetings/{id}", first[0].Body, StringComparison.Ordinal);

        // Not again within the week; again a week later (8 Dec, 8 days overdue), as the page shows.
        _app.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, await SweepAsync());
        _app.Clock.Advance(TimeSpan.FromDays(4));
        Assert.Equal(1, await SweepAsync());
        Assert.Equal(4, Reminders().Count);
        using var page = await _app.SignedInAsync("bli-admin");
        Assert.Contains("逾期 8 日", await page.GetStringAsync($"/admin/meetings/{id}"), StringComparison.Ordinal);

        // Marked done: no more reminders.
        var followUp = (await InventoryAppFactory.JsonAsync(await bliAdmin.GetAsync($"/api/v1/meetings/{id}"))).GetProperty("followUps")[0].GetProperty("id").GetInt64();
        (await bliAdmin.PostAsJsonAsync($"/api/v1/meetings/{id}/follow-ups/{followUp}", new { done = true })).EnsureSuccessStatusCode();
        _app.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(4, Reminders().Count);
    }
}
