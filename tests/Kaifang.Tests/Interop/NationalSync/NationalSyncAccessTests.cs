using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Interop.NationalSync;

/// Who sees and changes publishing to the national platform, and that the API key never comes back.
public sealed class NationalSyncAccessTests : IAsyncLifetime, IDisposable
{
    private const string Key = "secret-key-of-bli-91c07e4b2f6d";

    private readonly NationalSyncAppFactory _app = new();
    private NationalPlatformStandIn _platform = null!;

    public async Task InitializeAsync()
    {
        _platform = await NationalPlatformStandIn.StartAsync(Key);
        await _app.ConfigureAsync("BLI", _platform);
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_key_is_stored_encrypted_and_never_shown_in_the_api_or_the_page()
    {
        await _app.PublishedDatasetAsync("BLI");
        await _app.RunAsync("BLI");

        var stored = _app.WithDb(db => db.NationalSyncAgencies.Single());
        Assert.DoesNotContain(Key, stored.ProtectedApiKey!, StringComparison.Ordinal);
        Assert.Equal("2f6d", stored.ApiKeyHint);

        using var admin = await _app.WithTokenAsync("mol-admin");
        var list = await admin.GetStringAsync("/api/v1/national-sync/agencies");
        var one = await admin.GetStringAsync("/api/v1/national-sync/agencies/BLI");
        var config = JsonDocument.Parse(one).RootElement.GetProperty("summary").GetProperty("config");
        Assert.True(config.GetProperty("hasApiKey").GetBoolean());
        Assert.Equal("2f6d", config.GetProperty("apiKeyHint").GetString());
        var record = JsonDocument.Parse(one).RootElement.GetProperty("records")[0];
        var withPayload = await admin.GetStringAsync($"/api/v1/national-sync/agencies/BLI/records/{record.GetProperty("identifier").GetString()}");
        using var page = await _app.SignedInAsync("mol-admin");
        var html = await page.GetStringAsync("/admin/national-sync?agency=BLI");

        foreach (var answer in (string[])[list, one, withPayload, html])
        {
            Assert.DoesNotContain(Key, answer, StringComparison.Ordinal);
        }
        Assert.Equal("in_sync", record.GetProperty("status").GetString());
        Assert.Contains("2f6d", html, StringComparison.Ordinal);
        Assert.Equal(Key, Assert.Single(_platform.Requests).Authorization);
    }

    [Fact]
    public async Task The_key_is_never_written_to_the_log_while_requests_succeed_and_fail()
    {
        var name = await _app.PublishedDatasetAsync("BLI");
        _platform.Enqueue(NationalPlatformStandIn.Fault.BodyError, NationalPlatformStandIn.Fault.ServerError);
        await _app.RunAsync("BLI");
        await _app.RunAsync("BLI", ignoreBackoff: true);
        await _app.RunAsync("BLI", ignoreBackoff: true);

        Assert.Equal(3, _platform.Requests.Count);
        Assert.Equal(Kaifang.Interop.NationalSync.NationalSyncStatus.InSync, _app.Record(name).Status);
        Assert.Contains(_app.Log.Lines, l => l.Contains("National platform: Create of", StringComparison.Ordinal) && l.Contains("HTTP 500", StringComparison.Ordinal));
        Assert.DoesNotContain(_app.Log.Lines, l => l.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_key_replaces_the_old_one_and_an_empty_one_keeps_it()
    {
        using var admin = await _app.WithTokenAsync("mol-admin");
        var kept = await admin.PutAsJsonAsync("/api/v1/national-sync/agencies/BLI", new { baseUrl = _platform.BaseUrl, enabled = true });
        Assert.Equal("2f6d", (await kept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKeyHint").GetString());

        await _app.PublishedDatasetAsync("BLI");
        var replaced = await admin.PutAsJsonAsync("/api/v1/national-sync/agencies/BLI", new { baseUrl = _platform.BaseUrl, apiKey = "a-wrong-key-0000-1111-2222", enabled = true });
        replaced.EnsureSuccessStatusCode();
        await _app.RunAsync("BLI");

        Assert.Equal("a-wrong-key-0000-1111-2222", Assert.Single(_platform.Requests).Authorization);
        Assert.Equal("[E0401] API Key 驗證失敗或來源 IP 未經授權", _app.WithDb(db => db.NationalSyncRecords.Single()).LastError);
    }

    [Fact]
    public async Task Bad_settings_are_refused_with_bilingual_reasons_and_nothing_is_changed()
    {
        using var admin = await _app.WithTokenAsync("mol-admin");
        var response = await admin.PutAsJsonAsync("/api/v1/national-sync/agencies/WDA", new { baseUrl = "ftp://data.gov.tw", enabled = true });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("不是有效的 http(s) 網址", problem.GetProperty("errors").GetProperty("baseUrl")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("API 金鑰", problem.GetProperty("errors").GetProperty("apiKey")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1, _app.WithDb(db => db.NationalSyncAgencies.Count()));
        var english = await admin.PutAsJsonAsync("/api/v1/national-sync/agencies/WDA?lang=en", new { baseUrl = "https://data.gov.tw", enabled = true });
        Assert.Contains("Enter the API key", await english.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agency_admin_sees_only_their_agency_and_cannot_change_endpoints_or_keys()
    {
        using var wda = await _app.WithTokenAsync("wda-admin");

        var list = await wda.GetFromJsonAsync<JsonElement>("/api/v1/national-sync/agencies");
        Assert.Equal(["WDA"], list.EnumerateArray().Select(s => s.GetProperty("config").GetProperty("agency").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await wda.GetAsync("/api/v1/national-sync/agencies/BLI")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await wda.PostAsync("/api/v1/national-sync/agencies/BLI/sync", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await wda.PostAsync("/api/v1/national-sync/agencies/BLI/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await wda.PutAsJsonAsync("/api/v1/national-sync/agencies/WDA", new { baseUrl = "https://evil.example", apiKey = "x", enabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await wda.GetAsync("/api/v1/national-sync/agencies/WDA")).StatusCode);

        using var officer = await _app.WithTokenAsync("bli-officer");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/v1/national-sync/agencies")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/v1/national-sync/agencies/BLI")).StatusCode);

        using var page = await _app.SignedInAsync("wda-admin");
        var html = await page.GetStringAsync("/admin/national-sync");
        Assert.Contains("勞動部勞動力發展署", html, StringComparison.Ordinal);
        Assert.DoesNotContain("勞動部勞工保險局", html, StringComparison.Ordinal);
        var other = await page.GetAsync("/admin/national-sync?agency=BLI");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.StartsWith("/account/denied", other.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("Input.ApiKey", await page.GetStringAsync("/admin/national-sync?agency=WDA"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_configures_syncs_and_retries_with_plain_forms()
    {
        await _app.PublishedDatasetAsync("WDA", "職業訓練課程");
        using var page = await _app.SignedInAsync("mol-admin");
        var form = await page.GetStringAsync("/admin/national-sync?agency=WDA");

        var saved = await page.PostAsync("/admin/national-sync?handler=Configure", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["agency"] = "WDA",
            ["Input.BaseUrl"] = _platform.BaseUrl,
            ["Input.ApiKey"] = Key,
            ["Input.Enabled"] = "true",
            ["__RequestVerificationToken"] = StaffClient.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        _platform.RefuseAllWith = "資料集名稱重複";
        var details = await page.GetStringAsync("/admin/national-sync?agency=WDA");
        var synced = await page.PostAsync("/admin/national-sync?handler=Sync", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["agency"] = "WDA",
            ["__RequestVerificationToken"] = StaffClient.AntiforgeryToken(details),
        }));
        Assert.Equal(HttpStatusCode.Redirect, synced.StatusCode);
        var after = await page.GetStringAsync(synced.Headers.Location!.ToString());
        Assert.Contains("資料集名稱重複", after, StringComparison.Ordinal);
        Assert.Contains("待送出", after, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, after, StringComparison.Ordinal);
        Assert.Equal(Key, Assert.Single(_platform.Requests).Authorization);
    }
}
