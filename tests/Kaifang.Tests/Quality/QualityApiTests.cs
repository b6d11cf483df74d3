using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Quality;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Quality;

/// The link-check API over HTTP with the real app: who may check what, what staff and the public read.
public sealed class QualityApiTests(LinkCheckAppFactory app) : IClassFixture<LinkCheckAppFactory>
{
    /// A published BLI dataset whose resources are the given paths of the test server; returns its name.
    private async Task<string> PublishedAsync(params string[] paths)
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var name = await officer.CreateDraftAsync("BLI", $"投保薪資 {Guid.NewGuid():N}");
        foreach (var path in paths)
        {
            var added = await officer.PostAsJsonAsync($"/api/v1/datasets/{name}/resources",
                new Kaifang.Catalog.ResourceInput { Name = $"資料 {path}", Url = app.Links.Url(path), Format = "CSV" });
            Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync($"/api/v1/datasets/{name}/publish", null)).StatusCode);
        return name;
    }

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Agency_staff_check_their_dataset_and_get_each_link_with_its_details()
    {
        var name = await PublishedAsync("/good.csv", "/gone.csv", "/moved", "/to-metadata");
        var officer = await app.WithTokenAsync("bli-officer");
        var body = await OkJsonAsync(await officer.PostAsync($"/api/v1/quality/links/check?dataset={name}", null));
        Assert.Equal(4, body.GetProperty("checked").GetInt32());
        Assert.Equal(2, body.GetProperty("ok").GetInt32());
        Assert.Equal(1, body.GetProperty("failed").GetInt32());
        Assert.Equal(1, body.GetProperty("refused").GetInt32());
        var links = body.GetProperty("links").EnumerateArray().ToDictionary(l => l.GetProperty("url").GetString()!);
        Assert.Equal("ok", links[app.Links.Url("/good.csv")].GetProperty("status").GetString());
        Assert.Equal(64, links[app.Links.Url("/good.csv")].GetProperty("contentHash").GetString()!.Length);
        Assert.Equal(404, links[app.Links.Url("/gone.csv")].GetProperty("httpStatus").GetInt32());
        Assert.Equal("http_error", links[app.Links.Url("/gone.csv")].GetProperty("failure").GetString());
        Assert.False(links[app.Links.Url("/gone.csv")].GetProperty("broken").GetBoolean());
        Assert.Equal(2, links[app.Links.Url("/moved")].GetProperty("redirects").GetArrayLength());
        var refused = links[app.Links.Url("/to-metadata")];
        Assert.Equal("refused", refused.GetProperty("status").GetString());
        Assert.Contains("169.254.169.254", refused.GetProperty("error").GetString());
    }

    /// The factory reads links two at a time: five links are three pages, two of them checked side by side.
    [Fact]
    public async Task A_run_over_several_pages_checks_every_link_once()
    {
        var paths = new[] { "/good.csv", "/gone.csv", "/moved", "/good.csv?2", "/gone.csv?2" };
        var name = await PublishedAsync(paths);
        var officer = await app.WithTokenAsync("bli-officer");
        var body = await OkJsonAsync(await officer.PostAsync($"/api/v1/quality/links/check?dataset={name}", null));
        Assert.Equal(5, body.GetProperty("checked").GetInt32());
        Assert.Equal(3, body.GetProperty("ok").GetInt32());
        Assert.Equal(2, body.GetProperty("failed").GetInt32());
        var datasetId = app.WithDb(db => db.Datasets.Single(d => d.Name == name).Id);
        var history = app.WithDb(db => db.LinkCheckResults.Where(r => db.Resources.Any(x => x.Id == r.ResourceId && x.DatasetId == datasetId))
            .GroupBy(r => r.ResourceId).Select(g => g.Count()).ToList());
        Assert.Equal([1, 1, 1, 1, 1], history);
        Assert.Equal(5, app.WithDb(db => db.LinkChecks.Count(c => c.DatasetId == datasetId)));
    }

    [Fact]
    public async Task The_public_reads_a_published_datasets_results_without_error_details()
    {
        var name = await PublishedAsync("/good.csv", "/to-intranet");
        var officer = await app.WithTokenAsync("bli-officer");
        await OkJsonAsync(await officer.PostAsJsonAsync("/api/v1/quality/links/check", new { dataset = name }));
        var links = await OkJsonAsync(await app.CreateClient().GetAsync($"/api/v1/datasets/{name}/links"));
        Assert.Equal(2, links.GetArrayLength());
        Assert.Equal(["ok", "refused"], links.EnumerateArray().Select(l => l.GetProperty("status").GetString()).Order());
        foreach (var link in links.EnumerateArray())
        {
            Assert.False(link.TryGetProperty("error", out _));
            Assert.False(link.TryGetProperty("url", out _));
            Assert.False(link.TryGetProperty("redirects", out _));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/api/v1/datasets/no-such-dataset/links")).StatusCode);
    }

    [Fact]
    public async Task A_draft_s_links_are_not_public()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var name = await officer.CreateDraftAsync("BLI", $"草稿 {Guid.NewGuid():N}");
        await officer.AddLinkAsync(name, app.Links.Url("/good.csv"));
        await OkJsonAsync(await officer.PostAsync($"/api/v1/quality/links/check?dataset={name}", null));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/api/v1/datasets/{name}/links")).StatusCode);
        Assert.Equal(1, (await OkJsonAsync(await officer.GetAsync($"/api/v1/datasets/{name}/links"))).GetArrayLength());
    }

    [Fact]
    public async Task Staff_of_another_agency_do_not_find_the_dataset_and_a_reviewer_may_not_check()
    {
        var name = await PublishedAsync("/good.csv");
        var wda = await app.WithTokenAsync("wda-officer");
        Assert.Equal(HttpStatusCode.NotFound, (await wda.PostAsync($"/api/v1/quality/links/check?dataset={name}", null)).StatusCode);
        var reviewer = await app.WithTokenAsync("reviewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsync($"/api/v1/quality/links/check?dataset={name}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await wda.PostAsync("/api/v1/quality/links/check?agency=BLI", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsync($"/api/v1/quality/links/check?dataset={name}", null)).StatusCode);
    }

    [Fact]
    public async Task Only_a_system_administrator_checks_every_link()
    {
        await PublishedAsync("/good.csv");
        var agencyAdmin = await app.WithTokenAsync("bli-admin");
        var refused = await agencyAdmin.PostAsync("/api/v1/quality/links/check?all=true", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var english = await WithEnglish(agencyAdmin).PostAsync("/api/v1/quality/links/check?all=true", null);
        Assert.Contains("system administrator", await english.Content.ReadAsStringAsync());

        var admin = await app.WithTokenAsync("admin");
        var body = await OkJsonAsync(await admin.PostAsync("/api/v1/quality/links/check?all=true&wait=true", null));
        var published = app.WithDb(db => db.Resources.Count(r => r.Dataset!.Status == Kaifang.Catalog.DatasetStatus.Published));
        Assert.Equal(published, body.GetProperty("checked").GetInt32());
    }

    [Fact]
    public async Task An_agency_check_runs_in_the_background_and_its_results_are_listed()
    {
        var name = await PublishedAsync("/good.csv", "/gone.csv");
        var bliAdmin = await app.WithTokenAsync("bli-admin");
        var started = await bliAdmin.PostAsync("/api/v1/quality/links/check?agency=BLI", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("/api/v1/quality/links?agency=BLI", started.Headers.Location!.ToString());
        var datasetId = app.WithDb(db => db.Datasets.Single(d => d.Name == name).Id);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (app.WithDb(db => db.LinkChecks.Count(c => c.DatasetId == datasetId)) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "The background check did not write its results within 30 seconds.");
            await Task.Delay(100);
        }

        var failing = await OkJsonAsync(await bliAdmin.GetAsync("/api/v1/quality/links?agency=BLI&status=failed&limit=100"));
        Assert.Contains(failing.GetProperty("results").EnumerateArray(), l => l.GetProperty("dataset").GetString() == name && l.GetProperty("httpStatus").GetInt32() == 404);
        Assert.All(failing.GetProperty("results").EnumerateArray(), l => Assert.Equal("failed", l.GetProperty("status").GetString()));

        // Another agency's staff see none of it, and may not ask for it.
        var wda = await app.WithTokenAsync("wda-officer");
        var theirs = await OkJsonAsync(await wda.GetAsync("/api/v1/quality/links?limit=100"));
        Assert.DoesNotContain(theirs.GetProperty("results").EnumerateArray(), l => l.GetProperty("agency").GetString() == "BLI");
        Assert.Equal(HttpStatusCode.Forbidden, (await wda.GetAsync("/api/v1/quality/links?agency=BLI")).StatusCode);
    }

    [Theory]
    [InlineData("", "target")]
    [InlineData("?dataset=x&agency=BLI", "target")]
    [InlineData("?agency=NOPE", "agency")]
    public async Task A_check_without_one_clear_target_is_a_400_saying_what_to_fix(string query, string field)
    {
        var admin = WithEnglish(await app.WithTokenAsync("admin"));
        var response = await admin.PostAsync($"/api/v1/quality/links/check{query}", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
        Assert.True(message.Contains("dataset", StringComparison.Ordinal) || message.Contains("agency", StringComparison.Ordinal), message);
    }

    [Theory]
    [InlineData("?status=broken", "status")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?offset=-1", "offset")]
    [InlineData("?agency=NOPE", "agency")]
    public async Task A_list_with_a_bad_query_is_a_400_naming_the_parameter(string query, string field)
    {
        var admin = await app.WithTokenAsync("admin");
        var response = await admin.GetAsync($"/api/v1/quality/links{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_link_becomes_broken_by_the_rule_and_history_is_pruned()
    {
        var name = await PublishedAsync("/gone.csv");
        var officer = await app.WithTokenAsync("bli-officer");
        async Task<JsonElement> CheckAsync() =>
            (await OkJsonAsync(await officer.PostAsync($"/api/v1/quality/links/check?dataset={name}", null))).GetProperty("links")[0];

        // Default rule: three failed checks in a row, the first and last at least 24 hours apart.
        Assert.False((await CheckAsync()).GetProperty("broken").GetBoolean());
        app.Clock.Advance(TimeSpan.FromHours(12));
        Assert.False((await CheckAsync()).GetProperty("broken").GetBoolean());
        app.Clock.Advance(TimeSpan.FromHours(11));
        var third = await CheckAsync();
        Assert.Equal(3, third.GetProperty("consecutiveFailures").GetInt32());
        Assert.False(third.GetProperty("broken").GetBoolean());
        app.Clock.Advance(TimeSpan.FromHours(1));
        var fourth = await CheckAsync();
        Assert.True(fourth.GetProperty("broken").GetBoolean());

        var publicView = await OkJsonAsync(await app.CreateClient().GetAsync($"/api/v1/datasets/{name}/links"));
        Assert.True(publicView[0].GetProperty("broken").GetBoolean());
        var broken = await OkJsonAsync(await officer.GetAsync("/api/v1/quality/links?broken=true&limit=100"));
        Assert.Contains(broken.GetProperty("results").EnumerateArray(), l => l.GetProperty("dataset").GetString() == name);

        // Four checks, three kept (HistoryPerResource is 3 in these tests).
        var resourceId = fourth.GetProperty("resourceId").GetGuid();
        var history = await app.WithDbAsync(db => db.LinkCheckResults.Where(r => r.ResourceId == resourceId).OrderBy(r => r.CheckedAt).ToListAsync());
        Assert.Equal(3, history.Count);
        Assert.All(history, h => Assert.Equal(LinkStatus.Failed, h.Status));
        Assert.Equal(app.Clock.GetUtcNow(), history[^1].CheckedAt);
    }

    [Fact]
    public async Task An_uploaded_file_is_checked_in_the_file_store_and_fails_when_it_is_gone_or_changed()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var name = await officer.CreateDraftAsync("BLI", $"上傳檔 {Guid.NewGuid():N}");
        var bytes = System.Text.Encoding.UTF8.GetBytes($"年度,人數\n2026,{Guid.NewGuid():N}\n");
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "upload.csv" } })
        {
            Assert.Equal(HttpStatusCode.Created, (await officer.PostAsync($"/api/v1/datasets/{name}/resources/upload", form)).StatusCode);
        }
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

        var first = (await OkJsonAsync(await officer.PostAsync($"/api/v1/quality/links/check?dataset={name}", null))).GetProperty("links")[0];
        Assert.Equal("ok", first.GetProperty("status").GetString());
        Assert.Equal(hash, first.GetProperty("contentHash").GetString());
        Assert.Equal(bytes.Length, first.GetProperty("size").GetInt64());
        Assert.EndsWith("/download", first.GetProperty("url").GetString());

        var stored = Path.Combine(app.DataDirectory, "files", hash[..2], hash);
        await File.WriteAllTextAsync(stored, "changed");
        var changed = (await OkJsonAsync(await officer.PostAsync($"/api/v1/quality/links/check?dataset={name}", null))).GetProperty("links")[0];
        Assert.Equal("file_missing", changed.GetProperty("failure").GetString());
        Assert.Contains("changed or damaged", changed.GetProperty("error").GetString());

        File.Delete(stored);
        var gone = (await OkJsonAsync(await officer.PostAsync($"/api/v1/quality/links/check?dataset={name}", null))).GetProperty("links")[0];
        Assert.Equal("failed", gone.GetProperty("status").GetString());
        Assert.Contains("missing from the file store", gone.GetProperty("error").GetString());
        Assert.Equal(2, gone.GetProperty("consecutiveFailures").GetInt32());
    }

    private static HttpClient WithEnglish(HttpClient client)
    {
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }
}
