using System.Text.Json;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Promotion;

/// The demo installation shows its sample events and approved showcases on well-known datasets.
public sealed class DemoPromotionTests(DemoCatalogAppFactory app) : IClassFixture<DemoCatalogAppFactory>
{
    [Fact]
    public async Task The_demo_has_an_upcoming_and_a_past_event_and_three_approved_showcases_marked_as_samples()
    {
        using var client = app.CreateClient();
        var events = JsonDocument.Parse(await client.GetStringAsync("/api/v1/events")).RootElement;
        Assert.Equal(2, events.GetArrayLength());
        Assert.False(events[0].GetProperty("past").GetBoolean());
        Assert.True(events[1].GetProperty("past").GetBoolean());
        Assert.All(events.EnumerateArray(), e => Assert.True(e.GetProperty("sample").GetBoolean()));
        Assert.Contains(events[0].GetProperty("datasets").EnumerateArray(), d => d.GetProperty("title").GetString() == "最低工資歷年調整");

        var showcases = JsonDocument.Parse(await client.GetStringAsync("/api/v1/showcases")).RootElement;
        Assert.Equal(3, showcases.GetArrayLength());
        Assert.All(showcases.EnumerateArray(), s => Assert.True(s.GetProperty("sample").GetBoolean()));
        var minimumWage = showcases.EnumerateArray().Single(s => s.GetProperty("title").GetString() == "最低工資試算小幫手");
        var name = minimumWage.GetProperty("datasets").EnumerateArray().First(d => d.GetProperty("title").GetString() == "最低工資歷年調整").GetProperty("name").GetString();
        Assert.Contains("最低工資試算小幫手", await client.GetStringAsync($"/datasets/{name}"), StringComparison.Ordinal);
        Assert.Contains("示範資料", await client.GetStringAsync("/events"), StringComparison.Ordinal);
    }
}
