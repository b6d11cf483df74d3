using System.Net;
using Kaifang.Quality;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kaifang.Pipelines.Runs;

public static class PipelineServices
{
    public static IServiceCollection AddPipelines(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.Section));
        // Database connections are encrypted with the Data Protection keys the core services keep with the data.
        // Sources are typed by staff: the link checker's address guard keeps them off the server's own network.
        services.AddHttpClient(PipelineSourceReader.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var policy = sp.GetRequiredService<NetworkAddressPolicy>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = true,
                    MaxAutomaticRedirections = 5,
                    UseProxy = false,
                    UseCookies = false,
                    AutomaticDecompression = DecompressionMethods.All,
                    ConnectTimeout = TimeSpan.FromSeconds(30),
                    ConnectCallback = (context, cancellationToken) => LinkChecker.ConnectAsync(policy, context, cancellationToken),
                };
            })
            .ConfigureHttpClient(client =>
            {
                // Each read has its own time limit in PipelineSourceReader.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Kaifang-Pipeline/1.0");
            });
        services.AddScoped<PipelineSourceReader>();
        services.AddScoped<DatabaseConnections>();
        services.AddScoped<Pipelines>();
        services.AddScoped<PipelinePreviews>();
        services.AddSingleton<PipelineRunner>();
        services.AddSingleton<PipelineSweep>();
        return services;
    }
}
