using Kaifang.Interop.Harvesting;

namespace Kaifang.Tests.Cli;

public sealed class HarvestCommandsTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Running_an_unknown_source_fails_and_says_how_to_list_them()
    {
        var (exit, output) = await _cli.RunAsync("harvest", "run", "nowhere");
        Assert.Equal(1, exit);
        Assert.Contains("There is no harvest source 'nowhere'", output);
        Assert.Contains("kaifang harvest list", output);
    }

    [Fact]
    public async Task A_source_that_cannot_be_reached_fails_the_run_with_the_reason_and_is_listed_with_it()
    {
        await _cli.RunAsync("harvest", "list");
        await using (var db = _cli.OpenDb())
        {
            db.HarvestSources.Add(new HarvestSource
            {
                Id = Guid.NewGuid(),
                Name = "closed-port",
                Title = "關閉的埠",
                Url = "http://127.0.0.1:9/",
                AgencyId = db.Agencies.Single(a => a.Code == "MOL").Id,
            });
            await db.SaveChangesAsync();
        }
        var (exit, output) = await _cli.RunAsync("harvest", "run", "closed-port");
        Assert.Equal(1, exit);
        Assert.Contains("Failed: 0 created", output);
        Assert.Contains("http://127.0.0.1:9/api/3/action/package_search", output);
        Assert.Contains("could not be reached", output);

        var (_, list) = await _cli.RunAsync("harvest", "list");
        Assert.Contains("closed-port", list);
        Assert.Contains("Failed", list);
    }
}
