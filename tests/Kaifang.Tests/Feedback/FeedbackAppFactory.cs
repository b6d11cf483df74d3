using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kaifang.Tests.Feedback;

/// The app on a clock the test moves, with the reminder schedule off (tests run the sweep themselves).
public class FeedbackAppFactory(DateTimeOffset start, Dictionary<string, string?>? settings = null) : KaifangAppFactory
{
    public FakeTimeProvider Clock { get; } = new(start);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var values = new Dictionary<string, string?>
        {
            ["Kaifang:Feedback:SweepMinutes"] = "0",
            ["Kaifang:PublicBaseUrl"] = "https://data.mol.gov.tw",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(values));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// A published dataset of the agency, made by its officer through the API; returns its name.
    public async Task<string> PublishedDatasetAsync(string agency, string title = "勞工保險投保薪資分級表")
    {
        using var officer = await this.WithTokenAsync($"{agency.ToLowerInvariant()}-officer");
        var name = await officer.CreateDraftAsync(agency, title);
        (await officer.AddLinkAsync(name)).EnsureSuccessStatusCode();
        (await officer.PostAsync($"/api/v1/datasets/{name}/publish", null)).EnsureSuccessStatusCode();
        return name;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> SubmitAsync(HttpClient client, object input) =>
        await JsonAsync(await client.PostAsJsonAsync("/api/v1/feedback", input));
}
