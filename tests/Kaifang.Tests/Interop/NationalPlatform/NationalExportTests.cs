using System.Net;
using System.Text;
using System.Text.Json;
using Kaifang.Catalog;
using Kaifang.Interop.NationalPlatform;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Interop.NationalPlatform;

/// Export → import → export of the national platform's dataset list is lossless: the fixture
/// (Fixtures/national-datasets.csv, twenty rows as the platform writes them, sorted by identifier)
/// comes back byte for byte, as CSV and through JSON.
public sealed class NationalExportTests : IDisposable
{
    private readonly KaifangAppFactory _first = new();
    private readonly KaifangAppFactory _second = new();

    public static byte[] FixtureBytes() =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Interop", "NationalPlatform", "Fixtures", "national-datasets.csv"));

    [Fact]
    public async Task Importing_the_fixture_into_an_empty_catalog_and_exporting_gives_the_same_bytes()
    {
        var result = await ImportCsvAsync(_first, FixtureBytes());
        Assert.Empty(result.BadRows);
        Assert.Equal(20, result.Created);

        var exported = await GetBytesAsync(_first, "/api/v1/national/datasets.csv", "text/csv");

        Assert.Equal(Encoding.UTF8.GetString(FixtureBytes()), Encoding.UTF8.GetString(exported));
        Assert.Equal(FixtureBytes(), exported);
    }

    [Fact]
    public async Task The_json_list_round_trips_through_a_second_catalog_byte_for_byte()
    {
        await ImportCsvAsync(_first, FixtureBytes());
        var json = await GetBytesAsync(_first, "/api/v1/national/datasets.json", "application/json");

        var result = await ImportJsonAsync(_second, json);
        Assert.Empty(result.BadRows);
        Assert.Equal(20, result.Created);

        Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(await GetBytesAsync(_second, "/api/v1/national/datasets.json", "application/json")));
        Assert.Equal(FixtureBytes(), await GetBytesAsync(_second, "/api/v1/national/datasets.csv", "text/csv"));
    }

    [Fact]
    public async Task The_json_list_is_an_array_of_objects_keyed_by_the_chinese_columns_in_order()
    {
        await ImportCsvAsync(_first, FixtureBytes());
        using var document = JsonDocument.Parse(await GetBytesAsync(_first, "/api/v1/national/datasets.json", "application/json"));

        Assert.Equal(20, document.RootElement.GetArrayLength());
        foreach (var row in document.RootElement.EnumerateArray())
        {
            Assert.Equal(NationalColumns.AsExported, row.EnumerateObject().Select(p => p.Name));
        }
        var bli = document.RootElement.EnumerateArray().Single(r => r.GetProperty(NationalColumns.Identifier).GetString() == "A17010000J-000001");
        Assert.Equal("CSV;JSON", bli.GetProperty(NationalColumns.FileFormats).GetString());
        Assert.Equal("https://www.bli.gov.tw/od/1.csv;https://www.bli.gov.tw/od/1.json", bli.GetProperty(NationalColumns.DownloadUrls).GetString());
        Assert.Equal("求職及就業", bli.GetProperty(NationalColumns.ServiceCategory).GetString());
        Assert.Equal("2016-03-01 10:00:00", bli.GetProperty(NationalColumns.FirstPublished).GetString());
    }

    [Fact]
    public async Task One_datasets_json_is_its_object_of_the_list_and_imports_on_its_own()
    {
        await ImportCsvAsync(_first, FixtureBytes());
        var one = await GetBytesAsync(_first, "/api/v1/national/datasets/a17010000j-000014.json", "application/json");
        using (var document = JsonDocument.Parse(one))
        {
            Assert.Equal("A17010000J-000014", document.RootElement.GetProperty(NationalColumns.Identifier).GetString());
            Assert.Contains("\n金額單位", document.RootElement.GetProperty(NationalColumns.Description).GetString(), StringComparison.Ordinal);
        }

        var result = await ImportJsonAsync(_second, one);

        Assert.Equal(1, result.Created);
        Assert.Equal(one, await GetBytesAsync(_second, "/api/v1/national/datasets/a17010000j-000014.json", "application/json"));
        var dataset = await _second.WithDbAsync(db => db.Datasets.Include(d => d.Resources).SingleAsync(d => d.Identifier == "A17010000J-000014"));
        Assert.Equal(3, dataset.Resources.Count);
        Assert.Equal(UpdateFrequency.Every(1, FrequencyUnit.Month), dataset.UpdateFrequency);
    }

    [Fact]
    public async Task Unknown_and_unpublished_datasets_are_404()
    {
        await ImportCsvAsync(_first, FixtureBytes());
        await _first.WithDbAsync(async db =>
        {
            var d = await db.Datasets.SingleAsync(x => x.Identifier == "6564");
            d.Status = DatasetStatus.Withdrawn;
            return await db.SaveChangesAsync();
        });
        using var client = _first.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/national/datasets/no-such.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/national/datasets/6564.json")).StatusCode);
        var csv = Encoding.UTF8.GetString(await GetBytesAsync(_first, "/api/v1/national/datasets.csv", "text/csv"));
        Assert.DoesNotContain("全國各級學校基本資料", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uploaded_files_are_listed_by_their_download_address()
    {
        await ImportCsvAsync(_first, FixtureBytes());
        var resourceId = await _first.WithDbAsync(async db =>
        {
            var resource = await db.Resources.Include(r => r.Dataset).FirstAsync(r => r.Dataset!.Identifier == "A17000000J-000022");
            resource.Url = null;
            resource.FileHash = new string('a', 64);
            resource.FileName = "news.xml";
            await db.SaveChangesAsync();
            return resource.Id;
        });

        var csv = Encoding.UTF8.GetString(await GetBytesAsync(_first, "/api/v1/national/datasets.csv", "text/csv"));

        Assert.Contains($",http://localhost/datasets/a17000000j-000022/resources/{resourceId}/download,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Formula_like_text_is_neutralised_in_the_csv_list_and_imports_back_as_it_was()
    {
        await ImportCsvAsync(_first, FixtureBytes());
        const string Title = "=HYPERLINK(\"http://evil.example/\",\"職災統計\")";
        await _first.WithDbAsync(async db =>
        {
            var dataset = await db.Datasets.SingleAsync(x => x.Identifier == "6564");
            dataset.Title = Title;
            dataset.Description = "-1+A1";
            return await db.SaveChangesAsync();
        });

        var csv = await GetBytesAsync(_first, "/api/v1/national/datasets.csv", "text/csv");
        var text = Encoding.UTF8.GetString(csv);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"職災統計\"\")\"", text, StringComparison.Ordinal);
        Assert.Contains(",'-1+A1,", text, StringComparison.Ordinal);
        var json = Encoding.UTF8.GetString(await GetBytesAsync(_first, "/api/v1/national/datasets.json", "application/json"));
        Assert.DoesNotContain("'=HYPERLINK", json, StringComparison.Ordinal);

        await ImportCsvAsync(_second, csv);
        var imported = await _second.WithDbAsync(db => db.Datasets.SingleAsync(x => x.Identifier == "6564"));
        Assert.Equal(Title, imported.Title);
        Assert.Equal("-1+A1", imported.Description);
        Assert.Equal(csv, await GetBytesAsync(_second, "/api/v1/national/datasets.csv", "text/csv"));
    }

    [Fact]
    public async Task A_json_file_without_identifiers_is_refused()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => ImportJsonAsync(_first, "[{\"名稱\": \"x\"}]"u8.ToArray()));
        await Assert.ThrowsAsync<InvalidDataException>(() => ImportJsonAsync(_first, "not json"u8.ToArray()));
    }

    [Fact]
    public async Task Json_rows_that_cannot_be_read_are_reported_by_their_place_in_the_list()
    {
        var json = """
            [
              {"資料集識別碼": "A17000000J-000901", "資料集名稱": "好的", "提供機關": "勞動部", "上架日期": "2020-01-01", "詮釋資料更新時間": "2020-01-02 00:00:00"},
              {"資料集識別碼": "A17000000J-000902", "資料集名稱": "", "提供機關": "勞動部"},
              "not an object"
            ]
            """;
        var result = await ImportJsonAsync(_first, Encoding.UTF8.GetBytes(json));

        Assert.Equal(1, result.Created);
        Assert.Collection(result.BadRows,
            b => { Assert.Equal(2, b.Row); Assert.Contains(NationalColumns.Title, b.Reason, StringComparison.Ordinal); },
            b => Assert.Equal(3, b.Row));
    }

    private static async Task<NationalImportResult> ImportCsvAsync(KaifangAppFactory app, byte[] csv)
    {
        using var scope = app.Services.CreateScope();
        using var stream = new MemoryStream(csv);
        return await scope.ServiceProvider.GetRequiredService<ImportNationalCatalog>().ImportAsync(stream, null, CancellationToken.None);
    }

    private static async Task<NationalImportResult> ImportJsonAsync(KaifangAppFactory app, byte[] json)
    {
        using var scope = app.Services.CreateScope();
        using var stream = new MemoryStream(json);
        return await scope.ServiceProvider.GetRequiredService<ImportNationalCatalog>().ImportJsonAsync(stream, null, CancellationToken.None);
    }

    private static async Task<byte[]> GetBytesAsync(KaifangAppFactory app, string path, string mediaType)
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }
}
