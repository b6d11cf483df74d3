using System.Diagnostics;
using Kaifang.Storage;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Storage;

/// Claims on work that one process at a time may do, across the nodes of an installation.
public sealed class WorkClaimsTests : IDisposable
{
    /// A claim timeout of 4 s: heartbeats every second.
    private sealed class App : KaifangAppFactory
    {
        public App()
        {
        }

        public App(KaifangAppFactory first) : base(first)
        {
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?> { ["Kaifang:ClaimTimeoutSeconds"] = "4" }));
        }
    }

    private readonly App _a = new();
    private readonly App _b;

    public WorkClaimsTests() => _b = new App(_a);

    public void Dispose()
    {
        _b.Dispose();
        _a.Dispose();
    }

    private static WorkClaims On(App node) => node.Services.GetRequiredService<WorkClaims>();

    [Fact]
    public async Task A_claim_held_on_one_node_is_refused_on_the_other_until_it_is_given_up()
    {
        var held = await On(_a).TryTakeAsync("harvest:test", CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await On(_b).TryTakeAsync("harvest:test", CancellationToken.None));
        Assert.Null(await On(_a).TryTakeAsync("harvest:test", CancellationToken.None));
        // Another piece of work is free.
        await using (var other = await On(_b).TryTakeAsync("harvest:other", CancellationToken.None))
        {
            Assert.NotNull(other);
        }

        await held.DisposeAsync();
        await using var taken = await On(_b).TryTakeAsync("harvest:test", CancellationToken.None);
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task A_claim_kept_alive_by_its_heartbeat_is_not_taken_over()
    {
        await using var held = await On(_a).TryTakeAsync("link-check:all", CancellationToken.None);
        Assert.NotNull(held);
        var first = await HeartbeatAsync("link-check:all");
        // Longer than the timeout: the heartbeat has renewed it meanwhile.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.True(await HeartbeatAsync("link-check:all") > first);
        Assert.Null(await On(_b).TryTakeAsync("link-check:all", CancellationToken.None));
        Assert.False(held.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task A_claim_left_by_a_node_that_went_silent_is_taken_over()
    {
        // What a node killed while holding claims leaves: rows nobody renews. One heard from a moment ago, one not
        // for longer than the timeout.
        await _a.WithDbAsync(async db =>
        {
            db.WorkClaims.Add(new WorkClaimRow { Name = "harvest:recent", Node = Guid.NewGuid(), Token = Guid.NewGuid(), TakenAt = DateTimeOffset.UtcNow, HeartbeatAt = DateTimeOffset.UtcNow });
            db.WorkClaims.Add(new WorkClaimRow { Name = "harvest:silent", Node = Guid.NewGuid(), Token = Guid.NewGuid(), TakenAt = DateTimeOffset.UtcNow.AddMinutes(-5), HeartbeatAt = DateTimeOffset.UtcNow.AddSeconds(-10) });
            return await db.SaveChangesAsync();
        });

        Assert.Null(await On(_b).TryTakeAsync("harvest:recent", CancellationToken.None));
        await using var taken = await On(_b).TryTakeAsync("harvest:silent", CancellationToken.None);
        Assert.NotNull(taken);
        var row = await _a.WithDbAsync(db => db.WorkClaims.AsNoTracking().SingleAsync(c => c.Name == "harvest:silent"));
        Assert.Equal(_b.Services.GetRequiredService<Kaifang.Catalog.NodeIdentity>().Id, row.Node);
    }

    [Fact]
    public async Task A_holder_whose_claim_was_taken_over_is_told_to_stop_and_leaves_the_new_holders_claim()
    {
        await using var held = await On(_a).TryTakeAsync("national-sync:2", CancellationToken.None);
        Assert.NotNull(held);
        // Taken over by another node, as after a long pause of this one.
        var other = Guid.NewGuid();
        await _a.WithDbAsync(db => db.WorkClaims.Where(c => c.Name == "national-sync:2")
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Token, other).SetProperty(c => c.Node, Guid.NewGuid())));

        var clock = Stopwatch.StartNew();
        while (!held.Lost.IsCancellationRequested)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the old holder was not told that its claim was lost");
            await Task.Delay(100);
        }
        await held.DisposeAsync();
        Assert.Equal(other, await _a.WithDbAsync(db => db.WorkClaims.Where(c => c.Name == "national-sync:2").Select(c => c.Token).SingleAsync()));
    }

    private Task<DateTimeOffset> HeartbeatAsync(string name) =>
        _a.WithDbAsync(db => db.WorkClaims.AsNoTracking().Where(c => c.Name == name).Select(c => c.HeartbeatAt).SingleAsync());
}
