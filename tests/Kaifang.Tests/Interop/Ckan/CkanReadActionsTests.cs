using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Catalog;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Interop.Ckan;

/// The read side of the CKAN Action API against the demo catalog, as CKAN clients call it.
public sealed class CkanReadActionsTests(DemoCatalogAppFactory app) : IClassFixture<DemoCatalogAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private async Task<JsonElement> ResultAsync(string url)
    {
        var (status, body) = await GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        return body.GetProperty("result");
    }

    private int PublishedCount => app.WithDb(db => db.Datasets.Count(d => d.Status == DatasetStatus.Published));

    [Fact]
    public async Task Answers_in_ckans_envelope_on_both_paths()
    {
        foreach (var prefix in new[] { "/api/3/action", "/api/action" })
        {
            var (status, body) = await GetAsync($"{prefix}/status_show");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("http://localhost/api/3/action/help_show?name=status_show", body.GetProperty("help").GetString());
            Assert.True(body.GetProperty("success").GetBoolean());
            Assert.Equal("2.10.4", body.GetProperty("result").GetProperty("ckan_version").GetString());
        }
    }

    [Fact]
    public async Task An_unknown_action_is_a_bad_request_with_a_bare_string()
    {
        var (status, body) = await GetAsync("/api/3/action/package_frobnicate");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(JsonValueKind.String, body.ValueKind);
        Assert.Equal("Bad request: Action name not known: package_frobnicate", body.GetString());
    }

    [Fact]
    public async Task A_write_action_by_get_asks_for_post()
    {
        var (status, body) = await GetAsync("/api/3/action/package_create?name=x");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Please use POST method", body.GetString());
    }

    [Fact]
    public async Task Package_show_by_name_and_by_id_with_ckan_fields_and_extras()
    {
        var dataset = app.WithDb(db => db.Datasets.Include(d => d.Resources).First(d => d.Status == DatasetStatus.Published && d.Resources.Count > 0));
        var byName = await ResultAsync($"/api/3/action/package_show?id={dataset.Name}");
        var byId = await ResultAsync($"/api/3/action/package_show?id={dataset.Id}");
        Assert.Equal(byName.GetProperty("id").GetString(), byId.GetProperty("id").GetString());

        Assert.Equal(dataset.Title, byName.GetProperty("title").GetString());
        Assert.Equal(dataset.Description, byName.GetProperty("notes").GetString());
        Assert.Equal("ogdl-taiwan-1.0", byName.GetProperty("license_id").GetString());
        Assert.True(byName.GetProperty("isopen").GetBoolean());
        Assert.False(byName.GetProperty("private").GetBoolean());
        Assert.Equal("active", byName.GetProperty("state").GetString());
        Assert.EndsWith("Z", byName.GetProperty("metadata_modified").GetString());
        Assert.Equal(dataset.Resources.Count, byName.GetProperty("num_resources").GetInt32());
        Assert.Equal(dataset.Keywords.Count, byName.GetProperty("num_tags").GetInt32());
        var org = byName.GetProperty("organization");
        Assert.Equal(byName.GetProperty("owner_org").GetString(), org.GetProperty("id").GetString());
        Assert.True(org.GetProperty("is_organization").GetBoolean());

        var extras = byName.GetProperty("extras").EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("value").GetString());
        Assert.Equal(dataset.Identifier, extras["identifier"]);
        Assert.Equal(dataset.UpdateFrequency.ToString(), extras["update_frequency"]);
        Assert.Equal(dataset.MainFieldsDescription, extras["main_fields_description"]);

        var resource = byName.GetProperty("resources")[0];
        Assert.Equal(0, resource.GetProperty("position").GetInt32());
        Assert.Equal(dataset.Id.ToString(), resource.GetProperty("package_id").GetString());
        Assert.False(string.IsNullOrEmpty(resource.GetProperty("url").GetString()));
        Assert.Contains("datastore_active", resource.EnumerateObject().Select(p => p.Name));
    }

    /// package_search writes its dicts from the datasets the search index keeps, package_show from the
    /// database: they must agree, with the addresses of the site as the request named it.
    [Fact]
    public async Task Package_search_answers_the_same_dicts_as_package_show_at_the_address_asked()
    {
        var other = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://portal.example/") });
        var names = app.WithDb(db => db.Datasets.Where(d => d.Status == DatasetStatus.Published && d.Resources.Count > 0)
            .OrderBy(d => d.Name).Select(d => d.Name).Take(5).ToList());
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            // Both read datastore_active live, and the DataStore may still be loading the demo catalog's tables: the
            // search is compared with package_show's answers before and after it once those two agree.
            for (var attempt = 1; ; attempt++)
            {
                var before = await ShownAsync(other, name);
                var found = (await other.GetFromJsonAsync<JsonElement>($"/api/3/action/package_search?fq=name:{name}")).GetProperty("result").GetProperty("results")[0];
                var after = await ShownAsync(other, name);
                if (JsonElement.DeepEquals(before, after) || attempt == 20)
                {
                    Assert.True(JsonElement.DeepEquals(after, found), $"package_search and package_show differ for {name}:\n{found}\n{after}");
                    Assert.StartsWith("http://portal.example/datasets/", found.GetProperty("kaifang_url").GetString());
                    break;
                }
                await Task.Delay(500);
            }
        }
    }

    private static async Task<JsonElement> ShownAsync(HttpClient client, string name) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/3/action/package_show?id={name}")).GetProperty("result");

    [Fact]
    public async Task Package_show_of_a_missing_or_draft_dataset_is_not_found()
    {
        var draft = app.WithDb(db => db.Datasets.First(d => d.Status != DatasetStatus.Published));
        foreach (var id in new[] { "no-such-dataset", draft.Name })
        {
            var (status, body) = await GetAsync($"/api/3/action/package_show?id={id}");
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.False(body.GetProperty("success").GetBoolean());
            Assert.Equal("Not Found Error", body.GetProperty("error").GetProperty("__type").GetString());
            Assert.StartsWith("Not found", body.GetProperty("error").GetProperty("message").GetString());
        }
        var (missing, error) = await GetAsync("/api/3/action/package_show");
        Assert.Equal(HttpStatusCode.Conflict, missing);
        Assert.Equal("Validation Error", error.GetProperty("error").GetProperty("__type").GetString());
        Assert.Equal("Missing value", error.GetProperty("error").GetProperty("id")[0].GetString());
        Assert.False(error.GetProperty("error").TryGetProperty("message", out _));
    }

    [Fact]
    public async Task Package_list_lists_every_published_name_in_order()
    {
        var names = (await ResultAsync("/api/3/action/package_list")).EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Equal(PublishedCount, names.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        var page = (await ResultAsync("/api/3/action/package_list?limit=5&offset=5")).EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Equal(names.Skip(5).Take(5), page);
    }

    [Fact]
    public async Task Package_search_defaults_to_ten_rows_and_counts_everything()
    {
        var result = await ResultAsync("/api/3/action/package_search");
        Assert.Equal(PublishedCount, result.GetProperty("count").GetInt32());
        Assert.Equal(10, result.GetProperty("results").GetArrayLength());
        Assert.Equal("score desc, metadata_modified desc", result.GetProperty("sort").GetString());
        var big = await ResultAsync("/api/3/action/package_search?rows=5000");
        Assert.Equal(Math.Min(PublishedCount, 1000), big.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task Package_search_finds_words_and_filters_with_fq_and_fq_list()
    {
        var result = await ResultAsync("/api/3/action/package_search?q=" + Uri.EscapeDataString("投保薪資"));
        Assert.Contains("投保薪資", result.GetProperty("results")[0].GetProperty("title").GetString());

        var csv = await ResultAsync("/api/3/action/package_search?rows=1000&fq=" + Uri.EscapeDataString("res_format:CSV"));
        Assert.True(csv.GetProperty("count").GetInt32() > 0);
        Assert.All(csv.GetProperty("results").EnumerateArray(), p =>
            Assert.Contains(p.GetProperty("resources").EnumerateArray(), r => r.GetProperty("format").GetString() == "CSV"));

        var bli = await ResultAsync("/api/3/action/package_search?rows=1000&fq_list=" + Uri.EscapeDataString("organization:bli") + "&fq_list=" + Uri.EscapeDataString("res_format:\"CSV\""));
        Assert.True(bli.GetProperty("count").GetInt32() > 0);
        Assert.True(bli.GetProperty("count").GetInt32() < csv.GetProperty("count").GetInt32());
        Assert.All(bli.GetProperty("results").EnumerateArray(), p => Assert.Equal("bli", p.GetProperty("organization").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Package_search_counts_facets_in_both_of_ckans_shapes()
    {
        var fields = Uri.EscapeDataString("[\"organization\",\"groups\",\"tags\",\"res_format\",\"license_id\"]");
        var result = await ResultAsync($"/api/3/action/package_search?rows=0&facet.field={fields}&facet.limit=3");
        var facets = result.GetProperty("facets");
        var search = result.GetProperty("search_facets");
        foreach (var name in new[] { "organization", "groups", "tags", "res_format", "license_id" })
        {
            var items = search.GetProperty(name).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(name, search.GetProperty(name).GetProperty("title").GetString());
            Assert.InRange(items.Count, 1, 3);
            Assert.Equal(items.Select(i => i.GetProperty("count").GetInt32()).OrderDescending(), items.Select(i => i.GetProperty("count").GetInt32()));
            foreach (var item in items)
            {
                Assert.Equal(item.GetProperty("count").GetInt32(), facets.GetProperty(name).GetProperty(item.GetProperty("name").GetString()!).GetInt32());
            }
        }
        var orgs = search.GetProperty("organization").GetProperty("items").EnumerateArray().ToList();
        Assert.All(orgs, o => Assert.Equal(o.GetProperty("name").GetString()!.ToLowerInvariant(), o.GetProperty("name").GetString()));
        Assert.All(orgs, o => Assert.StartsWith("勞動部", o.GetProperty("display_name").GetString()));
        Assert.Equal("ogdl-taiwan-1.0", search.GetProperty("license_id").GetProperty("items")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_facet_asked_for_twice_is_answered_once()
    {
        var fields = Uri.EscapeDataString("[\"organization\",\"tags\",\"organization\"]");
        var response = await _client.GetAsync($"/api/3/action/package_search?rows=0&facet.field={fields}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // A repeated key would be lost or refused by a strict JSON reader; each facet is there once, in the order asked.
        var result = JsonDocument.Parse(text).RootElement.GetProperty("result");
        Assert.Equal(["organization", "tags"], result.GetProperty("facets").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["organization", "tags"], result.GetProperty("search_facets").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Package_search_filters_on_a_modified_range_and_sorts()
    {
        var all = await ResultAsync("/api/3/action/package_search?rows=1000&sort=" + Uri.EscapeDataString("metadata_modified asc"));
        var modified = all.GetProperty("results").EnumerateArray().Select(p => p.GetProperty("metadata_modified").GetString()!).ToList();
        Assert.Equal(modified.Order(StringComparer.Ordinal), modified);
        var middle = modified[modified.Count / 2];
        var since = await ResultAsync("/api/3/action/package_search?rows=1000&fq=" + Uri.EscapeDataString($"metadata_modified:[{middle} TO *]"));
        Assert.Equal(modified.Count(m => string.CompareOrdinal(m, middle) >= 0), since.GetProperty("count").GetInt32());

        var byName = await ResultAsync("/api/3/action/package_search?rows=50&sort=" + Uri.EscapeDataString("name desc"));
        var names = byName.GetProperty("results").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();
        Assert.Equal(names.OrderDescending(StringComparer.Ordinal), names);
    }

    [Theory]
    [InlineData("q", "title:(unclosed")]
    [InlineData("fq", "res_format:[CSV")]
    [InlineData("fq", "colour:red")]
    [InlineData("sort", "popularity desc")]
    [InlineData("sort", "name sideways")]
    [InlineData("facet.field", "[\"colour\"]")]
    public async Task Package_search_refuses_malformed_queries_as_search_query_errors(string parameter, string value)
    {
        var (status, body) = await GetAsync($"/api/3/action/package_search?{parameter}={Uri.EscapeDataString(value)}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal("Search Query Error", body.GetProperty("error").GetProperty("__type").GetString());
        Assert.StartsWith("Search Query is invalid", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("rows=-1", "rows")]
    [InlineData("rows=ten", "rows")]
    [InlineData("start=-5", "start")]
    [InlineData("include_private=maybe", "include_private")]
    public async Task Package_search_refuses_bad_numbers_as_validation_errors(string query, string field)
    {
        var (status, body) = await GetAsync($"/api/3/action/package_search?{query}");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Validation Error", body.GetProperty("error").GetProperty("__type").GetString());
        Assert.True(body.GetProperty("error").TryGetProperty(field, out _));
    }

    /// The calls ckanext-harvest's CKAN harvester makes: pages of package_search sorted by id with a
    /// modified-since filter, then organization_show for each organization it met.
    [Fact]
    public async Task The_ckan_harvester_call_sequence_walks_the_whole_catalog()
    {
        var since = Uri.EscapeDataString("metadata_modified:[2000-01-01T00:00:00Z TO *]");
        var ids = new List<string>();
        var orgs = new HashSet<string>();
        for (var start = 0; ; start += 100)
        {
            var page = await ResultAsync($"/api/3/action/package_search?rows=100&start={start}&sort={Uri.EscapeDataString("id asc")}&fq={since}");
            var results = page.GetProperty("results").EnumerateArray().ToList();
            if (results.Count == 0)
            {
                break;
            }
            ids.AddRange(results.Select(r => r.GetProperty("id").GetString()!));
            orgs.UnionWith(results.Select(r => r.GetProperty("owner_org").GetString()!));
        }
        Assert.Equal(PublishedCount, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        foreach (var org in orgs)
        {
            var shown = await ResultAsync($"/api/3/action/organization_show?id={org}");
            Assert.Equal(org, shown.GetProperty("id").GetString());
            Assert.True(shown.GetProperty("package_count").GetInt32() > 0);
        }
    }

    [Fact]
    public async Task Organizations_groups_tags_and_licences_are_listed()
    {
        var orgNames = (await ResultAsync("/api/3/action/organization_list?sort=name%20asc")).EnumerateArray().Select(o => o.GetString()).ToList();
        Assert.Equal(["blf", "bli", "ilosh", "mol", "osha", "wda"], orgNames);
        var orgs = await ResultAsync("/api/3/action/organization_list?all_fields=true&sort=package_count%20desc");
        var counts = orgs.EnumerateArray().Select(o => o.GetProperty("package_count").GetInt32()).ToList();
        Assert.Equal(counts.OrderDescending(), counts);
        Assert.Equal(PublishedCount, counts.Sum());

        var withDatasets = await ResultAsync("/api/3/action/organization_show?id=bli&include_datasets=true");
        Assert.Equal(withDatasets.GetProperty("package_count").GetInt32(), withDatasets.GetProperty("packages").GetArrayLength());

        var groups = await ResultAsync("/api/3/action/group_list?all_fields=true");
        Assert.Contains(groups.EnumerateArray(), g => g.GetProperty("name").GetString() == "500" && g.GetProperty("title").GetString() == "求職及就業");
        var group = await ResultAsync("/api/3/action/group_show?id=500");
        Assert.Equal("求職及就業", group.GetProperty("display_name").GetString());

        var publishedKeywords = app.WithDb(db => db.Datasets.Where(d => d.Status == DatasetStatus.Published).ToList())
            .SelectMany(d => d.Keywords).ToHashSet();
        var tags = (await ResultAsync("/api/3/action/tag_list")).EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(publishedKeywords.Order(StringComparer.Ordinal), tags);
        var some = (await ResultAsync("/api/3/action/tag_list?query=" + Uri.EscapeDataString("勞"))).EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.All(some, t => Assert.Contains("勞", t));

        var licenses = await ResultAsync("/api/3/action/license_list");
        Assert.Contains(licenses.EnumerateArray(), l => l.GetProperty("id").GetString() == "ogdl-taiwan-1.0" && l.GetProperty("url").GetString() == "https://data.gov.tw/license");
    }

    [Fact]
    public async Task Resource_show_and_current_package_list()
    {
        var resource = app.WithDb(db => db.Resources.First(r => r.Dataset!.Status == DatasetStatus.Published));
        var shown = await ResultAsync($"/api/3/action/resource_show?id={resource.Id}");
        Assert.Equal(resource.Name, shown.GetProperty("name").GetString());
        var (status, _) = await GetAsync($"/api/3/action/resource_show?id={Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, status);

        var current = await ResultAsync("/api/3/action/current_package_list_with_resources?limit=20");
        var modified = current.EnumerateArray().Select(p => p.GetProperty("metadata_modified").GetString()!).ToList();
        Assert.Equal(20, modified.Count);
        Assert.Equal(modified.OrderDescending(StringComparer.Ordinal), modified);
        Assert.All(current.EnumerateArray(), p => Assert.True(p.TryGetProperty("resources", out _)));
    }

    [Fact]
    public async Task Help_show_describes_an_action()
    {
        var help = await ResultAsync("/api/3/action/help_show?name=package_search");
        Assert.Contains("fq", help.GetString());
    }
}
