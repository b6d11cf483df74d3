using Kaifang.Inventory;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Inventory;

/// Agencies that have not submitted hear of the deadline seven days before it, once.
public sealed class InventoryReminderTests : IDisposable
{
    /// Sunday 6 Dec 2026, 09:00 in Taipei: nine days before a 15 Dec deadline.
    private readonly InventoryAppFactory _app = new(new DateTimeOffset(2026, 12, 6, 1, 0, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    private async Task<int> SweepAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<InventoryReminderSweep>().RunAsync(CancellationToken.None);
    }

    private List<Kaifang.Notifications.OutboxMessage> Reminders() =>
        _app.WithDb(db => db.OutboxMessages.AsNoTracking().Where(m => m.Topic == InventoryReminderSweep.Topic).OrderBy(m => m.Id).ToList());

    [Fact]
    public async Task Agencies_that_have_not_submitted_are_reminded_once_seven_days_before_the_deadline()
    {
        var round = await _app.OpenRoundAsync(deadline: "2026-12-15");
        using var bli = await _app.WithTokenAsync("bli-officer");
        using var wda = await _app.WithTokenAsync("wda-officer");
        var sent = await InventoryAppFactory.CreateItemAsync(bli, round, InventoryAppFactory.Item("BLI", "勞保投保單位統計"));
        (await InventoryAppFactory.MoveAsync(bli, sent, "submitted")).EnsureSuccessStatusCode();
        await InventoryAppFactory.CreateItemAsync(wda, round, InventoryAppFactory.Item("WDA", "職業訓練課程"));

        // Nine days before: too early.
        Assert.Equal(0, await SweepAsync());
        Assert.Empty(Reminders());

        // Tuesday 8 Dec in Taipei (00:30, still the 7th in UTC): seven days before.
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 16, 30, 0, TimeSpan.Zero));
        Assert.Equal(5, await SweepAsync());
        var reminders = Reminders();
        Assert.DoesNotContain(reminders, m => m.To.StartsWith("bli-", StringComparison.Ordinal));
        var toWda = reminders.Where(m => m.To.StartsWith("wda-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["wda-admin@example.gov.tw", "wda-officer@example.gov.tw"], toWda.Select(m => m.To).Order());
        Assert.All(toWda, m => Assert.Contains("2026-12-15", m.Subject, StringComparison.Ordinal));
        Assert.Contains("尚未送出任何盤點項目（1 個項目仍為草稿）", toWda[0].Body, StringComparison.Ordinal);
        Assert.Contains(reminders, m => m.To == "osha-officer@example.gov.tw" && m.Body.Contains("尚未送出任何盤點項目", StringComparison.Ordinal));
        Assert.Contains($"https://data.mol.gov.tw/admin/inventory/rounds/{round}", toWda[0].Body, StringComparison.Ordinal);

        // Once only, and never after the deadline.
        _app.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(reminders.Count, Reminders().Count);
        using var molAdmin = await _app.WithTokenAsync("mol-admin");
        var view = await InventoryAppFactory.JsonAsync(await molAdmin.GetAsync($"/api/v1/inventory/rounds/{round}"));
        Assert.All(view.GetProperty("agencies").EnumerateArray().Where(a => a.GetProperty("agency").GetString() != "BLI"),
            a => Assert.NotEqual(System.Text.Json.JsonValueKind.Null, a.GetProperty("remindedAt").ValueKind));
    }

    [Fact]
    public async Task A_round_whose_deadline_has_passed_reminds_no_one()
    {
        await _app.OpenRoundAsync(deadline: "2026-12-05");
        Assert.Equal(0, await SweepAsync());
        Assert.Empty(Reminders());
    }
}
