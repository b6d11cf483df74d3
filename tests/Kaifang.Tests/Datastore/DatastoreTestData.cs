using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kaifang.Datastore;
using Kaifang.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Datastore;

/// Publishing datasets with files through the real API, and waiting for the DataStore to load them.
public static class DatastoreTestData
{
    /// 主要欄位說明 of the wage table, in the national platform's form.
    public const string WageFields = "代碼(職類代碼)、縣市(事業單位所在縣市)、人數(受僱人數)、平均薪資(每月平均經常性薪資，新臺幣元)";

    public static readonly string[] Cities = ["臺北市", "新北市", "桃園市", "臺中市", "高雄市"];

    /// 30 rows: a code with leading zeros, text, an integer-looking period, integers, numbers, booleans, dates, timestamps.
    public static string WageCsv()
    {
        var csv = new StringBuilder("代碼,縣市,年月,人數,平均薪資,公告,公告日,更新時間\n");
        for (var i = 1; i <= 30; i++)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{i:000},{Cities[i % 5]},{11300 + (i % 12) + 1},{i * 10},{30000 + i * 500.5},{(i % 2 == 0 ? "true" : "false")},2024-01-{i % 28 + 1:00},2024-01-{i % 28 + 1:00} 08:30:00\n");
        }
        return csv.ToString();
    }

    public static async Task WaitForDatastoreAsync(this KaifangAppFactory app)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        await app.Services.GetRequiredService<DatastoreBacklog>().WhenIdleAsync(timeout.Token);
    }

    /// Uploads a file as a new resource of a dataset and returns the resource's id.
    public static async Task<Guid> UploadAsync(this HttpClient client, string dataset, string fileName, byte[] content, string? encoding = null)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(content), "file", fileName },
            { new StringContent(Path.GetFileNameWithoutExtension(fileName)), "name" },
        };
        if (encoding is not null)
        {
            form.Add(new StringContent(encoding), "encoding");
        }
        var response = await client.PostAsync($"/api/v1/datasets/{dataset}/resources/upload", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// A published BLI dataset with the given files; waits until the DataStore has loaded them.
    public static async Task<(string Name, Guid[] Resources)> PublishWithFilesAsync(
        this KaifangAppFactory app, HttpClient officer, string title, string mainFields, params (string FileName, byte[] Content)[] files)
    {
        var input = ApiClients.SampleInput("BLI", title) with { MainFieldsDescription = mainFields };
        var created = await officer.PostAsJsonAsync("/api/v1/datasets", input);
        created.EnsureSuccessStatusCode();
        var name = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;
        var ids = new List<Guid>();
        foreach (var (fileName, content) in files)
        {
            ids.Add(await officer.UploadAsync(name, fileName, content));
        }
        (await officer.PostAsync($"/api/v1/datasets/{name}/publish", null)).EnsureSuccessStatusCode();
        await app.WaitForDatastoreAsync();
        return (name, [.. ids]);
    }

    /// A minimal OpenDocument spreadsheet: one table, first row the column names.
    public static byte[] Ods(params string[][] rows)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var mimetype = new StreamWriter(zip.CreateEntry("mimetype", CompressionLevel.NoCompression).Open()))
            {
                mimetype.Write("application/vnd.oasis.opendocument.spreadsheet");
            }
            var xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="工作表1">
                """);
            foreach (var row in rows)
            {
                xml.Append("<table:table-row>");
                foreach (var cell in row)
                {
                    xml.Append(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                        ? $"<table:table-cell office:value-type=\"float\" office:value=\"{cell}\"><text:p>{cell}</text:p></table:table-cell>"
                        : $"<table:table-cell office:value-type=\"string\"><text:p>{System.Security.SecurityElement.Escape(cell)}</text:p></table:table-cell>");
                }
                xml.Append("<table:table-cell table:number-columns-repeated=\"1020\"/></table:table-row>");
            }
            xml.Append("<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>");
            xml.Append("</table:table></office:spreadsheet></office:body></office:document-content>");
            using var content = new StreamWriter(zip.CreateEntry("content.xml").Open(), new UTF8Encoding(false));
            content.Write(xml.ToString());
        }
        return buffer.ToArray();
    }
}
