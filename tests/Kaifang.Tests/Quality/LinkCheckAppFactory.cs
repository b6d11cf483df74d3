using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Quality;

/// The real app with quick link-check limits (1 s timeout, 10 ms back-off, no pause between
/// requests), a clock the test sets, and a test server for its links.
public sealed class LinkCheckAppFactory : KaifangAppFactory, IAsyncLifetime
{
    public LinkTestServer Links { get; private set; } = null!;

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 19, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync() => Links = await LinkTestServer.StartAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Links.DisposeAsync();
        Dispose();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kaifang:Quality:TimeoutSeconds"] = "1",
            ["Kaifang:Quality:RetryBackoffMilliseconds"] = "10",
            ["Kaifang:Quality:PolitenessDelayMilliseconds"] = "0",
            ["Kaifang:Quality:HistoryPerResource"] = "3",
            // Pages of two links, so that every run over a dataset of several links goes through more than one page.
            ["Kaifang:Quality:PageSize"] = "2",
        }));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// A clock that stands still until the test moves it; timers still run on real time, so that time
/// limits and waits inside a check behave as in production.
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
