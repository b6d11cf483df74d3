using Kaifang.Interop.Harvesting;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Interop.Harvesting;

/// A second Kaifang whose harvests reach the given handler: another running Kaifang's test server,
/// or a misbehaving site.
public sealed class HarvestTargetAppFactory(Func<HttpMessageHandler> source, int timeoutSeconds = 60) : KaifangAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kaifang:HarvestRequestTimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        builder.ConfigureTestServices(services => services.AddHttpClient(Kaifang.Interop.Harvesting.Harvesting.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(source));
    }

    /// Waits until no run of any source is still going (runs started in the background).
    public static async Task WaitForRunsAsync(KaifangAppFactory app)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (app.WithDb(db => db.HarvestRuns.Any(r => r.Status == HarvestRunStatus.Running)))
        {
            Assert.True(DateTime.UtcNow < deadline, "A harvest run did not finish within 60 seconds.");
            await Task.Delay(100);
        }
    }
}
