using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Promotion;

public static class PromotionServices
{
    public static IServiceCollection AddPromotion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PromotionOptions>().Bind(configuration.GetSection(PromotionOptions.Section));
        services.AddScoped<PromotionEvents>();
        services.AddScoped<EventRegistrations>();
        services.AddScoped<Showcases>();
        return services;
    }
}
