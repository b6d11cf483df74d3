using Kaifang.Interop.Harvesting;
using Kaifang.Storage;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kaifang.Tests.Interop.Harvesting;

/// A node starting closes the harvest runs a stop cut off, but not the runs another node is making.
public sealed class HarvestStartTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>
{
    [Fact]
    public async Task Start_closes_runs_left_running_but_not_those_another_node_holds()
    {
        var bli = app.WithDb(db => db.Agencies.Single(a => a.Code == "BLI").Id);
        HarvestSource Source(string name) => new() { Id = Guid.NewGuid(), Name = name, Title = name, Url = "https://example.gov.tw/", AgencyId = bli, Schedule = "" };
        var (held, left) = (Source("held-elsewhere"), Source("cut-off"));
        var (going, stopped) = (new HarvestRun { Id = Guid.NewGuid(), SourceId = held.Id, StartedAt = DateTimeOffset.UtcNow },
            new HarvestRun { Id = Guid.NewGuid(), SourceId = left.Id, StartedAt = DateTimeOffset.UtcNow });
        await app.WithDbAsync(async db =>
        {
            db.HarvestSources.AddRange(held, left);
            db.HarvestRuns.AddRange(going, stopped);
            // Another node is making the first run: its claim was renewed a moment ago.
            db.WorkClaims.Add(new WorkClaimRow { Name = $"harvest:{held.Id}", Node = Guid.NewGuid(), Token = Guid.NewGuid(), TakenAt = DateTimeOffset.UtcNow, HeartbeatAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });

        await app.Services.GetServices<IHostedService>().OfType<HarvestSchedule>().Single().StartAsync(CancellationToken.None);

        var runs = await app.WithDbAsync(db => db.HarvestRuns.AsNoTracking().Where(r => r.Id == going.Id || r.Id == stopped.Id).ToDictionaryAsync(r => r.Id));
        Assert.Equal(HarvestRunStatus.Running, runs[going.Id].Status);
        Assert.Equal(HarvestRunStatus.Failed, runs[stopped.Id].Status);
    }
}
