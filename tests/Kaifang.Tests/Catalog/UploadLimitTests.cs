using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Kaifang.Tests.Catalog;

/// An installation that accepts uploads of at most 4 KB.
public sealed class SmallUploadsAppFactory : KaifangAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kaifang:MaxUploadBytes"] = "4096",
        }));
    }
}

public sealed class UploadLimitTests(SmallUploadsAppFactory app) : IClassFixture<SmallUploadsAppFactory>
{
    [Fact]
    public async Task An_upload_over_the_configured_limit_is_refused_with_the_limit_and_nothing_is_kept()
    {
        var client = await app.WithTokenAsync("bli-officer");
        var name = await client.CreateDraftAsync("BLI", "太大的檔案");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[20_000]), "file", "big.csv" } };

        var response = await client.PostAsync($"/api/v1/datasets/{name}/resources/upload?lang=en", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("limit", errors.GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Resources.CountAsync(r => r.Dataset!.Name == name)));
        var files = Path.Combine(app.DataDirectory, "files");
        Assert.True(!Directory.Exists(files) || Directory.GetFiles(files, "*", SearchOption.AllDirectories).All(f => new FileInfo(f).Length < 4096));
    }

    [Fact]
    public async Task An_upload_under_the_limit_is_kept()
    {
        var client = await app.WithTokenAsync("bli-officer");
        var name = await client.CreateDraftAsync("BLI", "小檔案");
        using var form = new MultipartFormDataContent { { new ByteArrayContent("a,b\n1,2\n"u8.ToArray()), "file", "small.csv" } };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/v1/datasets/{name}/resources/upload", form)).StatusCode);
    }
}
