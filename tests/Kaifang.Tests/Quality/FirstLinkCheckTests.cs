using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Kaifang.Tests.Quality;

/// A new installation checks its links at first start instead of waiting for the night's run.
public sealed class FirstLinkCheckTests
{
    private sealed class ScheduledDemo : KaifangAppFactory
    {
        protected override bool SeedDemoCatalog => true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kaifang:Quality:Schedule"] = "0 0 3 * * ?",
            }));
        }
    }

    [Fact]
    public async Task The_seeded_catalogs_files_are_checked_at_first_start_and_rated_by_their_content()
    {
        using var app = new ScheduledDemo();
        using var client = app.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var resources = app.WithDb(db => db.Resources.Count(r => r.Dataset!.Status == Kaifang.Catalog.DatasetStatus.Published));
        while (app.WithDb(db => db.LinkChecks.Count()) < resources)
        {
            Assert.True(DateTime.UtcNow < deadline, "The first link check did not cover the seeded resources within 60 seconds.");
            await Task.Delay(200);
        }
        var checks = app.WithDb(db => db.LinkChecks.ToList());
        Assert.All(checks, c => Assert.Equal(Kaifang.Quality.LinkStatus.Ok, c.LastStatus));
        Assert.Contains(checks, c => c.Content == Kaifang.Quality.SniffedFormat.Csv);
        Assert.Contains(checks, c => c.Content == Kaifang.Quality.SniffedFormat.Pdf);
        Assert.Contains(checks, c => c.Content == Kaifang.Quality.SniffedFormat.Xlsx);
        Assert.Contains(checks, c => c.ContentEncoding == "Big5");
    }
}
