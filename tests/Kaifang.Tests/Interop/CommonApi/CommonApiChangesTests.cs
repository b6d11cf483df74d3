using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kaifang.Catalog;
using Kaifang.Datastore;
using Kaifang.Interop.CommonApi;
using Kaifang.Tests.Datastore;
using Kaifang.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Interop.CommonApi;

/// What the common API says after the data changes, and when the server fails. Each test changes
/// the catalog, so the class has a catalog of its own.
public sealed class CommonApiChangesTests(CommonApiAppFactory app) : IClassFixture<CommonApiAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<JsonElement> GetJsonAsync(string url) =>
        JsonDocument.Parse(await _client.GetStringAsync(url)).RootElement.Clone();

    private static string Taipei(DateTimeOffset at) =>
        at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    [Fact]
    public async Task New_data_moves_modifiedDate_and_resourceModified_and_the_row_count_follows_the_datastore()
    {
        var csv = app.Wages.Resources.Single(r => r.Position == 1);
        var before = await GetJsonAsync($"/OdService/rest/dataset/{app.Wages.Identifier}");
        Assert.Equal("30", before.GetProperty("distribution")[0].GetProperty("resourceAmount").GetString());

        app.Clock.Advance(TimeSpan.FromHours(3).Add(TimeSpan.FromSeconds(7)));
        var changedAt = app.Clock.GetUtcNow();
        using var officer = await app.WithTokenAsync("bli-officer");
        var rows = new StringBuilder("代碼,縣市,人數\n");
        for (var i = 1; i <= 12; i++)
        {
            rows.Append(CultureInfo.InvariantCulture, $"{i:000},臺北市,{i}\n");
        }
        using var file = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(rows.ToString())), "file", "wages.csv" } };
        (await officer.PutAsync($"/api/v1/datasets/{app.Wages.Name}/resources/{csv.Id}/file", file)).EnsureSuccessStatusCode();
        await app.WaitForDatastoreAsync();

        var after = await GetJsonAsync($"/OdService/rest/dataset/{app.Wages.Identifier}");
        Assert.Equal(Taipei(changedAt), after.GetProperty("modifiedDate").GetString());
        Assert.NotEqual(before.GetProperty("modifiedDate").GetString(), after.GetProperty("modifiedDate").GetString());
        var resource = after.GetProperty("distribution")[0];
        Assert.Equal(Taipei(changedAt), resource.GetProperty("resourceModified").GetString());
        var table = await app.Services.GetRequiredService<DatastoreQueries>().TableAsync(csv.Id, CancellationToken.None);
        Assert.Equal(12, table!.RowCount);
        Assert.Equal("12", resource.GetProperty("resourceAmount").GetString());
        Assert.Equal("代碼,縣市,人數", resource.GetProperty("resourceField").GetString());
        // The publication date stays.
        Assert.Equal("2024-03-01 10:00:00", after.GetProperty("publishedDate").GetString());

        var rowsNow = await GetJsonAsync($"/OdService/rest/datastore/{csv.Identifier}");
        Assert.Equal(Taipei(changedAt), rowsNow.GetProperty("updateTime").GetString());
        Assert.Equal(12, rowsNow.GetProperty("result").GetProperty("total").GetInt32());

        // Only the changed dataset is listed as changed since then.
        var changed = await GetJsonAsync($"/OdService/rest/dataset?modified={Uri.EscapeDataString(Taipei(changedAt))}");
        Assert.Equal([app.Wages.Identifier], changed.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Data_changed_after_the_metadata_makes_the_dataset_modified_then()
    {
        var metadata = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var data = metadata.AddDays(3);
        var dataset = new Dataset { Identifier = "A17010000J-000001", Name = "a17010000j-000001", Title = "t", MetadataModifiedAt = metadata, DataModifiedAt = data };
        Assert.Equal(data, CommonApiMapping.ModifiedAt(dataset));
        dataset.DataModifiedAt = metadata.AddDays(-3);
        Assert.Equal(metadata, CommonApiMapping.ModifiedAt(dataset));
        dataset.DataModifiedAt = null;
        Assert.Equal(metadata, CommonApiMapping.ModifiedAt(dataset));
    }

    [Theory]
    [InlineData("每3月", "1", "3", "月")]
    [InlineData("每1日", "1", "1", "日")]
    [InlineData("每15分鐘", "1", "15", "分鐘")]
    [InlineData("即時", "1", "", "即時")]
    [InlineData("不定期更新", "0", "", "")]
    [InlineData("每逢月底", "0", "", "每逢月底")]
    public void Update_frequencies_split_into_the_standards_three_parts(string text, string regular, string frequency, string unit)
    {
        Assert.Equal(new CommonUpdateFrequency(regular, frequency, unit), CommonApiMapping.Frequency(text));
    }

    [Fact]
    public async Task A_system_error_is_ER0500_and_does_not_show_what_went_wrong()
    {
        // A table lost under the DataStore's feet: the meta row says it is there, SQLite says it is not.
        using var officer = await app.WithTokenAsync("bli-officer");
        var (_, ids) = await app.PublishWithFilesAsync(officer, "將遺失資料表的資料集", "甲、乙", ("lost.csv", Encoding.UTF8.GetBytes("甲,乙\n1,2\n")));
        var identifier = await app.WithDbAsync(db => Task.FromResult(db.Resources.Single(r => r.Id == ids[0]).Identifier));
        var store = app.Services.GetRequiredService<DatastoreDatabase>();
        await using (var connection = store.OpenWrite())
        await using (var drop = connection.CreateCommand())
        {
            drop.CommandText = $"DROP TABLE {DatastoreDatabase.Quote(DatastoreDatabase.TableName(ids[0]))}";
            await drop.ExecuteNonQueryAsync();
        }

        var text = await _client.GetStringAsync($"/OdService/rest/datastore/{identifier}");
        var error = JsonDocument.Parse(text).RootElement;
        Assert.False(error.GetProperty("success").GetBoolean());
        Assert.Equal("ER0500", error.GetProperty("error").GetProperty("type").GetString());
        Assert.DoesNotContain("table", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SQLite", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ids[0].ToString(), text, StringComparison.OrdinalIgnoreCase);
    }
}
