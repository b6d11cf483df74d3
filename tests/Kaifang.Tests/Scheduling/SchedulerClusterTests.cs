using System.Collections.Concurrent;
using System.Diagnostics;
using Kaifang.Catalog;
using Kaifang.Scheduling;
using Kaifang.Storage;
using Kaifang.Storage.Migrations.PostgreSql;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Quartz;

namespace Kaifang.Tests.Scheduling;

/// A job that writes down each of its runs — which node ran it, for which scheduled time — and how many of its runs
/// were under way at once. Built by the scheduler's job factory from the node's services (its NodeIdentity).
public sealed class RecordingJob(NodeIdentity node) : IJob
{
    public sealed record Run(Guid Node, DateTimeOffset? ScheduledFor);

    private static readonly ConcurrentDictionary<string, ConcurrentQueue<Run>> RunsByJob = new();
    private static readonly ConcurrentDictionary<string, int> Running = new();
    private static readonly ConcurrentDictionary<string, int> MostAtOnce = new();

    public static IReadOnlyList<Run> RunsOf(JobKey job) => RunsByJob.TryGetValue(job.Name, out var runs) ? [.. runs] : [];

    public static int MostAtOnceOf(JobKey job) => MostAtOnce.GetValueOrDefault(job.Name);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.JobDetail.Key.Name;
        var now = Running.AddOrUpdate(name, 1, (_, n) => n + 1);
        MostAtOnce.AddOrUpdate(name, now, (_, most) => Math.Max(most, now));
        try
        {
            if (context.MergedJobDataMap.ContainsKey("holdMilliseconds"))
            {
                await Task.Delay(int.Parse(context.MergedJobDataMap.GetString("holdMilliseconds")!, System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            }
        }
        finally
        {
            Running.AddOrUpdate(name, 0, (_, n) => n - 1);
        }
        RunsByJob.GetOrAdd(name, _ => new()).Enqueue(new Run(node.Id, context.ScheduledFireTimeUtc));
    }
}

/// DisallowConcurrentExecution, as every Kaifang job is.
[DisallowConcurrentExecution]
public sealed class OneAtATimeJob(NodeIdentity node) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        new RecordingJob(node).Execute(context, cancellationToken);
}

/// Several web nodes on one PostgreSQL database share one Quartz schedule, in the database: each firing runs on one node
/// only, a node starting again does not reset what the others scheduled, and a time missed while every node was down
/// runs once. On SQLite (one machine) each node keeps its schedule in memory, as this shows too.
public sealed class SchedulerClusterTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly KaifangAppFactory _a = new();
    private readonly List<KaifangAppFactory> _others = [];

    private KaifangAppFactory Node()
    {
        var node = KaifangAppFactory.SecondNode(_a);
        _others.Add(node);
        return node;
    }

    private static Task<IScheduler> SchedulerOf(KaifangAppFactory node) =>
        node.Services.GetRequiredService<ISchedulerFactory>().GetScheduler().AsTask();

    private static JobKey NewJob() => new($"recording-{Guid.NewGuid():N}", "tests");

    private static Guid NodeOf(KaifangAppFactory node) => node.Services.GetRequiredService<NodeIdentity>().Id;

    [Fact]
    public async Task The_schedule_is_kept_in_the_database_and_clustered_on_postgresql_and_in_memory_on_sqlite()
    {
        var metadata = await (await SchedulerOf(_a)).GetMetadata();
        Assert.Equal(SchedulerServices.SchedulerName, metadata.SchedulerName);
        Assert.Equal(TestDatabase.IsPostgreSql, metadata.JobStorePersistent);
        Assert.Equal(TestDatabase.IsPostgreSql, metadata.JobStoreClustered);
        if (TestDatabase.IsPostgreSql)
        {
            // Instance ids are generated ("AUTO"): two nodes of one installation never share one.
            var other = await (await SchedulerOf(Node())).GetMetadata();
            Assert.NotEqual(metadata.SchedulerInstanceId, other.SchedulerInstanceId);
            Assert.Equal(metadata.SchedulerName, other.SchedulerName);
        }
    }

    [Fact]
    public async Task Quartz_tables_come_with_the_postgresql_migrations_only()
    {
        if (!TestDatabase.IsPostgreSql)
        {
            // The SQLite schema has none: the RAM store needs no table.
            var tables = _a.WithDb(db => db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name LIKE 'qrtz%'").ToList());
            Assert.Empty(tables);
            Assert.DoesNotContain(_a.WithDb(db => db.Database.GetMigrations().ToList()), m => m.EndsWith("_QuartzTables", StringComparison.Ordinal));
            return;
        }
        Assert.Equal(QuartzTables.Tables.Order(StringComparer.Ordinal), await QuartzTablesInAsync(_a.DatabaseSettings["Kaifang:ConnectionString"]!));

        // Down drops them all and leaves the rest; Up brings them back, as Quartz expects them (a node starts on it).
        var settings = TestDatabase.CreateSettings();
        try
        {
            var connectionString = settings["Kaifang:ConnectionString"]!;
            await using (var db = new PostgreSqlKaifangDbContext(new DbContextOptionsBuilder<PostgreSqlKaifangDbContext>().UseNpgsql(connectionString).Options))
            {
                var migrations = db.Database.GetMigrations().ToList();
                Assert.Equal("20261130080000_QuartzTables", migrations.Single(m => m.EndsWith("_QuartzTables", StringComparison.Ordinal)));
                var before = migrations[migrations.IndexOf("20261130080000_QuartzTables") - 1];
                var migrator = db.GetService<IMigrator>();
                await migrator.MigrateAsync(before);
                Assert.Empty(await QuartzTablesInAsync(connectionString));
                Assert.Equal(["Agencies"], await TablesInAsync(connectionString, "Agencies"));
                await migrator.MigrateAsync();
            }
            Assert.Equal(QuartzTables.Tables.Order(StringComparer.Ordinal), await QuartzTablesInAsync(connectionString));
        }
        finally
        {
            TestDatabase.Drop(settings);
        }
    }

    private static Task<List<string>> QuartzTablesInAsync(string connectionString) => TablesInAsync(connectionString, "qrtz%");

    private static async Task<List<string>> TablesInAsync(string connectionString, string like)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE @like ORDER BY table_name COLLATE \"C\"", connection);
        command.Parameters.AddWithValue("like", like);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }

    [Fact]
    public async Task A_schedule_both_nodes_set_at_start_fires_once_per_time_across_the_nodes()
    {
        var b = Node();
        var job = NewJob();
        // What each node's start does: put the job on its schedule (here every two seconds).
        Assert.True(await ScheduledJobs.CronAsync<RecordingJob>(await SchedulerOf(_a), job, "0/2 * * * * ?", "test", "", CronTriggerMisfireInstruction.FireAndProceed, default));
        Assert.Equal(TestDatabase.IsPostgreSql ? ScheduleChange.Kept : ScheduleChange.Added,
            await ScheduledJobs.ScheduleCronAsync<RecordingJob>(await SchedulerOf(b), job, "0/2 * * * * ?", "test", "", CronTriggerMisfireInstruction.FireAndProceed, null, default));
        var bothScheduled = DateTimeOffset.UtcNow;

        // Four scheduled times after both nodes had the schedule, and one more so that the fourth has surely finished everywhere.
        var clock = Stopwatch.StartNew();
        List<DateTimeOffset> times;
        while ((times = Times()).Count < 5)
        {
            Assert.True(clock.Elapsed < Within, $"The job ran for {times.Count} scheduled times within {Within.TotalSeconds} s.");
            await Task.Delay(100);
        }
        List<DateTimeOffset> Times() => RecordingJob.RunsOf(job).Select(r => r.ScheduledFor!.Value).Where(t => t > bothScheduled).Distinct().Order().ToList();
        await ScheduledJobs.CronAsync<RecordingJob>(await SchedulerOf(_a), job, "", "test", "", CronTriggerMisfireInstruction.FireAndProceed, default);
        await ScheduledJobs.CronAsync<RecordingJob>(await SchedulerOf(b), job, "", "test", "", CronTriggerMisfireInstruction.FireAndProceed, default);

        foreach (var time in times.Take(4))
        {
            var runs = RecordingJob.RunsOf(job).Where(r => r.ScheduledFor == time).ToList();
            if (TestDatabase.IsPostgreSql)
            {
                // One schedule in the database: each time runs on one node.
                Assert.Single(runs);
            }
            else
            {
                // Each node's own schedule in memory: each time runs on each node — why SQLite serves one node.
                Assert.Equal(new[] { NodeOf(_a), NodeOf(b) }.Order(), runs.Select(r => r.Node).Order());
            }
        }
    }

    [Fact]
    public async Task Setting_an_unchanged_schedule_again_keeps_the_trigger_and_a_changed_one_replaces_it()
    {
        var scheduler = await SchedulerOf(_a);
        var job = NewJob();
        var key = ScheduledJobs.TriggerOf(job);

        Assert.Equal(ScheduleChange.Added, await ScheduledJobs.EveryAsync<RecordingJob>(scheduler, job, 60, default));
        var first = (await scheduler.GetTrigger(key))!;
        Assert.Equal(ScheduleChange.Kept, await ScheduledJobs.EveryAsync<RecordingJob>(scheduler, job, 60, default));
        var kept = (await scheduler.GetTrigger(key))!;
        // Not started again: its first run, at once, was the one when it was added.
        Assert.Equal(first.StartTimeUtc, kept.StartTimeUtc);
        Assert.Equal(ScheduleChange.Added, await ScheduledJobs.EveryAsync<RecordingJob>(scheduler, job, 30, default));
        Assert.Equal(TimeSpan.FromMinutes(30), Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(key)).RepeatInterval);
        // Another job class under the same name is another job.
        Assert.Equal(ScheduleChange.Added, await ScheduledJobs.EveryAsync<OneAtATimeJob>(scheduler, job, 30, default));
        Assert.Equal(typeof(OneAtATimeJob), (await scheduler.GetJobDetail(job))!.JobType.Type);
        Assert.Equal(ScheduleChange.Unscheduled, await ScheduledJobs.EveryAsync<OneAtATimeJob>(scheduler, job, 0, default));
        Assert.Null(await scheduler.GetJobDetail(job));

        var cron = NewJob();
        var cronKey = ScheduledJobs.TriggerOf(cron);
        Task<ScheduleChange> CronAsync(string expression, CronTriggerMisfireInstruction misfire, string? data = null) =>
            ScheduledJobs.ScheduleCronAsync<RecordingJob>(scheduler, cron, expression, "test", "", misfire,
                data is null ? null : new Dictionary<string, string> { ["source"] = data }, default);
        Assert.Equal(ScheduleChange.Added, await CronAsync("0 30 2 * * ?", CronTriggerMisfireInstruction.FireAndProceed, "a"));
        var night = (await scheduler.GetTrigger(cronKey))!;
        Assert.Equal(ScheduleChange.Kept, await CronAsync(" 0 30 2 * * ? ", CronTriggerMisfireInstruction.FireAndProceed, "a"));
        Assert.Equal(night.NextFireTimeUtc, (await scheduler.GetTrigger(cronKey))!.NextFireTimeUtc);
        Assert.Equal(ScheduleChange.Added, await CronAsync("0 30 2 * * ?", CronTriggerMisfireInstruction.FireAndProceed, "b"));
        Assert.Equal("b", (await scheduler.GetJobDetail(cron))!.JobDataMap.GetString("source"));
        Assert.Equal(ScheduleChange.Added, await CronAsync("0 30 2 * * ?", CronTriggerMisfireInstruction.DoNothing, "b"));
        Assert.Equal(ScheduleChange.Added, await CronAsync("0 0 3 * * ?", CronTriggerMisfireInstruction.DoNothing, "b"));
        var moved = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(cronKey));
        Assert.Equal("0 0 3 * * ?", moved.CronExpressionString);
        Assert.Equal("Asia/Taipei", moved.TimeZone.Id);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => CronAsync("every night", CronTriggerMisfireInstruction.DoNothing));
        Assert.Contains("'every night' is not a Quartz cron expression", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(await scheduler.GetTrigger(cronKey));
    }

    /// The app on a clock the test moves.
    private sealed class OnAClock(DateTimeOffset start) : KaifangAppFactory
    {
        public FakeTimeProvider Clock { get; } = new(start);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    [Fact]
    public async Task Triggers_are_computed_on_the_schedulers_clock()
    {
        // A clock days away from the real one: a trigger timed on the real clock would be days early or late for the
        // scheduler, and one that misfired would be put back to a "now" that is still days behind, again and again.
        using var app = new OnAClock(DateTimeOffset.UtcNow.AddDays(3));
        var scheduler = await SchedulerOf(app);
        var job = NewJob();
        var start = app.Clock.GetUtcNow();
        Assert.Equal(ScheduleChange.Added, await ScheduledJobs.EveryAsync<RecordingJob>(scheduler, job, 60, default));
        Assert.Equal(start, (await scheduler.GetTrigger(ScheduledJobs.TriggerOf(job)))!.StartTimeUtc);
        await RunsAsync(job, 1);
        Assert.Equal(start, Assert.Single(RecordingJob.RunsOf(job)).ScheduledFor);

        // Two days on (everything down meanwhile, as far as this clock goes): it runs once now, then hourly from now.
        app.Clock.Advance(TimeSpan.FromDays(2));
        await RunsAsync(job, 2);
        Assert.Equal(app.Clock.GetUtcNow().AddHours(1), (await scheduler.GetTrigger(ScheduledJobs.TriggerOf(job)))!.NextFireTimeUtc);
        Assert.Equal(2, RecordingJob.RunsOf(job).Count);
    }

    private static async Task RunsAsync(JobKey job, int count)
    {
        var clock = Stopwatch.StartNew();
        while (RecordingJob.RunsOf(job).Count < count)
        {
            Assert.True(clock.Elapsed < Within, $"{RecordingJob.RunsOf(job).Count} of {count} runs within {Within.TotalSeconds} s.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_time_missed_while_every_node_was_down_runs_once_when_a_node_starts()
    {
        var job = NewJob();
        // Once a year: nothing fires by itself during the test.
        const string Yearly = "0 0 3 1 1 ?";
        var scheduler = await SchedulerOf(_a);
        Assert.Equal(ScheduleChange.Added, await ScheduledJobs.ScheduleCronAsync<RecordingJob>(scheduler, job, Yearly, "test", "", CronTriggerMisfireInstruction.FireAndProceed, null, default));
        if (!TestDatabase.IsPostgreSql)
        {
            // In memory, a node that starts knows nothing of what was scheduled before: it schedules anew, and each
            // feature makes up what it missed by itself (HarvestSchedule.Missed, the quarterly check at start).
            Assert.Equal(ScheduleChange.Added, await ScheduledJobs.ScheduleCronAsync<RecordingJob>(await SchedulerOf(Node()), job, Yearly, "test", "", CronTriggerMisfireInstruction.FireAndProceed, null, default));
            return;
        }
        // Every node down: the only one there is stops firing (once its start, after the app's, has happened), and the
        // trigger's time passes (two hours ago).
        var clock = Stopwatch.StartNew();
        while (scheduler.Status != SchedulerStatus.Running)
        {
            Assert.True(clock.Elapsed < Within, $"The scheduler was {scheduler.Status}, not running, {Within.TotalSeconds} s after the app's start.");
            await Task.Delay(50);
        }
        await scheduler.Standby();
        Assert.Equal(SchedulerStatus.Standby, scheduler.Status);
        var key = ScheduledJobs.TriggerOf(job);
        var due = (await scheduler.GetTrigger(key))!.NextFireTimeUtc!.Value;
        await using (var connection = new NpgsqlConnection(_a.DatabaseSettings["Kaifang:ConnectionString"]))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "UPDATE qrtz_triggers SET next_fire_time = @missed WHERE sched_name = @scheduler AND trigger_name = @name AND trigger_group = @group AND next_fire_time = @due", connection);
            command.Parameters.AddWithValue("missed", DateTimeOffset.UtcNow.AddHours(-2).UtcTicks);
            command.Parameters.AddWithValue("scheduler", SchedulerServices.SchedulerName);
            command.Parameters.AddWithValue("name", key.Name);
            command.Parameters.AddWithValue("group", key.Group);
            command.Parameters.AddWithValue("due", due.UtcTicks);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        // A node starts and sets its schedules, as every start does: the trigger is kept, and the missed time runs once, there.
        var b = Node();
        Assert.Equal(ScheduleChange.Kept, await ScheduledJobs.ScheduleCronAsync<RecordingJob>(await SchedulerOf(b), job, Yearly, "test", "", CronTriggerMisfireInstruction.FireAndProceed, null, default));
        clock.Restart();
        while (RecordingJob.RunsOf(job).Count == 0)
        {
            Assert.True(clock.Elapsed < Within, $"The missed time did not run within {Within.TotalSeconds} s of the node's start.");
            await Task.Delay(100);
        }
        Assert.Equal(NodeOf(b), Assert.Single(RecordingJob.RunsOf(job)).Node);
        // ... and then waits for its next time, next January.
        Assert.Equal(due, (await (await SchedulerOf(b)).GetTrigger(key))!.NextFireTimeUtc);
    }

    [Fact]
    public async Task A_job_that_disallows_concurrent_runs_runs_on_one_node_at_a_time()
    {
        var b = Node();
        var job = NewJob();
        var data = new JobDataMap { ["holdMilliseconds"] = "700" };
        foreach (var node in new[] { _a, b })
        {
            var scheduler = await SchedulerOf(node);
            // Stored as a job without a trigger of its own; on PostgreSQL the second node finds the first's.
            await scheduler.AddJob(JobBuilder.Create<OneAtATimeJob>().WithIdentity(job).StoreDurably().Build(), new AddJobOptions { Replace = true });
        }
        // Run now, asked on both nodes at once.
        await Task.WhenAll(
            (await SchedulerOf(_a)).TriggerJob(job, data).AsTask(),
            (await SchedulerOf(b)).TriggerJob(job, data).AsTask());
        var clock = Stopwatch.StartNew();
        while (RecordingJob.RunsOf(job).Count < 2)
        {
            Assert.True(clock.Elapsed < Within, $"{RecordingJob.RunsOf(job).Count} of 2 runs within {Within.TotalSeconds} s.");
            await Task.Delay(100);
        }
        // Both runs happen; on PostgreSQL one after the other, whichever nodes they ran on. On SQLite each node is its
        // own scheduler, and the guard holds on each alone.
        Assert.Equal(2, RecordingJob.RunsOf(job).Count);
        if (TestDatabase.IsPostgreSql)
        {
            Assert.Equal(1, RecordingJob.MostAtOnceOf(job));
        }
        else
        {
            Assert.Equal(new[] { NodeOf(_a), NodeOf(b) }.Order(), RecordingJob.RunsOf(job).Select(r => r.Node).Order());
        }
    }

    public void Dispose()
    {
        foreach (var node in _others)
        {
            node.Dispose();
        }
        _a.Dispose();
    }
}
