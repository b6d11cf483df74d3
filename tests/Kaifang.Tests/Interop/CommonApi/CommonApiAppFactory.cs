using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kaifang.Catalog;
using Kaifang.Tests.Datastore;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kaifang.Tests.Interop.CommonApi;

/// The app on a clock the tests move, with a small catalog made through the API:
/// - Wages: BLI, service category 500, keywords 勞保/投保薪資, the 30-row wage CSV (in the DataStore) and a PDF link;
/// - Grades: BLI, category 500, keywords 勞保/分級表, a link only;
/// - Pension: BLI, category F00, keyword 退休, a link only;
/// - Draft: BLI, category 900, keyword 草稿專用, an uploaded CSV, never published.
public class CommonApiAppFactory : KaifangAppFactory, IAsyncLifetime
{
    /// 10:00 in Taipei.
    public static readonly DateTimeOffset Start = new(2024, 3, 1, 2, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    public Dataset Wages { get; private set; } = null!;
    public Dataset Grades { get; private set; } = null!;
    public Dataset Pension { get; private set; } = null!;
    public Dataset Draft { get; private set; } = null!;

    protected virtual string? PathPrefix => null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var settings = new Dictionary<string, string?> { ["Kaifang:PublicBaseUrl"] = "https://data.mol.gov.tw" };
        if (PathPrefix is not null)
        {
            settings["Kaifang:CommonApi:PathPrefix"] = PathPrefix;
        }
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public async Task InitializeAsync()
    {
        using var officer = await this.WithTokenAsync("bli-officer");
        var wages = await CreateAsync(officer, ApiClients.SampleInput("BLI", "職類別薪資調查") with
        {
            MainFieldsDescription = DatastoreTestData.WageFields,
            Keywords = ["勞保", "投保薪資"],
        });
        await officer.UploadAsync(wages, "wages.csv", Encoding.UTF8.GetBytes(DatastoreTestData.WageCsv()));
        (await officer.PostAsJsonAsync($"/api/v1/datasets/{wages}/resources",
            new ResourceInput { Name = "調查報告", Url = "https://www.bli.gov.tw/files/report.pdf", Format = "PDF" })).EnsureSuccessStatusCode();
        await PublishAsync(officer, wages);

        var grades = await CreateAsync(officer, ApiClients.SampleInput("BLI") with { Keywords = ["勞保", "分級表"] });
        (await officer.AddLinkAsync(grades)).EnsureSuccessStatusCode();
        await PublishAsync(officer, grades);

        var pension = await CreateAsync(officer, ApiClients.SampleInput("BLI", "勞工退休金提繳統計") with
        {
            ServiceCategory = "F00",
            Keywords = ["退休"],
            UpdateFrequency = "不定期更新",
        });
        (await officer.AddLinkAsync(pension, "https://www.bli.gov.tw/files/pension.csv")).EnsureSuccessStatusCode();
        await PublishAsync(officer, pension);

        var draft = await CreateAsync(officer, ApiClients.SampleInput("BLI", "尚未上架的草稿") with { ServiceCategory = "900", Keywords = ["草稿專用"] });
        await officer.UploadAsync(draft, "draft.csv", Encoding.UTF8.GetBytes("甲,乙\n1,2\n"));

        await this.WaitForDatastoreAsync();
        Wages = await LoadAsync(wages);
        Grades = await LoadAsync(grades);
        Pension = await LoadAsync(pension);
        Draft = await LoadAsync(draft);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public Task<Dataset> LoadAsync(string name) => WithDbAsync(db =>
        db.Datasets.AsNoTracking().Include(d => d.Resources).SingleAsync(d => d.Name == name));

    private static async Task<string> CreateAsync(HttpClient officer, DatasetInput input)
    {
        var response = await officer.PostAsJsonAsync("/api/v1/datasets", input);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;
    }

    private async Task PublishAsync(HttpClient officer, string name)
    {
        (await officer.PostAsync($"/api/v1/datasets/{name}/publish", null)).EnsureSuccessStatusCode();
        await this.WaitForDatastoreAsync();
    }
}

/// The same catalog served under another prefix.
public sealed class CommonApiElsewhereAppFactory : CommonApiAppFactory
{
    protected override string? PathPrefix => "/data/common-api/";
}
