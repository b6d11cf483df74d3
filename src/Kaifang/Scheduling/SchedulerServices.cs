using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Kaifang.Scheduling;

/// The web host's Quartz scheduler (docs/decisions/0014-quartz-clustered-on-postgresql.md). On PostgreSQL, where
/// several web nodes may share the database, the schedule lives in that database (Quartz's tables, created by the
/// QuartzTables migration) and the nodes' schedulers form a cluster: each firing of a trigger is taken by exactly one
/// node, and a job that disallows concurrent execution runs on one node at a time. On SQLite, one machine by
/// definition, the schedule is kept in memory and set again at each start, as before.
public static class SchedulerServices
{
    /// The name the nodes of one installation share: a cluster is the schedulers of one name on one database.
    public const string SchedulerName = "Kaifang";

    /// How often a node records in the database that it is alive.
    public static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(10);

    /// How long past a missed check-in the other nodes wait before taking over a silent node's work: longer than a
    /// garbage collection or a database fail-over, short enough that a crashed node's runs are recovered soon.
    public static readonly TimeSpan CheckinMisfireThreshold = TimeSpan.FromSeconds(20);

    /// How late a firing may be and still run as usual; later, its trigger's misfire instruction decides (fire once
    /// now, or wait for the next time).
    public static readonly TimeSpan MisfireThreshold = TimeSpan.FromMinutes(1);

    /// Registers the scheduler and the hosted service that starts and stops it. The database provider is read when
    /// services are registered, as <see cref="KaifangServices.AddKaifangDatabase"/> does.
    public static IServiceCollection AddKaifangScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var kaifang = configuration.GetSection(KaifangOptions.Section).Get<KaifangOptions>() ?? new KaifangOptions();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = SchedulerName);
            if (kaifang.DatabaseProvider != DatabaseProvider.PostgreSql)
            {
                return;
            }
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(Npgsql.NpgsqlFactory.Instance, kaifang.EffectiveConnectionString);
                store.UseSystemTextJsonSerializer();
                store.UseClustering(c =>
                {
                    c.CheckinInterval = CheckinInterval;
                    c.CheckinMisfireThreshold = CheckinMisfireThreshold;
                });
                store.ConfigureStore(o =>
                {
                    o.MisfireThreshold = MisfireThreshold;
                    // Job data is stored as text: only strings (a harvest source's id) go in, so nothing stored depends on
                    // how a .NET type serializes, and anything else is refused when it is scheduled.
                    o.StoreJobDataAsStrings = true;
                });
            });
            // Each node's instance id is generated at start ("AUTO"): host name and time.
            q.ConfigureScheduler(s => s.GenerateInstanceId = true);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        return services;
    }
}
