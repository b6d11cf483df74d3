using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kaifang.Catalog;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Catalog;

public sealed class DatasetsApiTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>
{
    [Fact]
    public async Task An_officer_creates_a_draft_with_the_next_national_identifier()
    {
        var client = await app.WithTokenAsync("bli-officer");
        var response = await client.PostAsJsonAsync("/api/v1/datasets", ApiClients.SampleInput("BLI"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches(@"^A17010000J-\d{6}$", body.GetProperty("identifier").GetString());
        Assert.Equal("draft", body.GetProperty("status").GetString());
        Assert.Equal("每1年", body.GetProperty("updateFrequency").GetString());
    }

    [Fact]
    public async Task Invalid_metadata_gets_a_400_naming_every_field_in_chinese_or_english()
    {
        var client = await app.WithTokenAsync("bli-officer");
        var bad = new DatasetInput { Agency = "BLI", ContactPhone = "call me", UpdateFrequency = "sometimes" };

        var zh = await client.PostAsJsonAsync("/api/v1/datasets", bad);
        Assert.Equal(HttpStatusCode.BadRequest, zh.StatusCode);
        var zhErrors = (await zh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "title", "description", "mainFieldsDescription", "contactName", "contactPhone", "updateFrequency", "serviceCategory" })
        {
            Assert.True(zhErrors.TryGetProperty(field, out _), $"no error for {field}");
        }
        Assert.Contains("請填寫資料集名稱", zhErrors.GetProperty("title")[0].GetString());

        var en = await client.PostAsJsonAsync("/api/v1/datasets?lang=en", bad);
        var enErrors = (await en.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("Title is required.", enErrors.GetProperty("title")[0].GetString());
    }

    [Fact]
    public async Task A_failed_update_leaves_the_dataset_exactly_as_it_was()
    {
        var client = await app.WithTokenAsync("bli-officer");
        var name = await client.CreateDraftAsync("BLI", "勞工退休金提繳工資分級表");
        var before = await client.GetStringAsync($"/api/v1/datasets/{name}");

        var response = await client.PutAsJsonAsync($"/api/v1/datasets/{name}", ApiClients.SampleInput("BLI", "新名稱") with { ContactEmail = "broken@" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await client.GetStringAsync($"/api/v1/datasets/{name}"));
    }

    [Fact]
    public async Task Publishing_needs_a_resource_then_the_public_sees_the_dataset()
    {
        var client = await app.WithTokenAsync("bli-officer");
        var name = await client.CreateDraftAsync("BLI", "勞保給付統計");
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/datasets/{name}")).StatusCode);

        var early = await client.PostAsync($"/api/v1/datasets/{name}/publish", null);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("resources", await early.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, (await client.AddLinkAsync(name)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/datasets/{name}/publish", null)).StatusCode);

        var published = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{name}");
        Assert.Equal("published", published.GetProperty("status").GetString());
        Assert.True(published.TryGetProperty("firstPublishedAt", out var first) && first.ValueKind == JsonValueKind.String);
        Assert.Equal("CSV", published.GetProperty("resources")[0].GetProperty("format").GetString());

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/datasets/{name}/withdraw", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/datasets/{name}")).StatusCode);
    }

    [Fact]
    public async Task An_uploaded_file_is_stored_by_its_hash_and_served_back()
    {
        var client = await app.WithTokenAsync("bli-officer");
        var name = await client.CreateDraftAsync("BLI", "投保薪資分級表上傳");
        var csv = Encoding.UTF8.GetBytes("等級,月投保薪資\n1,29500\n2,30300\n");
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(csv) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "分級表.csv" },
            { new StringContent("分級表"), "name" },
        };
        var response = await client.PostAsync($"/api/v1/datasets/{name}/resources/upload", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var resource = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("CSV", resource.GetProperty("format").GetString());
        Assert.Equal(csv.Length, resource.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(csv)), resource.GetProperty("sha256").GetString());
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "files", resource.GetProperty("sha256").GetString()![..2], resource.GetProperty("sha256").GetString()!)));
    }

    [Fact]
    public async Task An_upload_of_a_disallowed_type_is_refused_with_the_reason_and_nothing_saved()
    {
        var client = await app.WithTokenAsync("bli-officer");
        var name = await client.CreateDraftAsync("BLI", "不接受的檔案");
        using var form = new MultipartFormDataContent { { new ByteArrayContent([0x4d, 0x5a]), "file", "setup.exe" } };
        var response = await client.PostAsync($"/api/v1/datasets/{name}/resources/upload?lang=en", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'.exe' are not accepted", await response.Content.ReadAsStringAsync());
        var count = await app.WithDbAsync(db => db.Resources.CountAsync(r => r.Dataset!.Name == name));
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task Every_change_is_in_the_history_with_before_and_after()
    {
        var client = await app.WithTokenAsync("bli-officer");
        var name = await client.CreateDraftAsync("BLI", "就業保險失業給付");
        var update = await client.PutAsJsonAsync($"/api/v1/datasets/{name}", ApiClients.SampleInput("BLI", "就業保險失業給付統計"));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{name}/history");
        var latest = history[0];
        Assert.Equal("Updated", latest.GetProperty("action").GetString());
        Assert.Equal("bli-officer", latest.GetProperty("user").GetString());
        var title = latest.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "title");
        Assert.Equal("就業保險失業給付", title.GetProperty("before").GetString());
        Assert.Equal("就業保險失業給付統計", title.GetProperty("after").GetString());
        Assert.Equal("Created", history[history.GetArrayLength() - 1].GetProperty("action").GetString());
    }

    [Fact]
    public async Task Writes_without_a_token_are_refused_and_a_bad_token_is_unauthorized()
    {
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/datasets", ApiClients.SampleInput("BLI"))).StatusCode);
        var forged = app.CreateClient();
        forged.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "kf_0000000000000000000000000000000000000000");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.PostAsJsonAsync("/api/v1/datasets", ApiClients.SampleInput("BLI"))).StatusCode);
    }

    [Fact]
    public async Task Staff_create_tokens_for_themselves_and_a_revoked_token_stops_working()
    {
        var browser = await app.SignedInAsync("osha-officer");
        var created = await browser.PostAsJsonAsync("/api/v1/tokens", new { name = "harvester", expiresInDays = 30 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("token").GetString()!;

        var machine = app.CreateClient();
        machine.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.Created, (await machine.PostAsJsonAsync("/api/v1/datasets", ApiClients.SampleInput("OSHA", "職業災害統計"))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await browser.DeleteAsync($"/api/v1/tokens/{body.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await machine.PostAsJsonAsync("/api/v1/datasets", ApiClients.SampleInput("OSHA", "職業災害統計"))).StatusCode);
    }

    [Fact]
    public async Task A_dataset_that_was_ever_published_is_withdrawn_not_deleted()
    {
        var client = await app.WithTokenAsync("bli-admin");
        var name = await client.CreateDraftAsync("BLI", "曾上架的資料集");
        await client.AddLinkAsync(name);
        (await client.PostAsync($"/api/v1/datasets/{name}/publish", null)).EnsureSuccessStatusCode();
        (await client.PostAsync($"/api/v1/datasets/{name}/withdraw", null)).EnsureSuccessStatusCode();
        var response = await client.DeleteAsync($"/api/v1/datasets/{name}?lang=en");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("withdraw a published dataset instead", await response.Content.ReadAsStringAsync());

        var draft = await client.CreateDraftAsync("BLI", "誤建的草稿");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/datasets/{draft}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/datasets/{draft}")).StatusCode);
    }

    [Fact]
    public async Task A_published_dataset_is_found_by_search_at_once_and_a_withdrawn_one_is_not()
    {
        var client = await app.WithTokenAsync("osha-admin");
        var name = await client.CreateDraftAsync("OSHA", "職業災害統計月報");
        await client.AddLinkAsync(name);
        var anonymous = app.CreateClient();
        var before = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/datasets?q=職業災害統計月報");
        Assert.DoesNotContain(before.GetProperty("results").EnumerateArray(), r => r.GetProperty("name").GetString() == name);

        (await client.PostAsync($"/api/v1/datasets/{name}/publish", null)).EnsureSuccessStatusCode();
        var found = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/datasets?q=職業災害&agency=OSHA");
        Assert.Contains(found.GetProperty("results").EnumerateArray(), r => r.GetProperty("name").GetString() == name);
        Assert.True(found.GetProperty("facets").GetProperty("agency").GetArrayLength() > 0);

        (await client.PostAsync($"/api/v1/datasets/{name}/withdraw", null)).EnsureSuccessStatusCode();
        var after = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/datasets?q=職業災害統計月報");
        Assert.DoesNotContain(after.GetProperty("results").EnumerateArray(), r => r.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task Search_parameters_out_of_range_are_explained()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/datasets?limit=1000&sort=random&lang=en");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("limit", out _));
        Assert.True(errors.TryGetProperty("sort", out _));
    }

    [Fact]
    public async Task Staff_search_their_own_agencies_drafts_and_the_public_cannot()
    {
        var bli = await app.WithTokenAsync("bli-officer");
        var bliDraft = await bli.CreateDraftAsync("BLI", "勞保草稿搜尋測試");
        var osha = await app.WithTokenAsync("osha-officer");
        var oshaDraft = await osha.CreateDraftAsync("OSHA", "職安草稿搜尋測試");

        var mine = await bli.GetFromJsonAsync<JsonElement>("/api/v1/datasets?q=草稿搜尋測試&status=draft");
        var names = mine.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Contains(bliDraft, names);
        Assert.DoesNotContain(oshaDraft, names);

        var anonymous = await app.CreateClient().GetAsync("/api/v1/datasets?q=草稿搜尋測試&status=draft");
        Assert.Equal(HttpStatusCode.BadRequest, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_new_file_replaces_a_resource_keeping_its_identifier_and_the_old_hash_in_history()
    {
        var client = await app.WithTokenAsync("bli-officer");
        var name = await client.CreateDraftAsync("BLI", "每月更新的統計");
        using var first = new MultipartFormDataContent { { new ByteArrayContent("年月,件數\n115/09,10\n"u8.ToArray()), "file", "monthly.csv" } };
        var created = await (await client.PostAsync($"/api/v1/datasets/{name}/resources/upload", first)).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();
        var oldHash = created.GetProperty("sha256").GetString();

        using var second = new MultipartFormDataContent { { new ByteArrayContent("年月,件數\n115/09,10\n115/10,12\n"u8.ToArray()), "file", "monthly.csv" } };
        var response = await client.PutAsync($"/api/v1/datasets/{name}/resources/{id}/file", second);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replaced = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(created.GetProperty("identifier").GetString(), replaced.GetProperty("identifier").GetString());
        Assert.NotEqual(oldHash, replaced.GetProperty("sha256").GetString());

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{name}/history");
        var hash = history[0].GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "fileHash");
        Assert.Equal(oldHash, hash.GetProperty("before").GetString());

        using var bad = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "virus.exe" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsync($"/api/v1/datasets/{name}/resources/{id}/file", bad)).StatusCode);
        var other = await app.WithTokenAsync("osha-officer");
        using var again = new MultipartFormDataContent { { new ByteArrayContent("x\n1\n"u8.ToArray()), "file", "x.csv" } };
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsync($"/api/v1/datasets/{name}/resources/{id}/file", again)).StatusCode);
    }
}
