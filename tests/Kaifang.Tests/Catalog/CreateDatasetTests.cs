using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Accounts;
using Kaifang.Catalog;
using Kaifang.Search;
using Kaifang.Storage;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Catalog;

/// Creating datasets under concurrent load: each create takes the next national identifier of its agency, and what
/// is saved is searchable on the node that saved it.
public sealed class CreateDatasetTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>
{
    [Fact]
    public async Task Creates_at_the_same_moment_in_one_agency_all_succeed_with_identifiers_of_their_own()
    {
        var client = await app.WithTokenAsync("osha-officer");
        const int count = 24;

        var responses = await Task.WhenAll(Enumerable.Range(1, count).Select(i =>
            client.PostAsJsonAsync("/api/v1/datasets", ApiClients.SampleInput("OSHA", $"同時建立測試第{i}筆"))));

        foreach (var response in responses)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        var identifiers = new List<string>();
        foreach (var response in responses)
        {
            identifiers.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("identifier").GetString()!);
        }
        Assert.Equal(count, identifiers.Distinct().Count());
        var saved = await app.WithDbAsync(db => db.Datasets.CountAsync(d => d.Title.StartsWith("同時建立測試")));
        Assert.Equal(count, saved);
        var found = app.Services.GetRequiredService<CatalogIndex>()
            .Search(new CatalogQuery { Text = "同時建立測試", Statuses = [DatasetStatus.Draft], Limit = 0 });
        Assert.Equal(count, found.Total);
    }

    /// Creates that read the same highest identifier before either is saved still get serials of their own on one node,
    /// and a higher identifier saved meanwhile (by another node, an import) is gone past.
    [Fact]
    public async Task Identifiers_handed_out_before_their_saves_differ_and_follow_the_database()
    {
        var identifiers = app.Services.GetRequiredService<DatasetIdentifiers>();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Code == "BLI");
        var prefix = agency.OrganisationCode + "-";

        var first = await identifiers.NextAsync(db, agency.OrganisationCode, CancellationToken.None);
        var second = await identifiers.NextAsync(db, agency.OrganisationCode, CancellationToken.None);
        Assert.StartsWith(prefix, first);
        Assert.Equal(Serial(first) + 1, Serial(second));

        var result = await scope.ServiceProvider.GetRequiredService<CreateDataset>().ExecuteAsync(
            new StaffScope(Guid.NewGuid(), "bli-officer", StaffRole.DataOfficer, agency.Id, new HashSet<int> { agency.Id }),
            ApiClients.SampleInput("BLI", "識別碼跳號測試"), CancellationToken.None);
        Assert.True(result.Succeeded);
        Assert.Equal(Serial(second) + 1, Serial(result.Value!.Identifier));
        result.Value.Identifier = $"{prefix}{Serial(second) + 50:000000}";
        await db.SaveChangesAsync();
        Assert.Equal(Serial(second) + 51, Serial(await identifiers.NextAsync(db, agency.OrganisationCode, CancellationToken.None)));

        int Serial(string identifier) => int.Parse(identifier.AsSpan(prefix.Length), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_create_whose_request_is_aborted_just_after_the_save_is_still_indexed()
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<KaifangDbContext>();
        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Code == "WDA");
        var officer = new StaffScope(Guid.NewGuid(), "wda-officer", StaffRole.DataOfficer, agency.Id, new HashSet<int> { agency.Id });
        // The client goes away the moment the dataset is committed: this node skips its own writes in the change record,
        // so only the create itself can index it here.
        using var aborted = new CancellationTokenSource();
        db.SavedChanges += (_, _) => aborted.Cancel();

        var result = await services.GetRequiredService<CreateDataset>()
            .ExecuteAsync(officer, ApiClients.SampleInput("WDA", "中斷請求後仍可搜尋"), aborted.Token);

        Assert.True(result.Succeeded);
        var hit = Assert.Single(app.Services.GetRequiredService<CatalogIndex>()
            .Search(new CatalogQuery { Text = "中斷請求後仍可搜尋", Statuses = [DatasetStatus.Draft] }).Hits);
        Assert.Equal(result.Value!.Id, hit.Id);
    }
}
