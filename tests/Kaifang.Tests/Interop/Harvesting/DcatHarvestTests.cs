using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kaifang.Catalog;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Interop.Harvesting;

/// Another Kaifang's DCAT catalog, read page by page through its Hydra links, in each syntax.
public sealed class DcatHarvestTests(DemoCatalogAppFactory source) : IClassFixture<DemoCatalogAppFactory>
{
    private static async Task<JsonElement> RunAsync(HttpClient admin, string name) =>
        await (await admin.PostAsync($"/api/v1/harvest/sources/{name}/runs?wait=true", null)).Content.ReadFromJsonAsync<JsonElement>();

    [Theory]
    [InlineData("catalog.ttl")]
    [InlineData("catalog.rdf")]
    [InlineData("catalog.jsonld")]
    public async Task Every_page_of_the_catalog_comes_across_with_its_metadata(string path)
    {
        using var target = new HarvestTargetAppFactory(() => source.Server.CreateHandler());
        var admin = await target.WithTokenAsync("admin");
        var created = await admin.PostAsJsonAsync("/api/v1/harvest/sources", new JsonObject
        {
            ["name"] = "demo-dcat", ["title"] = "示範 DCAT 目錄", ["kind"] = "dcat", ["url"] = $"http://localhost/{path}", ["agency"] = "MOL",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var run = await RunAsync(admin, "demo-dcat");
        var published = source.WithDb(db => db.Datasets.Include(d => d.Resources).Include(d => d.Agency).Where(d => d.Status == DatasetStatus.Published).ToList());
        Assert.True(published.Count > 100, "the demo catalog spans several pages");
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(published.Count, run.GetProperty("created").GetInt32());

        var copies = target.WithDb(db => db.Datasets.Include(d => d.Resources).Include(d => d.Agency).Where(d => d.HarvestSourceId != null).ToList())
            .ToDictionary(d => d.Identifier);
        foreach (var original in published)
        {
            var copy = copies[original.Identifier];
            Assert.Equal(original.Title, copy.Title);
            Assert.Equal(original.TitleEn, copy.TitleEn);
            Assert.Equal(original.Description, copy.Description);
            Assert.Equal(original.Keywords.Order(StringComparer.Ordinal), copy.Keywords.Order(StringComparer.Ordinal));
            Assert.Equal(original.Agency!.Code, copy.Agency!.Code);
            Assert.Equal(original.ServiceCategory, copy.ServiceCategory);
            Assert.Equal(original.License, copy.License);
            Assert.Equal(original.ContactName, copy.ContactName);
            Assert.Equal(original.ContactEmail, copy.ContactEmail);
            Assert.Equal(original.Resources.Count, copy.Resources.Count);
            Assert.Equal(original.Resources.OrderBy(r => r.Position).Select(r => r.Format), copy.Resources.OrderBy(r => r.Position).Select(r => r.Format));
        }

        // Read whole again, nothing has moved: nothing is rewritten.
        var again = await RunAsync(admin, "demo-dcat");
        Assert.Equal(published.Count, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, again.GetProperty("created").GetInt32() + again.GetProperty("updated").GetInt32() + again.GetProperty("withdrawn").GetInt32());
    }

    [Fact]
    public async Task A_catalog_that_is_not_rdf_fails_the_run_and_changes_nothing()
    {
        using var target = new HarvestTargetAppFactory(() => source.Server.CreateHandler());
        var admin = await target.WithTokenAsync("admin");
        await admin.PostAsJsonAsync("/api/v1/harvest/sources", new JsonObject
        {
            ["name"] = "not-dcat", ["title"] = "不是 DCAT", ["kind"] = "dcat", ["url"] = "http://localhost/api/3/action/package_list", ["agency"] = "MOL",
        });
        var run = await RunAsync(admin, "not-dcat");
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("is it a DCAT catalog?", run.GetProperty("message").GetString());
        Assert.Equal(0, target.WithDb(db => db.Datasets.Count()));
    }
}
