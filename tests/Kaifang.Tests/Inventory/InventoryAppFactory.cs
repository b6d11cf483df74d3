using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kaifang.Tests.Inventory;

/// The app on a clock the test moves, with the reminder schedules off (tests run the sweeps themselves).
public sealed class InventoryAppFactory(DateTimeOffset start) : KaifangAppFactory
{
    public FakeTimeProvider Clock { get; } = new(start);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kaifang:Feedback:SweepMinutes"] = "0",
            ["Kaifang:Inventory:SweepMinutes"] = "0",
            ["Kaifang:Inventory:ReminderDaysBefore"] = "7",
            ["Kaifang:PublicBaseUrl"] = "https://data.mol.gov.tw",
        }));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// Opens a round as the ministry's admin; returns its id.
    public async Task<int> OpenRoundAsync(int year = 2026, int quarter = 4, string deadline = "2026-12-15")
    {
        using var admin = await this.WithTokenAsync("admin");
        var round = await JsonAsync(await admin.PostAsJsonAsync("/api/v1/inventory/rounds", new { year, quarter, opensOn = "2026-10-01", deadline }));
        return round.GetProperty("id").GetInt32();
    }

    public static object Item(string agency, string name, string grade = "open", string[]? legalBases = null, string fee = "免費", string? feeBasis = null) => new
    {
        agency, name, sourceKind = "business-system", owningUnit = "納保處", description = $"{name}，按月統計。",
        mainFields = "年月、投保單位數、被保險人數", volume = "每月約 30 筆", updateFrequency = "每1月", hasPersonalData = false,
        grade, legalBases = legalBases ?? [], fee, feeBasis,
    };

    /// Lists an item through the API as the user; returns its id.
    public static async Task<Guid> CreateItemAsync(HttpClient client, int round, object item) =>
        (await JsonAsync(await client.PostAsJsonAsync($"/api/v1/inventory/rounds/{round}/items", item))).GetProperty("id").GetGuid();

    public static Task<HttpResponseMessage> MoveAsync(HttpClient client, Guid item, string to, string? reason = null) =>
        client.PostAsJsonAsync($"/api/v1/inventory/items/{item}/moves", new { to, reason });

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
