using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Inventory;

public static class InventoryServices
{
    /// Inventory (盤點) and its review (審議) in meetings.
    public static IServiceCollection AddInventory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InventoryOptions>().Bind(configuration.GetSection(InventoryOptions.Section));
        services.AddScoped<InventoryRounds>();
        services.AddScoped<InventoryQueries>();
        services.AddScoped<EditInventoryItem>();
        services.AddScoped<MoveInventoryItem>();
        services.AddScoped<ImportInventory>();
        services.AddScoped<LegalBases>();
        services.AddScoped<CreateDatasetFromItem>();
        services.AddScoped<InventoryReminderSweep>();
        services.AddScoped<Review.FollowUpReminders>();
        services.AddScoped<Review.PlanMeeting>();
        services.AddScoped<Review.MeetingAgenda>();
        services.AddScoped<Review.DecideOnItem>();
        services.AddScoped<Review.RecordMinutes>();
        services.AddScoped<Review.MeetingQueries>();
        return services;
    }
}
