using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kaifang.Quality;

public static class QualityServices
{
    public static IServiceCollection AddQuality(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QualityOptions>().Bind(configuration.GetSection(QualityOptions.Section));
        services.AddSingleton<IValidateOptions<QualityOptions>, QualityOptionsValidation>();
        services.AddSingleton(sp => NetworkAddressPolicy.From(sp.GetRequiredService<IOptions<QualityOptions>>().Value.AllowedNetworks));
        services.AddHttpClient(LinkChecker.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var policy = sp.GetRequiredService<NetworkAddressPolicy>();
                var quality = sp.GetRequiredService<IOptions<QualityOptions>>().Value;
                return new SocketsHttpHandler
                {
                    // Redirects are followed by LinkChecker, hop by hop, so that each is recorded and counted.
                    AllowAutoRedirect = false,
                    // A proxy would connect on the checker's behalf, past ConnectCallback's address check.
                    UseProxy = false,
                    UseCookies = false,
                    AutomaticDecompression = DecompressionMethods.None,
                    MaxConnectionsPerServer = Math.Max(1, quality.PerHostConcurrency),
                    ConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, quality.TimeoutSeconds)),
                    PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
                    ConnectCallback = (context, cancellationToken) => LinkChecker.ConnectAsync(policy, context, cancellationToken),
                };
            })
            .ConfigureHttpClient((sp, client) =>
            {
                // Each request has its own time limit in LinkChecker.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(sp.GetRequiredService<IOptions<QualityOptions>>().Value.UserAgent);
            })
            // A log line per request would be 100,000 lines a night.
            .RemoveAllLoggers();
        services.AddSingleton<LinkChecker>();
        services.AddSingleton<LinkCheckRunner>();
        services.AddScoped<LinkCheckReport>();
        services.AddScoped<QualityAssessment>();
        services.AddScoped<QuarterlyCheck>();
        services.AddScoped<QualityDigest>();
        services.AddScoped<RaiseStars>();
        services.AddScoped<MetadataQualityReport>();
        return services;
    }
}
