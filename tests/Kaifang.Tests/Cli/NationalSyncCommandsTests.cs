using Kaifang.Catalog;
using Kaifang.Tests.Interop.NationalSync;

namespace Kaifang.Tests.Cli;

public sealed class NationalSyncCommandsTests : IAsyncLifetime, IDisposable
{
    private const string Key = "cli-key-from-settings-5e0a";
    private NationalPlatformStandIn _platform = null!;
    private CliRun _cli = null!;

    public async Task InitializeAsync()
    {
        _platform = await NationalPlatformStandIn.StartAsync(Key);
        // Configured in settings only, as an operator would with environment variables.
        _cli = new CliRun
        {
            SeedDemoCatalog = true,
            Settings = new()
            {
                ["Kaifang:NationalSync:Agencies:BLI:BaseUrl"] = _platform.BaseUrl,
                ["Kaifang:NationalSync:Agencies:BLI:ApiKey"] = Key,
            },
        };
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    public void Dispose() => _cli?.Dispose();

    [Fact]
    public async Task Sync_sends_the_agencys_published_datasets_once_and_then_nothing()
    {
        var (exit, output) = await _cli.RunAsync("national", "sync", "--agency", "BLI");

        await using var db = _cli.OpenDb();
        var bli = db.Agencies.Single(a => a.Code == "BLI").Id;
        var published = db.Datasets.Count(d => d.AgencyId == bli && d.Status == DatasetStatus.Published);
        Assert.True(published > 0);
        Assert.True(db.Datasets.Any(d => d.AgencyId == bli && d.Status != DatasetStatus.Published), "The demo catalog should have unpublished datasets too.");
        Assert.Equal(0, exit);
        Assert.Contains($"BLI: {published} queued, {published} created, 0 updated, 0 removed, 0 to retry, 0 failed.", output, StringComparison.Ordinal);
        Assert.Equal(published, _platform.Datasets.Count);
        Assert.All(_platform.Requests, r => Assert.Equal(Key, r.Authorization));
        Assert.DoesNotContain(Key, output, StringComparison.Ordinal);

        var (again, second) = await _cli.RunAsync("national", "sync", "--agency", "BLI");
        Assert.Equal(0, again);
        Assert.Contains("BLI: 0 queued, 0 created", second, StringComparison.Ordinal);
        Assert.Equal(published, _platform.Requests.Count);
    }

    [Fact]
    public async Task An_agency_without_configuration_is_reported_and_fails()
    {
        var (exit, output) = await _cli.RunAsync("national", "sync", "--agency", "WDA");
        Assert.Equal(1, exit);
        Assert.Contains("WDA: skipped, not configured", output, StringComparison.Ordinal);
        Assert.Empty(_platform.Requests);
    }
}
