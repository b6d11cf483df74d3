using System.Net;
using System.Text.Json;
using Kaifang.Datastore;
using Kaifang.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Datastore;

/// A draft's tables: previewed through datastore_search by the staff who may see the draft, never by the public.
public sealed class DatastoreDraftTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>
{
    private const string Csv = "代碼,名稱,人數\nD01,職業訓練補助,12\nD02,就業服務據點,30\n";

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SearchAsync(HttpClient client, Guid resourceId, string query = "")
    {
        var response = await client.GetAsync($"/api/3/action/datastore_search?resource_id={resourceId}{query}");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private async Task<(string Name, Guid Resource)> DraftAsync(string title)
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var name = await officer.CreateDraftAsync("BLI", title);
        var id = await officer.UploadAsync(name, "draft.csv", System.Text.Encoding.UTF8.GetBytes(Csv));
        await app.WaitForDatastoreAsync();
        return (name, id);
    }

    [Fact]
    public async Task The_owning_agencys_staff_search_a_drafts_table_and_the_public_gets_not_found()
    {
        var (name, id) = await DraftAsync("草稿預覽");

        var (anonymous, error) = await SearchAsync(app.CreateClient(), id);
        Assert.Equal(HttpStatusCode.NotFound, anonymous);
        Assert.Equal("Not Found Error", error.GetProperty("error").GetProperty("__type").GetString());

        // With an API token in the Authorization header, as CKAN clients send it.
        var (status, json) = await SearchAsync(await app.WithTokenAsync("bli-officer"), id, "&q=" + Uri.EscapeDataString("訓練"));
        Assert.True(status == HttpStatusCode.OK, json.ToString());
        var result = json.GetProperty("result");
        Assert.Equal(1, result.GetProperty("total").GetInt32());
        Assert.Equal("D01", result.GetProperty("records")[0].GetProperty("代碼").GetString());

        // Signed in on the site.
        var (signedIn, page) = await SearchAsync(await app.SignedInAsync("bli-officer"), id, "&filters=" + Uri.EscapeDataString("{\"代碼\":\"D02\"}"));
        Assert.True(signedIn == HttpStatusCode.OK, page.ToString());
        Assert.Equal(30, page.GetProperty("result").GetProperty("records")[0].GetProperty("人數").GetInt32());

        var info = await (await app.WithTokenAsync("bli-officer")).GetAsync($"/api/3/action/datastore_info?id={id}");
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);

        // package_show tells the staff member the draft's resource is in the DataStore.
        var package = JsonDocument.Parse(await (await app.WithTokenAsync("bli-officer")).GetStringAsync($"/api/3/action/package_show?id={name}")).RootElement;
        Assert.True(package.GetProperty("result").GetProperty("resources")[0].GetProperty("datastore_active").GetBoolean());
    }

    [Fact]
    public async Task Another_agencys_officer_gets_not_found_as_for_package_show()
    {
        var (name, id) = await DraftAsync("他機關不可見的草稿");
        var other = await app.WithTokenAsync("wda-officer");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/3/action/package_show?id={name}")).StatusCode);
        var (status, json) = await SearchAsync(other, id);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Not Found Error", json.GetProperty("error").GetProperty("__type").GetString());
    }

    [Fact]
    public async Task A_drafts_table_is_never_in_the_published_datastore_nor_readable_by_sql()
    {
        var (_, id) = await DraftAsync("不進入公開資料存放區的草稿");
        using (var connection = app.Services.GetRequiredService<DatastoreDatabase>().OpenRead())
        {
            Assert.Null(DatastoreDatabase.ReadTable(connection, id));
        }
        using (var connection = app.Services.GetRequiredService<DraftDatastore>().Database.OpenRead())
        {
            Assert.NotNull(DatastoreDatabase.ReadTable(connection, id));
        }
        var officer = await app.WithTokenAsync("bli-officer");
        var sql = await officer.GetAsync("/api/3/action/datastore_search_sql?sql=" + Uri.EscapeDataString($"SELECT * FROM \"{id}\""));
        Assert.NotEqual(HttpStatusCode.OK, sql.StatusCode);
    }

    [Fact]
    public async Task Publishing_makes_the_table_public_and_leaves_the_drafts_file()
    {
        var (name, id) = await DraftAsync("上架後公開的資料");
        var officer = await app.WithTokenAsync("bli-officer");
        (await officer.PostAsync($"/api/v1/datasets/{name}/publish", null)).EnsureSuccessStatusCode();
        await app.WaitForDatastoreAsync();

        var (status, json) = await SearchAsync(app.CreateClient(), id, "&q=" + Uri.EscapeDataString("就業"));
        Assert.True(status == HttpStatusCode.OK, json.ToString());
        Assert.Equal(1, json.GetProperty("result").GetProperty("total").GetInt32());
        using var connection = app.Services.GetRequiredService<DraftDatastore>().Database.OpenRead();
        Assert.Null(DatastoreDatabase.ReadTable(connection, id));

        // Withdrawn: gone for the public, and not previewed either (only drafts are).
        (await officer.PostAsync($"/api/v1/datasets/{name}/withdraw", null)).EnsureSuccessStatusCode();
        await app.WaitForDatastoreAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await SearchAsync(app.CreateClient(), id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SearchAsync(officer, id)).Status);
    }
}
