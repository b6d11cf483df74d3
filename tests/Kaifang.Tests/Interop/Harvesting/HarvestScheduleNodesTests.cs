using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kaifang.Interop.Harvesting;
using Kaifang.Scheduling;
using Kaifang.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Kaifang.Tests.Interop.Harvesting;

/// A harvest source's schedule, set on one web node, is the schedule of every node on PostgreSQL (one schedule in the
/// database, docs/decisions/0014-quartz-clustered-on-postgresql.md); on SQLite it is the node's own.
public sealed class HarvestScheduleNodesTests : IDisposable
{
    private readonly KaifangAppFactory _a = new();
    private readonly KaifangAppFactory _b;

    public HarvestScheduleNodesTests() => _b = KaifangAppFactory.SecondNode(_a);

    private static JsonObject Source(string schedule, bool enabled = true) => new()
    {
        ["name"] = "mol-demo",
        ["title"] = "勞動部開放資料（示範）",
        ["kind"] = "ckan",
        ["url"] = "http://localhost/",
        ["agency"] = "MOL",
        ["schedule"] = schedule,
        ["enabled"] = enabled,
    };

    private static async Task<ICronTrigger?> TriggerOnAsync(KaifangAppFactory node, Guid source)
    {
        var scheduler = await node.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        return (ICronTrigger?)await scheduler.GetTrigger(ScheduledJobs.TriggerOf(HarvestSchedule.JobOf(source)));
    }

    [Fact]
    public async Task A_source_scheduled_changed_or_turned_off_on_one_node_is_so_on_the_other()
    {
        // Both nodes running before the source exists.
        var onA = await _a.WithTokenAsync("admin");
        var onB = await _b.WithTokenAsync("admin");
        Assert.Equal(HttpStatusCode.Created, (await onA.PostAsJsonAsync("/api/v1/harvest/sources", Source("daily"))).StatusCode);
        var id = _a.WithDb(db => db.HarvestSources.Single(s => s.Name == "mol-demo").Id);

        var onNodeA = await TriggerOnAsync(_a, id);
        Assert.Equal("0 30 2 * * ?", onNodeA?.CronExpressionString);
        var scheduler = await _a.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        // The job's data, stored in the database on PostgreSQL, says which source to run.
        Assert.Equal(id.ToString(), (await scheduler.GetJobDetail(HarvestSchedule.JobOf(id)))!.JobDataMap.GetString(HarvestJob.SourceKey));
        if (!TestDatabase.IsPostgreSql)
        {
            // Each node's schedule in memory: the other node learns of the source at its next start only.
            Assert.Null(await TriggerOnAsync(_b, id));
            return;
        }
        Assert.Equal("0 30 2 * * ?", (await TriggerOnAsync(_b, id))?.CronExpressionString);

        // Changed on B: A has the new schedule. Saved again unchanged: the trigger is kept, its next time as it was.
        Assert.Equal(HttpStatusCode.OK, (await onB.PutAsJsonAsync("/api/v1/harvest/sources/mol-demo", Source("weekly"))).StatusCode);
        var weekly = await TriggerOnAsync(_a, id);
        Assert.Equal("0 30 3 ? * SUN", weekly?.CronExpressionString);
        Assert.Equal(HttpStatusCode.OK, (await onA.PutAsJsonAsync("/api/v1/harvest/sources/mol-demo", Source("weekly"))).StatusCode);
        Assert.Equal(weekly!.StartTimeUtc, (await TriggerOnAsync(_b, id))?.StartTimeUtc);

        // Turned off on A: off on B.
        Assert.Equal(HttpStatusCode.OK, (await onA.PutAsJsonAsync("/api/v1/harvest/sources/mol-demo", Source("weekly", enabled: false))).StatusCode);
        Assert.Null(await TriggerOnAsync(_b, id));
    }

    public void Dispose()
    {
        _b.Dispose();
        _a.Dispose();
    }
}
