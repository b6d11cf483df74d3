using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Interop.NationalSync;

public static class NationalSyncServices
{
    public static IServiceCollection AddNationalSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NationalSyncOptions>().Bind(configuration.GetSection(NationalSyncOptions.Section));
        // A plain client: the endpoint is set only by the ministry's administrators (or the operator's
        // settings), not by agency staff or harvested data, so the SSRF guard of the link checker is not
        // put in front of it. Each request has its own time limit (RequestTimeoutSeconds) in the client.
        services.AddHttpClient(NationalPlatformClient.HttpClientName, c =>
            {
                c.Timeout = Timeout.InfiniteTimeSpan;
                c.DefaultRequestHeaders.UserAgent.ParseAdd("Kaifang-NationalSync/1.0");
            })
            // The default logging would write each request's address at Information; Kaifang logs its own
            // lines, which never carry the API key.
            .RemoveAllLoggers();
        services.AddSingleton<NationalPlatformClient>();
        services.AddScoped<NationalSyncSettings>();
        services.AddScoped<NationalSyncDispatcher>();
        services.AddScoped<NationalSyncStatusReport>();
        services.AddSingleton<NationalSyncRunner>();
        return services;
    }
}
