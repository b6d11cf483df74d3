using System.Net;
using System.Net.Http.Json;
using System.Text;
using Kaifang.Catalog;
using Kaifang.Pipelines.Runs;
using Kaifang.Tests.Datastore;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Pipelines.Runs;

public sealed class PipelineSchedulesTests
{
    [Theory]
    [InlineData("每1日", "0 0 2 * * ?")]
    [InlineData("每1週", "0 0 2 ? * MON")]
    [InlineData("每1月", "0 0 2 1 * ?")]
    [InlineData("每1季", "0 0 2 1 1/3 ?")]
    [InlineData("每6月", "0 0 2 1 1/6 ?")]
    [InlineData("每1年", "0 0 2 1 1 ?")]
    [InlineData("每2小時", "0 0 0/2 * * ?")]
    [InlineData("即時", "0 0/15 * * * ?")]
    public void An_update_frequency_implies_a_schedule_in_taiwan_time(string frequency, string cron) =>
        Assert.Equal(cron, PipelineSchedules.CronOf(UpdateFrequency.Parse(frequency), 2));

    [Fact]
    public void An_irregular_frequency_implies_no_schedule() =>
        Assert.Null(PipelineSchedules.CronOf(UpdateFrequency.Irregular, 2));

    [Theory]
    // 每月 after 2026-11-29 10:00 Taipei: 1 December 02:00 Taipei, 18:00 UTC the day before.
    [InlineData("每1月", "2026-11-29T02:00:00Z", "2026-11-30T18:00:00Z")]
    // 每季 after 15 November: 1 January.
    [InlineData("每1季", "2026-11-15T00:00:00Z", "2026-12-31T18:00:00Z")]
    // 每半年 after 1 January 03:00 Taipei: 1 July.
    [InlineData("每6月", "2026-12-31T19:00:00Z", "2027-06-30T18:00:00Z")]
    // 每日 before 02:00 Taipei: the same night.
    [InlineData("每1日", "2026-11-29T17:00:00Z", "2026-11-29T18:00:00Z")]
    public void The_next_run_follows_the_frequency(string frequency, string after, string next)
    {
        var pipeline = new Pipeline { ScheduleKind = PipelineScheduleKind.Frequency, Enabled = true };
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture),
            PipelineSchedules.Next(pipeline, UpdateFrequency.Parse(frequency), 2, DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_disabled_or_manual_pipeline_has_no_next_run()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Null(PipelineSchedules.Next(new Pipeline { ScheduleKind = PipelineScheduleKind.Manual }, UpdateFrequency.Parse("每1日"), 2, now));
        Assert.Null(PipelineSchedules.Next(new Pipeline { ScheduleKind = PipelineScheduleKind.Cron, Cron = "0 0 3 * * ?", Enabled = false }, UpdateFrequency.Irregular, 2, now));
    }
}

/// The sweep that runs due pipelines: a missed run runs once; failures are retried after a wait, then
/// the contact and the agency's administrators are told.
public sealed class PipelineSweepTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>, IAsyncLifetime
{
    private SourceServer _server = null!;

    public async Task InitializeAsync() => _server = await SourceServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<Guid> ScheduledPipelineAsync(string title, string path)
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var (name, ids) = await app.PublishWithFilesAsync(officer, title, "代碼、名稱", ("before.csv", Encoding.UTF8.GetBytes("代碼,名稱\n1,a\n")));
        var response = await officer.PutAsJsonAsync($"/api/v1/datasets/{name}/resources/{ids[0]}/pipeline",
            new { sourceKind = "url", source = new { url = _server.Url(path) }, schedule = "frequency" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await app.WithDbAsync(db => db.Pipelines.Where(p => p.ResourceId == ids[0]).Select(p => p.Id).SingleAsync());
    }

    private Task<int> MissAsync(Guid pipeline) => app.WithDbAsync(db => db.Pipelines.Where(p => p.Id == pipeline)
        .ExecuteUpdateAsync(u => u.SetProperty(p => p.NextRunAt, DateTimeOffset.UtcNow.AddHours(-3))));

    private Task<Pipeline> PipelineAsync(Guid id) => app.WithDbAsync(db => db.Pipelines.AsNoTracking().SingleAsync(p => p.Id == id));

    [Fact]
    public async Task A_run_missed_while_down_runs_once_then_waits_for_its_next_time()
    {
        _server.Answer("/yearly.csv", "代碼,名稱\n1,甲\n2,乙\n"u8.ToArray());
        var id = await ScheduledPipelineAsync("每年更新的名冊", "/yearly.csv");
        var scheduled = await PipelineAsync(id);
        Assert.True(scheduled.NextRunAt > DateTimeOffset.UtcNow, "a frequency schedule has a next time");

        await MissAsync(id);
        var sweep = app.Services.GetRequiredService<PipelineSweep>();
        var runs = (await sweep.RunDueAsync(CancellationToken.None)).Where(r => r.PipelineId == id).ToList();
        Assert.Equal(PipelineRunStatus.Succeeded, Assert.Single(runs).Status);
        Assert.Equal("schedule", runs[0].Trigger);
        var after = await PipelineAsync(id);
        // 每1年: the next is 1 January, 02:00 Taiwan time.
        Assert.True(after.NextRunAt > DateTimeOffset.UtcNow);
        Assert.Equal(new TimeSpan(18, 0, 0), after.NextRunAt!.Value.UtcDateTime.TimeOfDay);
        Assert.DoesNotContain(await sweep.RunDueAsync(CancellationToken.None), r => r.PipelineId == id);
    }

    [Fact]
    public async Task A_run_left_running_when_kaifang_stopped_is_marked_failed_at_start_and_the_live_file_stays()
    {
        _server.Answer("/stopped.csv", "代碼,名稱\n1,甲\n"u8.ToArray());
        var id = await ScheduledPipelineAsync("執行中斷的名冊", "/stopped.csv");
        var pipeline = await PipelineAsync(id);
        var live = await app.WithDbAsync(db => db.Resources.AsNoTracking().Where(r => r.Id == pipeline.ResourceId).Select(r => r.FileHash).SingleAsync());
        // What a process killed in the middle of a run leaves behind: a run still marked running.
        var interrupted = new PipelineRun { Id = Guid.NewGuid(), PipelineId = id, DatasetId = pipeline.DatasetId, StartedAt = DateTimeOffset.UtcNow.AddMinutes(-2), Trigger = "schedule" };
        await app.WithDbAsync(async db => { db.PipelineRuns.Add(interrupted); await db.SaveChangesAsync(); return 0; });

        // Starting again (the schedule's start-up, as after a restart) closes it as failed, saying why.
        var start = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<PipelineSchedule>().Single();
        await start.StartAsync(CancellationToken.None);
        var run = await app.WithDbAsync(db => db.PipelineRuns.AsNoTracking().SingleAsync(r => r.Id == interrupted.Id));
        Assert.Equal(PipelineRunStatus.Failed, run.Status);
        Assert.Contains("nothing was published", run.MessageEn, StringComparison.Ordinal);
        Assert.Equal(live, await app.WithDbAsync(db => db.Resources.AsNoTracking().Where(r => r.Id == pipeline.ResourceId).Select(r => r.FileHash).SingleAsync()));
    }

    [Fact]
    public async Task A_failing_source_is_retried_with_growing_waits_then_people_are_told()
    {
        _server.Answer("/down.csv", "busy"u8.ToArray(), "text/plain", 503);
        var id = await ScheduledPipelineAsync("來源常故障的名冊", "/down.csv");
        var sweep = app.Services.GetRequiredService<PipelineSweep>();
        var waits = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await MissAsync(id);
            var before = DateTimeOffset.UtcNow;
            var run = Assert.Single(await sweep.RunDueAsync(CancellationToken.None), r => r.PipelineId == id);
            Assert.Equal(PipelineRunStatus.Failed, run.Status);
            Assert.Equal(attempt == 1 ? "schedule" : "retry", run.Trigger);
            var pipeline = await PipelineAsync(id);
            if (attempt < 3)
            {
                Assert.Equal(attempt, pipeline.FailedAttempts);
                waits.Add(pipeline.NextRunAt!.Value - before);
            }
            else
            {
                Assert.Equal(0, pipeline.FailedAttempts);
            }
        }
        // 5 minutes, then 10.
        Assert.InRange(waits[0].TotalSeconds, 290, 310);
        Assert.InRange(waits[1].TotalSeconds, 590, 610);
        var notices = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Topic == "pipeline-failed").ToListAsync());
        var notice = Assert.Single(notices, m => m.To == "data@bli.gov.tw" && m.Body.Contains("來源常故障的名冊", StringComparison.Ordinal));
        Assert.Contains("HTTP 503", notice.Body);
        Assert.Contains("failed 3 times in a row", notice.Body);
    }
}
