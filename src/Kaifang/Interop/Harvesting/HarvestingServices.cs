using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kaifang.Interop.Harvesting;

public static class HarvestingServices
{
    public static IServiceCollection AddHarvesting(this IServiceCollection services)
    {
        services.AddHttpClient(Harvesting.HttpClientName).ConfigureHttpClient((sp, client) =>
        {
            client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<KaifangOptions>>().Value.HarvestRequestTimeoutSeconds);
            client.DefaultRequestHeaders.UserAgent.ParseAdd("Kaifang-Harvester/1.0");
            client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        });
        services.AddSingleton<IHarvestProtocol, CkanHarvestProtocol>();
        services.AddSingleton<IHarvestProtocol, NationalHarvestProtocol>();
        services.AddSingleton<IHarvestProtocol, DcatHarvestProtocol>();
        services.AddScoped<HarvestImporter>();
        services.AddScoped<HarvestSources>();
        services.AddSingleton<HarvestRunner>();
        return services;
    }
}
