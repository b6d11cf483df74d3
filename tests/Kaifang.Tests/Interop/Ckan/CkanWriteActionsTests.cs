using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kaifang.Accounts;
using Kaifang.Catalog;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Interop.Ckan;

/// The write side of the CKAN Action API, called as ckanapi and CKAN's own clients call it:
/// JSON or form bodies, the token bare in the Authorization header.
public sealed class CkanWriteActionsTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>
{
    private static JsonObject Package(string name, string org = "bli") => new()
    {
        ["name"] = name,
        ["title"] = "勞工保險投保薪資分級表",
        ["notes"] = "勞工保險投保薪資分級表，列出各投保薪資等級與月投保薪資。",
        ["owner_org"] = org,
        ["license_id"] = "ogdl-taiwan-1.0",
        ["maintainer"] = "王小明",
        ["maintainer_email"] = "data@bli.gov.tw",
        ["tags"] = new JsonArray(new JsonObject { ["name"] = "勞保" }, new JsonObject { ["name"] = "投保薪資" }),
        ["groups"] = new JsonArray(new JsonObject { ["name"] = "500" }),
        ["extras"] = new JsonArray(
            new JsonObject { ["key"] = "main_fields_description", ["value"] = "等級、月投保薪資" },
            new JsonObject { ["key"] = "update_frequency", ["value"] = "每1年" },
            new JsonObject { ["key"] = "contact_phone", ["value"] = "02-23961266" },
            new JsonObject { ["key"] = "title_en", ["value"] = "Labor insurance salary grades" }),
        ["resources"] = new JsonArray(new JsonObject
        {
            ["name"] = "投保薪資分級表 CSV",
            ["url"] = "https://www.bli.gov.tw/files/grades.csv",
            ["format"] = "CSV",
            ["encoding"] = "UTF-8",
        }),
    };

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string action, JsonNode data)
    {
        var response = await client.PostAsync($"/api/3/action/{action}", new StringContent(data.ToJsonString(), Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private static async Task<JsonElement> ResultAsync(HttpClient client, string action, JsonNode data)
    {
        var (status, body) = await PostAsync(client, action, data);
        Assert.True(status == HttpStatusCode.OK, $"{action} answered {status}: {body}");
        Assert.True(body.GetProperty("success").GetBoolean());
        return body.GetProperty("result");
    }

    private static void AssertError(HttpStatusCode expected, string type, (HttpStatusCode Status, JsonElement Body) answer)
    {
        Assert.Equal(expected, answer.Status);
        Assert.False(answer.Body.GetProperty("success").GetBoolean());
        Assert.Equal(type, answer.Body.GetProperty("error").GetProperty("__type").GetString());
    }

    private int DatasetCount => app.WithDb(db => db.Datasets.Count());

    [Fact]
    public async Task Package_create_publishes_a_full_package_that_reads_back_the_same()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var created = await ResultAsync(officer, "package_create", Package("bli-salary-grades"));

        Assert.Equal("bli-salary-grades", created.GetProperty("name").GetString());
        Assert.Equal("active", created.GetProperty("state").GetString());
        Assert.False(created.GetProperty("private").GetBoolean());
        Assert.Equal("bli", created.GetProperty("organization").GetProperty("name").GetString());
        Assert.Equal(["勞保", "投保薪資"], created.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("500", created.GetProperty("groups")[0].GetProperty("name").GetString());
        var extras = created.GetProperty("extras").EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("value").GetString());
        Assert.Equal("等級、月投保薪資", extras["main_fields_description"]);
        Assert.Equal("02-23961266", extras["contact_phone"]);
        Assert.Equal("Labor insurance salary grades", extras["title_en"]);
        var resource = Assert.Single(created.GetProperty("resources").EnumerateArray());
        Assert.Equal("https://www.bli.gov.tw/files/grades.csv", resource.GetProperty("url").GetString());
        Assert.Equal(created.GetProperty("id").GetString(), resource.GetProperty("package_id").GetString());

        // The public sees it, through the CKAN API and the search.
        var anonymous = app.CreateClient();
        var shown = (await anonymous.GetFromJsonAsync<JsonElement>("/api/3/action/package_show?id=bli-salary-grades")).GetProperty("result");
        Assert.Equal(created.GetProperty("id").GetString(), shown.GetProperty("id").GetString());
        var found = (await anonymous.GetFromJsonAsync<JsonElement>("/api/3/action/package_search?fq=name:bli-salary-grades")).GetProperty("result");
        Assert.Equal(1, found.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Package_create_as_draft_stays_out_of_public_view()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var package = Package("bli-draft-grades");
        package["private"] = true;
        var created = await ResultAsync(officer, "package_create", package);
        Assert.Equal("draft", created.GetProperty("state").GetString());
        Assert.True(created.GetProperty("private").GetBoolean());

        var response = await app.CreateClient().GetAsync("/api/3/action/package_show?id=bli-draft-grades");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Writes_without_a_token_or_outside_the_agency_are_refused_and_change_nothing()
    {
        var before = DatasetCount;
        AssertError(HttpStatusCode.Forbidden, "Authorization Error", await PostAsync(app.CreateClient(), "package_create", Package("anonymous-try")));

        var officer = await app.WithTokenAsync("bli-officer");
        AssertError(HttpStatusCode.Forbidden, "Authorization Error", await PostAsync(officer, "package_create", Package("wda-try", org: "wda")));

        var reviewer = await app.WithTokenAsync("reviewer");
        AssertError(HttpStatusCode.Forbidden, "Authorization Error", await PostAsync(reviewer, "package_create", Package("reviewer-try")));
        Assert.Equal(before, DatasetCount);
    }

    [Fact]
    public async Task Invalid_packages_get_validation_errors_by_ckan_field_and_nothing_is_saved()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var before = DatasetCount;

        var package = Package("bli-invalid");
        package.Remove("title");
        package["maintainer_email"] = "not an address";
        package["frobnicate"] = 1;
        var (status, body) = await PostAsync(officer, "package_create", package);
        AssertError(HttpStatusCode.Conflict, "Validation Error", (status, body));
        var error = body.GetProperty("error");
        Assert.True(error.TryGetProperty("title", out _), body.ToString());
        Assert.False(error.TryGetProperty("message", out _));
        Assert.True(error.TryGetProperty("title", out var titleErrors) && titleErrors.GetArrayLength() > 0);
        Assert.True(error.TryGetProperty("maintainer_email", out _));
        Assert.Contains("frobnicate", error.GetProperty("frobnicate")[0].GetString());

        var badName = Package("Not A Valid Name!");
        AssertError(HttpStatusCode.Conflict, "Validation Error", await PostAsync(officer, "package_create", badName));

        var badResource = Package("bli-bad-resource");
        badResource["resources"]![0]!["url"] = "ftp://nowhere";
        AssertError(HttpStatusCode.Conflict, "Validation Error", await PostAsync(officer, "package_create", badResource));

        Assert.Equal(before, DatasetCount);
    }

    [Fact]
    public async Task Malformed_bodies_are_integrity_errors()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var response = await officer.PostAsync("/api/3/action/package_create", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Integrity Error", body.GetProperty("error").GetProperty("__type").GetString());

        var list = await officer.PostAsync("/api/3/action/package_create", new StringContent("[1, 2]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, list.StatusCode);
        Assert.Contains("dictionary", await list.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Package_patch_changes_only_the_given_fields()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var created = await ResultAsync(officer, "package_create", Package("bli-patch-me"));
        var patched = await ResultAsync(officer, "package_patch", new JsonObject
        {
            ["id"] = created.GetProperty("id").GetString(),
            ["title"] = "勞工保險投保薪資分級表（修正）",
            ["contact_phone"] = "02-23961267",
        });

        Assert.Equal("勞工保險投保薪資分級表（修正）", patched.GetProperty("title").GetString());
        Assert.Equal(created.GetProperty("notes").GetString(), patched.GetProperty("notes").GetString());
        Assert.Equal(created.GetProperty("tags").GetArrayLength(), patched.GetProperty("tags").GetArrayLength());
        Assert.Equal("active", patched.GetProperty("state").GetString());
        var extras = patched.GetProperty("extras").EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("value").GetString());
        Assert.Equal("02-23961267", extras["contact_phone"]);
        Assert.Equal("每1年", extras["update_frequency"]);
        Assert.Equal(1, patched.GetProperty("num_resources").GetInt32());
        Assert.Equal(created.GetProperty("resources")[0].GetProperty("id").GetString(), patched.GetProperty("resources")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Package_search_answers_a_dataset_as_it_is_after_each_change()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        await ResultAsync(officer, "package_create", Package("bli-search-fresh"));
        var anonymous = app.CreateClient();
        async Task<JsonElement> FoundAsync() =>
            (await anonymous.GetFromJsonAsync<JsonElement>("/api/3/action/package_search?fq=name:bli-search-fresh")).GetProperty("result").GetProperty("results")[0];

        Assert.Equal("勞工保險投保薪資分級表", (await FoundAsync()).GetProperty("title").GetString());
        await ResultAsync(officer, "package_patch", new JsonObject { ["id"] = "bli-search-fresh", ["title"] = "第二版標題" });
        Assert.Equal("第二版標題", (await FoundAsync()).GetProperty("title").GetString());
        await ResultAsync(officer, "resource_create", new JsonObject { ["package_id"] = "bli-search-fresh", ["url"] = "https://www.bli.gov.tw/files/more.json" });
        Assert.Equal(2, (await FoundAsync()).GetProperty("num_resources").GetInt32());
    }

    [Fact]
    public async Task Package_update_replaces_metadata_and_syncs_the_resources_it_is_given()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var package = Package("bli-update-me");
        ((JsonArray)package["resources"]!).Add(new JsonObject { ["name"] = "投保薪資分級表 JSON", ["url"] = "https://www.bli.gov.tw/files/grades.json", ["format"] = "JSON" });
        var created = await ResultAsync(officer, "package_create", package);
        var keep = created.GetProperty("resources")[1];

        var update = Package("bli-update-me");
        update["id"] = created.GetProperty("id").GetString();
        update["notes"] = "新的說明：各投保薪資等級。";
        update["resources"] = new JsonArray(
            new JsonObject { ["id"] = keep.GetProperty("id").GetString(), ["name"] = "JSON 版", ["url"] = keep.GetProperty("url").GetString(), ["format"] = "JSON" },
            new JsonObject { ["name"] = "XML 版", ["url"] = "https://www.bli.gov.tw/files/grades.xml", ["format"] = "XML" });
        var updated = await ResultAsync(officer, "package_update", update);

        Assert.Equal("新的說明：各投保薪資等級。", updated.GetProperty("notes").GetString());
        var names = updated.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Equal(["JSON 版", "XML 版"], names);
        Assert.Equal(keep.GetProperty("id").GetString(), updated.GetProperty("resources")[0].GetProperty("id").GetString());

        // Someone else's resource id is refused before anything changes.
        var stranger = Package("bli-update-me");
        stranger["id"] = created.GetProperty("id").GetString();
        stranger["title"] = "不該被存下的標題";
        stranger["resources"] = new JsonArray(new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = "x", ["url"] = "https://example.org/x.csv" });
        AssertError(HttpStatusCode.Conflict, "Validation Error", await PostAsync(officer, "package_update", stranger));
        var title = app.WithDb(db => db.Datasets.Single(d => d.Name == "bli-update-me").Title);
        Assert.Equal("勞工保險投保薪資分級表", title);
    }

    [Fact]
    public async Task Package_delete_withdraws_a_published_dataset_and_erases_a_never_published_draft()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        await ResultAsync(officer, "package_create", Package("bli-delete-published"));
        await ResultAsync(officer, "package_delete", new JsonObject { ["id"] = "bli-delete-published" });
        Assert.Equal(DatasetStatus.Withdrawn, app.WithDb(db => db.Datasets.Single(d => d.Name == "bli-delete-published").Status));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/api/3/action/package_show?id=bli-delete-published")).StatusCode);

        var draft = Package("bli-delete-draft");
        draft["state"] = "draft";
        await ResultAsync(officer, "package_create", draft);
        // Erasing is for an agency admin; an officer's refused call leaves the draft.
        AssertError(HttpStatusCode.Forbidden, "Authorization Error", await PostAsync(officer, "package_delete", new JsonObject { ["id"] = "bli-delete-draft" }));
        Assert.True(app.WithDb(db => db.Datasets.Any(d => d.Name == "bli-delete-draft")));
        await ResultAsync(await app.WithTokenAsync("bli-admin"), "package_delete", new JsonObject { ["id"] = "bli-delete-draft" });
        Assert.False(app.WithDb(db => db.Datasets.Any(d => d.Name == "bli-delete-draft")));

        AssertError(HttpStatusCode.NotFound, "Not Found Error", await PostAsync(officer, "package_delete", new JsonObject { ["id"] = "no-such-dataset" }));
    }

    [Fact]
    public async Task Resources_are_created_by_link_and_by_upload_patched_and_deleted()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var created = await ResultAsync(officer, "package_create", Package("bli-resources"));
        var packageId = created.GetProperty("id").GetString()!;

        var link = await ResultAsync(officer, "resource_create", new JsonObject
        {
            ["package_id"] = packageId,
            ["url"] = "https://www.bli.gov.tw/files/grades-2026.csv",
            ["format"] = "CSV",
        });
        Assert.Equal("grades-2026.csv", link.GetProperty("name").GetString());

        // An upload comes as multipart form data, the way ckanapi sends files.
        using var form = new MultipartFormDataContent
        {
            { new StringContent(packageId), "package_id" },
            { new StringContent("投保薪資分級表（上傳）"), "name" },
            { new StringContent("CSV"), "format" },
        };
        var csv = new ByteArrayContent(Encoding.UTF8.GetBytes("等級,月投保薪資\n1,27470\n2,27600\n"));
        csv.Headers.ContentType = new("text/csv");
        form.Add(csv, "upload", "grades.csv");
        var uploadResponse = await officer.PostAsync("/api/3/action/resource_create", form);
        Assert.Equal(HttpStatusCode.OK, uploadResponse.StatusCode);
        var upload = JsonDocument.Parse(await uploadResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("result");
        Assert.Equal("upload", upload.GetProperty("url_type").GetString());
        Assert.Equal(39, upload.GetProperty("size").GetInt64());
        var download = await app.CreateClient().GetAsync(upload.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.StartsWith("等級,月投保薪資", await download.Content.ReadAsStringAsync());

        var patched = await ResultAsync(officer, "resource_patch", new JsonObject { ["id"] = link.GetProperty("id").GetString(), ["description"] = "115年度" });
        Assert.Equal("115年度", patched.GetProperty("description").GetString());
        Assert.Equal(link.GetProperty("url").GetString(), patched.GetProperty("url").GetString());

        await ResultAsync(officer, "resource_delete", new JsonObject { ["id"] = link.GetProperty("id").GetString() });
        var shown = (await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/3/action/package_show?id={packageId}")).GetProperty("result");
        Assert.Equal(2, shown.GetProperty("num_resources").GetInt32());
        Assert.DoesNotContain(shown.GetProperty("resources").EnumerateArray(), r => r.GetProperty("id").GetString() == link.GetProperty("id").GetString());

        AssertError(HttpStatusCode.Conflict, "Validation Error",
            await PostAsync(officer, "resource_create", new JsonObject { ["package_id"] = packageId, ["url"] = "https://example.org/a.csv", ["colour"] = "red" }));
    }

    [Fact]
    public async Task Organization_member_create_sets_a_role_within_the_callers_reach()
    {
        var admin = await app.WithTokenAsync("osha-admin");
        var member = await ResultAsync(admin, "organization_member_create", new JsonObject { ["id"] = "osha", ["username"] = "osha-officer", ["role"] = "admin" });
        Assert.Equal("admin", member.GetProperty("capacity").GetString());
        Assert.Equal(StaffRole.AgencyAdmin, app.WithDb(db => db.Users.Single(u => u.UserName == "osha-officer").Role));

        AssertError(HttpStatusCode.Forbidden, "Authorization Error",
            await PostAsync(admin, "organization_member_create", new JsonObject { ["id"] = "osha", ["username"] = "wda-officer", ["role"] = "editor" }));
        AssertError(HttpStatusCode.Conflict, "Validation Error",
            await PostAsync(admin, "organization_member_create", new JsonObject { ["id"] = "osha", ["username"] = "osha-officer", ["role"] = "owner" }));
        AssertError(HttpStatusCode.NotFound, "Not Found Error",
            await PostAsync(admin, "organization_member_create", new JsonObject { ["id"] = "nowhere", ["username"] = "osha-officer", ["role"] = "editor" }));
        Assert.Equal(StaffRole.DataOfficer, app.WithDb(db => db.Users.Single(u => u.UserName == "wda-officer").Role));
    }

    [Fact]
    public async Task Form_encoded_calls_work_like_json()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        await ResultAsync(officer, "package_create", Package("bli-form"));
        var response = await officer.PostAsync("/api/action/package_patch", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = "bli-form",
            ["notes"] = "以表單更新的說明。",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("以表單更新的說明。", app.WithDb(db => db.Datasets.AsNoTracking().Single(d => d.Name == "bli-form").Description));
    }
}
