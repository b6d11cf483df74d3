using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Feedback;

public static class FeedbackServices
{
    public static IServiceCollection AddFeedback(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedbackOptions>().Bind(configuration.GetSection(FeedbackOptions.Section));
        services.AddOptions<Notifications.MailOptions>().Bind(configuration.GetSection(Notifications.MailOptions.Section));
        services.AddScoped<OfficeCalendars>();
        services.AddScoped<FeedbackPeople>();
        services.AddScoped<SubmitComment>();
        services.AddScoped<HandleComments>();
        services.AddScoped<AnswerComment>();
        services.AddScoped<FeedbackQueries>();
        services.AddScoped<FeedbackStatistics>();
        services.AddScoped<FeedbackSweep>();
        services.AddScoped<ImportNationalComments>();
        services.AddSingleton<Notifications.OutboxSender>();
        return services;
    }
}
