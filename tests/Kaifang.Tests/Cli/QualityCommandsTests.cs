using Kaifang.Catalog;
using Kaifang.Tests.Quality;

namespace Kaifang.Tests.Cli;

public sealed class QualityCommandsTests : IAsyncLifetime, IDisposable
{
    private readonly CliRun _cli = new()
    {
        Settings = new()
        {
            ["Kaifang:Quality:AllowedNetworks:0"] = "127.0.0.0/8",
            ["Kaifang:Quality:TimeoutSeconds"] = "1",
            ["Kaifang:Quality:RetryBackoffMilliseconds"] = "10",
            ["Kaifang:Quality:PolitenessDelayMilliseconds"] = "0",
        },
    };
    private LinkTestServer _server = null!;

    public async Task InitializeAsync() => _server = await LinkTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task An_unknown_agency_fails_and_names_the_codes()
    {
        var (exit, output) = await _cli.RunAsync("quality", "links", "check", "--agency", "NOPE");
        Assert.Equal(1, exit);
        Assert.Contains("There is no agency with code 'NOPE'", output);
        Assert.Contains("BLI", output);
    }

    [Fact]
    public async Task A_dataset_check_counts_its_links_and_lists_the_failing_one()
    {
        await _cli.RunAsync("users", "list");
        await using (var db = _cli.OpenDb())
        {
            var now = DateTimeOffset.UtcNow;
            var dataset = new Dataset
            {
                Id = Guid.NewGuid(),
                Identifier = "A17010000J-000901",
                Name = "links-demo",
                Title = "連結示範",
                AgencyId = db.Agencies.Single(a => a.Code == "BLI").Id,
                Status = DatasetStatus.Published,
                CreatedAt = now,
                MetadataModifiedAt = now,
            };
            dataset.Resources.Add(new Resource { Id = Guid.NewGuid(), Identifier = "A17010000J-000901-001", Name = "好檔案", Format = "CSV", Url = _server.Url("/good.csv"), Position = 0 });
            dataset.Resources.Add(new Resource { Id = Guid.NewGuid(), Identifier = "A17010000J-000901-002", Name = "不見了", Format = "CSV", Url = _server.Url("/gone.csv"), Position = 1 });
            db.Datasets.Add(dataset);
            await db.SaveChangesAsync();
        }
        var (exit, output) = await _cli.RunAsync("quality", "links", "check", "--dataset", "links-demo");
        Assert.Equal(0, exit);
        Assert.Contains("Checked 2 links", output);
        Assert.Contains("1 working, 1 failed, 0 refused", output);
        Assert.Contains(_server.Url("/gone.csv"), output);
        Assert.Contains("answered 404", output);
        Assert.DoesNotContain(_server.Url("/good.csv"), output);

        var (_, again) = await _cli.RunAsync("quality", "links", "check", "--agency", "BLI");
        Assert.Contains("Checked 2 links", again);
    }

    [Fact]
    public async Task Agency_and_dataset_together_are_refused()
    {
        var (exit, output) = await _cli.RunAsync("quality", "links", "check", "--agency", "BLI", "--dataset", "x");
        Assert.Equal(2, exit);
        Assert.Contains("not both", output);
    }
}
