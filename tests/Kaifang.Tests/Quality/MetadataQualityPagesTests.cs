using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Catalog;
using Kaifang.Quality;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Quality;

/// The metadata quality score over HTTP: the public API, the dataset page, the back-office page and the DCAT output.
public sealed class MetadataQualityPagesTests(LinkCheckAppFactory app) : IClassFixture<LinkCheckAppFactory>
{
    private async Task<string> PublishedAsync(string agency, string user, params string[] paths)
    {
        var officer = await app.WithTokenAsync(user);
        var name = await officer.CreateDraftAsync(agency, $"品質分數 {Guid.NewGuid():N}");
        foreach (var path in paths)
        {
            var added = await officer.PostAsJsonAsync($"/api/v1/datasets/{name}/resources",
                new Kaifang.Catalog.ResourceInput { Name = $"資料 {path}", Url = app.Links.Url(path), Format = "CSV" });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync($"/api/v1/datasets/{name}/publish", null)).StatusCode);
        return name;
    }

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement Criterion(JsonElement body, string key) =>
        body.GetProperty("criteria").EnumerateArray().Single(c => c.GetProperty("key").GetString() == key);

    [Fact]
    public async Task The_api_gives_a_datasets_criteria_and_counts_a_link_reachable_once_checked()
    {
        var name = await PublishedAsync("BLI", "bli-officer", "/good.csv", "/gone.csv");
        var client = app.CreateClient();
        var before = await OkJsonAsync(await client.GetAsync($"/api/v1/quality/metadata?dataset={name}"));
        Assert.Equal(405, before.GetProperty("maxPoints").GetInt32());
        Assert.Equal(23, before.GetProperty("criteria").GetArrayLength());
        var unchecked_ = Criterion(before, "access_url_reachable");
        Assert.Equal(0, unchecked_.GetProperty("points").GetInt32());
        Assert.Contains("連結檢查", unchecked_.GetProperty("toGain").GetString());

        await (await app.WithTokenAsync("bli-officer")).PostAsync($"/api/v1/quality/links/check?dataset={name}", null);
        var after = await OkJsonAsync(await client.GetAsync($"/api/v1/quality/metadata?dataset={name}&lang=en"));
        var reachable = Criterion(after, "access_url_reachable");
        Assert.Equal(25, reachable.GetProperty("points").GetInt32());
        Assert.Equal(1, reachable.GetProperty("metBy").GetInt32());
        Assert.Equal(2, reachable.GetProperty("of").GetInt32());
        Assert.Equal("Access URL reachable", reachable.GetProperty("name").GetString());
        Assert.Equal(before.GetProperty("points").GetInt32() + 25, after.GetProperty("points").GetInt32());
    }

    [Fact]
    public async Task The_api_lists_an_agencys_datasets_worst_first_with_its_average()
    {
        await PublishedAsync("BLI", "bli-officer", "/good.csv");
        var body = await OkJsonAsync(await app.CreateClient().GetAsync("/api/v1/quality/metadata?agency=BLI"));
        var points = body.GetProperty("datasets").EnumerateArray().Select(d => d.GetProperty("points").GetInt32()).ToList();
        Assert.NotEmpty(points);
        Assert.Equal(points.Order(), points);
        Assert.All(body.GetProperty("datasets").EnumerateArray(), d => Assert.Equal("BLI", d.GetProperty("agency").GetString()));
        var bli = body.GetProperty("agencies").EnumerateArray().Single(a => a.GetProperty("agency").GetString() == "BLI");
        Assert.Equal(Math.Round(points.Average(), 1), bli.GetProperty("averagePoints").GetDouble());
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/api/v1/quality/metadata?agency=NOPE")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/api/v1/quality/metadata?dataset=no-such-dataset")).StatusCode);
    }

    [Fact]
    public async Task The_dataset_page_shows_the_score_and_what_to_add()
    {
        var name = await PublishedAsync("BLI", "bli-officer", "/good.csv");
        var page = await app.CreateClient().GetStringAsync($"/datasets/{name}");
        Assert.Contains("詮釋資料品質", page);
        Assert.Contains("/ 405 分", page);
        Assert.Contains("可補充以提高分數", page);
        Assert.True(page.IndexOf("metadata-quality-heading", StringComparison.Ordinal) < page.IndexOf("developers-heading", StringComparison.Ordinal));
        var english = await app.CreateClient().GetStringAsync($"/datasets/{name}?lang=en");
        Assert.Contains("of 405 points", english);
        Assert.Contains("What to add to gain points", english);
    }

    [Fact]
    public async Task The_dcat_output_carries_the_score_as_dqv()
    {
        var name = await PublishedAsync("BLI", "bli-officer", "/good.csv");
        var turtle = await app.CreateClient().GetStringAsync($"/dataset/{name}.ttl");
        Assert.Contains("dqv:hasQualityMeasurement", turtle);
        Assert.Contains("pv:scoring", turtle);
        // A link never checked has no status code to give.
        Assert.DoesNotContain("accessUrlStatusCode", turtle);
        await (await app.WithTokenAsync("bli-officer")).PostAsync($"/api/v1/quality/links/check?dataset={name}", null);
        var checkedTurtle = await app.CreateClient().GetStringAsync($"/dataset/{name}.ttl");
        Assert.Contains("accessUrlStatusCode", checkedTurtle);
        Assert.Contains("\"200\"^^xsd:integer", checkedTurtle);
    }

    [Fact]
    public async Task Staff_see_their_own_agencies_scores_only()
    {
        var name = await PublishedAsync("BLI", "bli-officer", "/good.csv");
        var bli = await app.SignedInAsync("bli-officer");
        var page = await bli.GetStringAsync("/admin/quality/metadata");
        Assert.Contains("<h1>詮釋資料品質</h1>", page);
        Assert.Contains(name, page);
        Assert.Contains("各機關平均分數", page);

        var wda = await app.SignedInAsync("wda-officer");
        var other = await wda.GetStringAsync("/admin/quality/metadata");
        Assert.DoesNotContain(name, other);
        Assert.Equal(HttpStatusCode.NotFound, (await wda.GetAsync("/admin/quality/metadata?agency=BLI")).StatusCode);
    }

    [Fact]
    public async Task The_lists_score_each_dataset_as_its_own_score_does()
    {
        // The lists load only the fields the score reads: a dataset that earns every point on its own must earn
        // them in the list too, and one that lacks nearly everything must not earn more there.
        var bli = await app.WithDbAsync(db => db.Agencies.Where(a => a.Code == "BLI").Select(a => a.Id).SingleAsync());
        var key = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var at = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
        var full = new Dataset
        {
            Id = Guid.NewGuid(), Identifier = $"Q{key}-FULL", Name = $"q{key.ToLowerInvariant()}-full", Title = "投保薪資分級表",
            Description = "勞工保險投保薪資的分級與金額。", AgencyId = bli, ServiceCategory = "500", Keywords = ["勞工保險"],
            License = "CC BY 4.0", ContactEmail = "data@bli.gov.tw", SpatialCoverage = "臺灣地區", CoverageEnd = new DateOnly(2025, 12, 31),
            Status = DatasetStatus.Published, FirstPublishedAt = at, CreatedAt = at, MetadataModifiedAt = at,
        };
        full.Resources = [MetadataQualityTests.Upload(full, 1, "CSV", "text/csv", 1234), MetadataQualityTests.Upload(full, 2, "JSON", "application/json", 5678)];
        var sparse = new Dataset
        {
            Id = Guid.NewGuid(), Identifier = $"Q{key}-SPARSE", Name = $"q{key.ToLowerInvariant()}-sparse", Title = "未整理的資料",
            Description = "\u3000", AgencyId = bli, ServiceCategory = "ZZZ", License = "其他",
            Status = DatasetStatus.Published, CreatedAt = at, MetadataModifiedAt = at,
        };
        sparse.Resources = [MetadataQualityTests.Link(sparse, 1, "SHP", app.Links.Url("/gone.csv"))];
        await app.WithDbAsync(async db =>
        {
            db.Datasets.AddRange(full, sparse);
            db.LinkChecks.AddRange(full.Resources.Select(r => new LinkCheck { ResourceId = r.Id, DatasetId = full.Id, Url = r.FileHash!, LastCheckedAt = at, LastStatus = LinkStatus.Ok }));
            db.LinkChecks.Add(new LinkCheck
            {
                ResourceId = sparse.Resources[0].Id, DatasetId = sparse.Id, Url = sparse.Resources[0].Url!, LastCheckedAt = at,
                LastStatus = LinkStatus.Failed, Failure = LinkFailure.HttpError, HttpStatus = 404,
            });
            return await db.SaveChangesAsync();
        });

        var client = app.CreateClient();
        var list = (await OkJsonAsync(await client.GetAsync("/api/v1/quality/metadata?agency=BLI"))).GetProperty("datasets").EnumerateArray()
            .ToDictionary(d => d.GetProperty("dataset").GetString()!, d => d.GetProperty("points").GetInt32());
        foreach (var name in new[] { full.Name, sparse.Name })
        {
            var own = await OkJsonAsync(await client.GetAsync($"/api/v1/quality/metadata?dataset={name}"));
            Assert.Equal(own.GetProperty("points").GetInt32(), list[name]);
        }
        Assert.Equal(405, list[full.Name]);
        Assert.True(list[sparse.Name] < 121, $"{list[sparse.Name]} points");
    }
}
