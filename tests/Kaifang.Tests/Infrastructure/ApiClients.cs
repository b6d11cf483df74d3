using System.Net.Http.Json;
using Kaifang.Accounts;
using Kaifang.Catalog;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Infrastructure;

public static class ApiClients
{
    /// A client that sends a fresh API token of the given seeded user in the Authorization header, bare as CKAN clients do.
    public static async Task<HttpClient> WithTokenAsync(this KaifangAppFactory factory, string userName)
    {
        var secret = await factory.TokenAsync(userName);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", secret);
        return client;
    }

    /// A fresh API token of the given seeded user, for a client of another node of the installation.
    public static async Task<string> TokenAsync(this KaifangAppFactory factory, string userName)
    {
        using var scope = factory.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByNameAsync(userName)
            ?? throw new InvalidOperationException($"No seeded user {userName}.");
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(user.Id, "test", null, CancellationToken.None);
        return secret;
    }

    public static DatasetInput SampleInput(string agency, string title = "勞工保險投保薪資分級表") => new()
    {
        Title = title,
        TitleEn = "Labor insurance salary grades",
        Description = "勞工保險投保薪資分級表，列出各投保薪資等級與月投保薪資。",
        Agency = agency,
        ServiceCategory = "500",
        MainFieldsDescription = "等級、月投保薪資",
        UpdateFrequency = "每1年",
        ContactName = "王小明",
        ContactPhone = "02-23961266",
        ContactEmail = "data@bli.gov.tw",
        Keywords = ["勞保", "投保薪資"],
    };

    /// Creates a draft through the API and returns its name.
    public static async Task<string> CreateDraftAsync(this HttpClient client, string agency, string title = "勞工保險投保薪資分級表")
    {
        var response = await client.PostAsJsonAsync("/api/v1/datasets", SampleInput(agency, title));
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return created.GetProperty("name").GetString()!;
    }

    public static Task<HttpResponseMessage> AddLinkAsync(this HttpClient client, string name, string url = "https://www.bli.gov.tw/files/grades.csv") =>
        client.PostAsJsonAsync($"/api/v1/datasets/{name}/resources", new ResourceInput { Name = "投保薪資分級表 CSV", Url = url });
}
