using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Catalog;
using Kaifang.Interop.NationalSync;
using Kaifang.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Interop.NationalSync;

/// Publishing to a stand-in of the national platform that follows its contract, failures included.
public sealed class NationalSyncTests : IAsyncLifetime, IDisposable
{
    private const string Key = "k3y-0f-bli-7f3a9c2e5d1b8046";

    private readonly NationalSyncAppFactory _app = new();
    private NationalPlatformStandIn _platform = null!;

    public async Task InitializeAsync()
    {
        _platform = await NationalPlatformStandIn.StartAsync(Key);
        _ = _app.Server;
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_published_dataset_is_created_with_the_key_in_the_header_and_its_national_id_is_recorded()
    {
        await _app.ConfigureAsync("BLI", _platform);
        var name = await _app.PublishedDatasetAsync("BLI");
        using (var officer = await _app.WithTokenAsync("bli-officer"))
        {
            await officer.CreateDraftAsync("BLI", "尚未上架的草稿");
        }

        var outcome = Assert.Single(await _app.RunAsync("BLI"));

        Assert.Equal(1, outcome.Created);
        var request = Assert.Single(_platform.Requests);
        Assert.Equal(("POST", "/api/v2/rest/dataset", Key), (request.Method, request.Path, request.Authorization));
        var (nationalId, sent) = Assert.Single(_platform.Datasets);
        Assert.Equal(_app.IdentifierOf(name), sent["identifier"]!.GetValue<string>());
        Assert.Equal("勞工保險投保薪資分級表", sent["title"]!.GetValue<string>());
        Assert.EndsWith("|勞動部勞工保險局", sent["publisherOID"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("A17010000J", sent["publisherOrgCode"]!.GetValue<string>());
        Assert.Equal("https://www.bli.gov.tw/files/grades.csv", sent["distribution"]![0]!["resourceDownloadUrl"]!.GetValue<string>());
        Assert.Equal("1", sent["updateFrequency"]!["frequency"]!.GetValue<string>());
        Assert.Equal("年", sent["updateFrequency"]!["unittime"]!.GetValue<string>());

        var record = _app.Record(name);
        Assert.Equal(NationalSyncStatus.InSync, record.Status);
        Assert.Equal(nationalId, record.NationalId);
        Assert.Equal(record.PayloadHash, record.SyncedHash);
        Assert.Equal(NationalDatasetPayload.Hash(System.Text.Encoding.UTF8.GetBytes(record.Payload!)), record.PayloadHash);
        Assert.Equal(_app.Clock.GetUtcNow(), record.SyncedAt);
    }

    [Fact]
    public async Task Nothing_is_sent_while_the_payload_is_unchanged_and_a_change_is_an_update_not_a_second_create()
    {
        await _app.ConfigureAsync("BLI", _platform);
        var name = await _app.PublishedDatasetAsync("BLI");
        await _app.RunAsync("BLI");
        var nationalId = _app.Record(name).NationalId!;

        _app.Clock.Advance(TimeSpan.FromHours(1));
        var quiet = Assert.Single(await _app.RunAsync("BLI"));
        Assert.Equal((0, 0, 0), (quiet.Queued, quiet.Created, quiet.Updated));
        Assert.Single(_platform.Requests);

        using var officer = await _app.WithTokenAsync("bli-officer");
        var input = ApiClients.SampleInput("BLI") with { Title = "勞工保險投保薪資分級表（114年起）" };
        (await officer.PutAsJsonAsync($"/api/v1/datasets/{name}", input)).EnsureSuccessStatusCode();
        var changed = Assert.Single(await _app.RunAsync("BLI"));

        Assert.Equal((1, 0, 1), (changed.Queued, changed.Created, changed.Updated));
        var update = _platform.Requests.Last();
        Assert.Equal(("PUT", $"/api/v2/rest/dataset/{nationalId}"), (update.Method, update.Path));
        Assert.Equal("勞工保險投保薪資分級表（114年起）", Assert.Single(_platform.Datasets).Value["title"]!.GetValue<string>());
        Assert.Equal(NationalSyncOperation.Update, _app.Record(name).Operation);
    }

    [Fact]
    public async Task A_data_change_alone_is_sent_as_an_update()
    {
        await _app.ConfigureAsync("BLI", _platform);
        var name = await _app.PublishedDatasetAsync("BLI");
        await _app.RunAsync("BLI");

        _app.Clock.Advance(TimeSpan.FromDays(1));
        using var officer = await _app.WithTokenAsync("bli-officer");
        (await officer.AddLinkAsync(name, "https://www.bli.gov.tw/files/grades-2026.csv")).EnsureSuccessStatusCode();
        await _app.RunAsync("BLI");

        Assert.Equal(["POST", "PUT"], _platform.Requests.Select(r => r.Method));
        var distribution = Assert.Single(_platform.Datasets).Value["distribution"]!.AsArray();
        Assert.Equal(2, distribution.Count);
    }

    [Fact]
    public async Task A_withdrawn_dataset_is_deleted_there_and_created_anew_when_published_again()
    {
        await _app.ConfigureAsync("BLI", _platform);
        var name = await _app.PublishedDatasetAsync("BLI");
        await _app.RunAsync("BLI");
        var nationalId = _app.Record(name).NationalId!;

        using var officer = await _app.WithTokenAsync("bli-officer");
        (await officer.PostAsync($"/api/v1/datasets/{name}/withdraw", null)).EnsureSuccessStatusCode();
        var withdrawn = Assert.Single(await _app.RunAsync("BLI"));

        Assert.Equal(1, withdrawn.Removed);
        Assert.Equal(("DELETE", $"/api/v2/rest/dataset/{nationalId}", Key), (_platform.Requests.Last().Method, _platform.Requests.Last().Path, _platform.Requests.Last().Authorization));
        Assert.Empty(_platform.Datasets);
        Assert.Equal(NationalSyncStatus.Removed, _app.Record(name).Status);

        await _app.RunAsync("BLI");
        Assert.Equal(2, _platform.Requests.Count);

        (await officer.PostAsync($"/api/v1/datasets/{name}/publish", null)).EnsureSuccessStatusCode();
        await _app.RunAsync("BLI");
        Assert.Equal("POST", _platform.Requests.Last().Method);
        Assert.Single(_platform.Datasets);
        Assert.NotEqual(nationalId, _app.Record(name).NationalId);
    }

    [Fact]
    public async Task An_error_in_a_200_answer_is_retried_with_doubling_waits_then_failed_and_the_agency_admins_told()
    {
        await _app.ConfigureAsync("BLI", _platform);
        var name = await _app.PublishedDatasetAsync("BLI");
        _platform.RefuseAllWith = "欄位 categoryService 不在服務分類代碼表中";

        var first = Assert.Single(await _app.RunAsync("BLI"));
        var record = _app.Record(name);
        Assert.Equal((0, 1, 0), (first.Created, first.Retrying, first.Failed));
        Assert.Equal(NationalSyncStatus.Pending, record.Status);
        Assert.Equal("[E0400] 欄位 categoryService 不在服務分類代碼表中", record.LastError);
        Assert.Equal(200, record.LastHttpStatus);
        Assert.Null(record.NationalId);
        Assert.Equal(_app.Clock.GetUtcNow().AddSeconds(NationalSyncAppFactory.RetryBaseSeconds), record.NextAttemptAt);

        // Not due yet: nothing is sent.
        _app.Clock.Advance(TimeSpan.FromSeconds(NationalSyncAppFactory.RetryBaseSeconds - 1));
        await _app.RunAsync("BLI");
        Assert.Single(_platform.Requests);

        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        await _app.RunAsync("BLI");
        record = _app.Record(name);
        Assert.Equal(2, record.Attempts);
        Assert.Equal(_app.Clock.GetUtcNow().AddSeconds(2 * NationalSyncAppFactory.RetryBaseSeconds), record.NextAttemptAt);
        Assert.Equal(0, _app.WithDb(db => db.OutboxMessages.Count(m => m.Topic == NationalSyncDispatcher.FailureTopic)));

        _app.Clock.Advance(TimeSpan.FromSeconds(2 * NationalSyncAppFactory.RetryBaseSeconds));
        var last = Assert.Single(await _app.RunAsync("BLI"));
        record = _app.Record(name);
        Assert.Equal(1, last.Failed);
        Assert.Equal((NationalSyncStatus.Failed, 3, (DateTimeOffset?)null), (record.Status, record.Attempts, record.NextAttemptAt));
        var notice = Assert.Single(_app.WithDb(db => db.OutboxMessages.Where(m => m.Topic == NationalSyncDispatcher.FailureTopic).ToList()));
        Assert.Equal("bli-admin@example.gov.tw", notice.To);
        Assert.Contains(record.Identifier, notice.Subject, StringComparison.Ordinal);
        Assert.Contains("欄位 categoryService 不在服務分類代碼表中", notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, notice.Body, StringComparison.Ordinal);

        // Failed items wait for a person: later runs leave them alone.
        _app.Clock.Advance(TimeSpan.FromDays(1));
        await _app.RunAsync("BLI");
        Assert.Equal(3, _platform.Requests.Count);

        _platform.RefuseAllWith = null;
        using var admin = await _app.WithTokenAsync("bli-admin");
        var retry = await admin.PostAsync($"/api/v1/national-sync/agencies/BLI/retry?identifier={record.Identifier}", null);
        Assert.Equal(1, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("retried").GetInt32());
        await _app.RunAsync("BLI");
        record = _app.Record(name);
        Assert.Equal(NationalSyncStatus.InSync, record.Status);
        Assert.NotNull(record.NationalId);
        Assert.Null(record.LastError);
    }

    [Fact]
    public async Task A_timeout_then_a_500_are_retried_and_the_third_attempt_creates_the_dataset_once()
    {
        await _app.ConfigureAsync("BLI", _platform);
        var name = await _app.PublishedDatasetAsync("BLI");
        _platform.Enqueue(NationalPlatformStandIn.Fault.Timeout, NationalPlatformStandIn.Fault.ServerError);

        await _app.RunAsync("BLI");
        var record = _app.Record(name);
        Assert.Equal(NationalSyncStatus.Pending, record.Status);
        Assert.Contains("timeout", record.LastError, StringComparison.Ordinal);
        Assert.Null(record.LastHttpStatus);

        _app.Clock.Advance(TimeSpan.FromSeconds(NationalSyncAppFactory.RetryBaseSeconds));
        await _app.RunAsync("BLI");
        record = _app.Record(name);
        Assert.StartsWith("HTTP 500", record.LastError, StringComparison.Ordinal);
        Assert.Equal(500, record.LastHttpStatus);
        Assert.Equal(_app.Clock.GetUtcNow().AddSeconds(2 * NationalSyncAppFactory.RetryBaseSeconds), record.NextAttemptAt);

        _app.Clock.Advance(TimeSpan.FromSeconds(2 * NationalSyncAppFactory.RetryBaseSeconds));
        await _app.RunAsync("BLI");
        record = _app.Record(name);
        Assert.Equal((NationalSyncStatus.InSync, 3), (record.Status, record.Attempts));
        var (nationalId, _) = Assert.Single(_platform.Datasets);
        Assert.Equal(nationalId, record.NationalId);
        Assert.Equal(3, _platform.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task Sync_now_sends_what_waits_out_a_back_off()
    {
        await _app.ConfigureAsync("BLI", _platform);
        var name = await _app.PublishedDatasetAsync("BLI");
        _platform.Enqueue(NationalPlatformStandIn.Fault.ServerError);
        await _app.RunAsync("BLI");
        Assert.Equal(NationalSyncStatus.Pending, _app.Record(name).Status);

        using var admin = await _app.WithTokenAsync("bli-admin");
        var response = await admin.PostAsync("/api/v1/national-sync/agencies/BLI/sync", null);
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, outcome.GetProperty("created").GetInt32());
        Assert.Equal(NationalSyncStatus.InSync, _app.Record(name).Status);
    }

    [Fact]
    public async Task Two_runs_at_once_as_on_two_nodes_send_each_change_once()
    {
        await _app.ConfigureAsync("BLI", _platform);
        await _app.PublishedDatasetAsync("BLI", "就業保險給付統計");
        await _app.PublishedDatasetAsync("BLI", "勞工退休金提繳統計");

        // Each node has its own runner; only the claim in the database stands between their dispatchers.
        async Task<List<NationalSyncAgencyOutcome>> RunOnANodeAsync()
        {
            using var scope = _app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<NationalSyncDispatcher>().RunAsync("BLI", false, CancellationToken.None);
        }
        var outcomes = (await Task.WhenAll(RunOnANodeAsync(), RunOnANodeAsync())).SelectMany(o => o).ToList();

        Assert.Equal(2, outcomes.Sum(o => o.Created));
        Assert.Equal(2, _platform.Requests.Count(r => r.Method == "POST"));
        Assert.Equal(2, _platform.Datasets.Count);
        Assert.All(outcomes.Where(o => o.Skipped is not null), o => Assert.Contains("another node", o.Skipped, StringComparison.Ordinal));
        // The claim is given up at the end: the next run may send again.
        Assert.Equal(0, _app.WithDb(db => db.WorkClaims.Count()));
    }

    [Fact]
    public async Task A_disabled_agency_sends_nothing()
    {
        await _app.ConfigureAsync("BLI", _platform, enabled: false);
        await _app.PublishedDatasetAsync("BLI");

        var outcome = Assert.Single(await _app.RunAsync("BLI"));

        Assert.Equal("publishing is turned off for this agency", outcome.Skipped);
        Assert.Empty(_platform.Requests);
    }
}
