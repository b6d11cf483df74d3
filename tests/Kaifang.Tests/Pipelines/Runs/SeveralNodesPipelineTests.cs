using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Kaifang.Catalog;
using Kaifang.Pipelines.Runs;
using Kaifang.Tests.Datastore;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Pipelines.Runs;

/// Pipelines on several nodes of one installation: a pipeline runs once however many nodes look at it, a run's
/// claim keeps the others off until its node goes silent, and a node killed in the middle of a run publishes
/// nothing and leaves the run to another node.
public sealed class SeveralNodesPipelineTests : IAsyncLifetime
{
    /// Short, so that a silent node's run is taken over in seconds; heartbeats come every second.
    private const string RunTimeoutSeconds = "4";

    private readonly List<IDisposable> _nodes = [];
    private SourceServer _server = null!;

    public async Task InitializeAsync() => _server = await SourceServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var node in Enumerable.Reverse(_nodes))
        {
            node.Dispose();
        }
        await _server.DisposeAsync();
    }

    /// A node with the short run timeout; the first of an installation, or another one of <paramref name="first"/>'s.
    private sealed class Node : KaifangAppFactory
    {
        public Node()
        {
        }

        public Node(KaifangAppFactory first) : base(first)
        {
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kaifang:Pipelines:RunTimeoutSeconds"] = RunTimeoutSeconds,
            }));
        }
    }

    private Node First() => Keep(new Node());

    private Node Other(Node first) => Keep(new Node(first));

    private T Keep<T>(T node) where T : IDisposable
    {
        _nodes.Add(node);
        return node;
    }

    /// A published dataset whose CSV resource has a pipeline reading <paramref name="path"/> on its frequency, due now.
    private async Task<(Guid Pipeline, Guid Resource, string LiveHash)> DuePipelineAsync(Node node, string title, string path)
    {
        var officer = await node.WithTokenAsync("bli-officer");
        var (name, ids) = await node.PublishWithFilesAsync(officer, title, "代碼、名稱", ("before.csv", Encoding.UTF8.GetBytes("代碼,名稱\n1,原本\n")));
        var response = await officer.PutAsJsonAsync($"/api/v1/datasets/{name}/resources/{ids[0]}/pipeline",
            new { sourceKind = "url", source = new { url = _server.Url(path) }, schedule = "frequency" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var pipeline = await node.WithDbAsync(db => db.Pipelines.Where(p => p.ResourceId == ids[0]).Select(p => p.Id).SingleAsync());
        await node.WithDbAsync(db => db.Pipelines.Where(p => p.Id == pipeline)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.NextRunAt, DateTimeOffset.UtcNow.AddHours(-1))));
        var live = await node.WithDbAsync(db => db.Resources.Where(r => r.Id == ids[0]).Select(r => r.FileHash).SingleAsync());
        return (pipeline, ids[0], live!);
    }

    private static Task<List<PipelineRun>> RunsAsync(Node node, Guid pipeline) =>
        node.WithDbAsync(db => db.PipelineRuns.AsNoTracking().Where(r => r.PipelineId == pipeline).OrderBy(r => r.StartedAt).ToListAsync());

    private static Task<List<ResourceVersion>> VersionsAsync(Node node, Guid resource) =>
        node.WithDbAsync(db => db.ResourceVersions.AsNoTracking().Where(v => v.ResourceId == resource).OrderBy(v => v.Number).ToListAsync());

    [Fact]
    public async Task A_pipeline_due_once_runs_once_when_two_nodes_sweep_at_the_same_moment()
    {
        var a = First();
        var b = Other(a);
        _server.Answer("/roster.csv", "代碼,名稱\n1,甲\n2,乙\n"u8.ToArray());
        var (pipeline, resource, _) = await DuePipelineAsync(a, "兩節點同時排程的名冊", "/roster.csv");

        var sweeps = await Task.WhenAll(
            a.Services.GetRequiredService<PipelineSweep>().RunDueAsync(CancellationToken.None),
            b.Services.GetRequiredService<PipelineSweep>().RunDueAsync(CancellationToken.None));

        Assert.Single(sweeps.SelectMany(s => s), r => r.PipelineId == pipeline);
        var run = Assert.Single(await RunsAsync(a, pipeline));
        Assert.Equal(PipelineRunStatus.Succeeded, run.Status);
        // The upload before the pipeline, and the one version the run published.
        Assert.Equal([1, 2], (await VersionsAsync(a, resource)).Select(v => v.Number));
        Assert.True(await a.WithDbAsync(db => db.Pipelines.Where(p => p.Id == pipeline).Select(p => p.NextRunAt).SingleAsync()) > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_run_holding_its_claim_keeps_other_starts_off_until_its_node_goes_silent()
    {
        var a = First();
        var b = Other(a);
        _server.Answer("/claimed.csv", "代碼,名稱\n1,甲\n"u8.ToArray());
        var (pipeline, _, _) = await DuePipelineAsync(a, "被占用的名冊", "/claimed.csv");
        var dataset = await a.WithDbAsync(db => db.Pipelines.Where(p => p.Id == pipeline).Select(p => p.DatasetId).SingleAsync());
        // A run another node is making, heard from a moment ago.
        var elsewhere = new PipelineRun
        {
            Id = Guid.NewGuid(), PipelineId = pipeline, DatasetId = dataset, StartedAt = DateTimeOffset.UtcNow, Trigger = "schedule",
            Node = Guid.NewGuid(), HeartbeatAt = DateTimeOffset.UtcNow,
        };
        await a.WithDbAsync(async db => { db.PipelineRuns.Add(elsewhere); return await db.SaveChangesAsync(); });

        var runner = b.Services.GetRequiredService<PipelineRunner>();
        await Assert.ThrowsAsync<PipelineAlreadyRunningException>(() => runner.RunAsync(pipeline, "bli-officer", CancellationToken.None));
        Assert.DoesNotContain(await b.Services.GetRequiredService<PipelineSweep>().RunDueAsync(CancellationToken.None), r => r.PipelineId == pipeline);

        // Silent for longer than the run timeout: its node is taken as gone, the run closed, and the pipeline runs here.
        await a.WithDbAsync(db => db.PipelineRuns.Where(r => r.Id == elsewhere.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.HeartbeatAt, DateTimeOffset.UtcNow.AddSeconds(-10))));
        var run = Assert.Single(await b.Services.GetRequiredService<PipelineSweep>().RunDueAsync(CancellationToken.None), r => r.PipelineId == pipeline);
        Assert.Equal(PipelineRunStatus.Succeeded, run.Status);
        var closed = (await RunsAsync(a, pipeline)).Single(r => r.Id == elsewhere.Id);
        Assert.Equal(PipelineRunStatus.Failed, closed.Status);
        Assert.Contains("stopped during it", closed.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_is_stopped_from_any_node()
    {
        var a = First();
        var b = Other(a);
        var (pipeline, resource, live) = await DuePipelineAsync(a, "從另一節點停止的名冊", "/held.csv");
        var run = await a.Services.GetRequiredService<PipelineRunner>().StartAsync(pipeline, "bli-officer", CancellationToken.None);
        await _server.HalfSent.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var officerOnB = await b.WithTokenAsync("bli-officer");
        Assert.Equal(HttpStatusCode.Accepted, (await officerOnB.PostAsync($"/api/v1/pipeline-runs/{run.Id}/cancel", null)).StatusCode);

        // Node A sees the request at its next heartbeat (every second here).
        var stopped = await UntilAsync(async () => (await RunsAsync(a, pipeline)).Single(r => r.Id == run.Id) is { Status: not PipelineRunStatus.Running } r ? r : null,
            TimeSpan.FromSeconds(30), "the run on node A did not stop");
        Assert.Equal(PipelineRunStatus.Failed, stopped.Status);
        Assert.Contains("\"cancelled\"", stopped.Report, StringComparison.Ordinal);
        Assert.Equal(live, await a.WithDbAsync(db => db.Resources.Where(r => r.Id == resource).Select(r => r.FileHash).SingleAsync()));
    }

    [Fact]
    public async Task A_node_killed_in_the_middle_of_a_run_publishes_nothing_and_the_other_node_makes_the_run()
    {
        var b = First();
        var (pipeline, resource, live) = await DuePipelineAsync(b, "節點中途被終止的名冊", "/held.csv");
        var before = await VersionsAsync(b, resource);

        // Node A, a process of its own, sweeps every second: it takes the due run and reads half of the source.
        var settings = KaifangAppFactory.Settings(b.OtherNodeDatabaseSettings(), Path.Combine(Path.GetTempPath(), "kaifang-tests", Guid.NewGuid().ToString("N")));
        settings["Kaifang:Pipelines:SweepSchedule"] = "* * * * * ?";
        settings["Kaifang:Pipelines:RunTimeoutSeconds"] = RunTimeoutSeconds;
        await using (var a = await NodeProcess.StartAsync(settings, settings["Kaifang:DataDirectory"]!))
        {
            try
            {
                await _server.HalfSent.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                Assert.Fail($"Node A did not start the run:\n{a.Output}");
            }
            var onA = Assert.Single(await RunsAsync(b, pipeline));
            Assert.Equal(PipelineRunStatus.Running, onA.Status);
            Assert.NotEqual(b.Services.GetRequiredService<NodeIdentity>().Id, onA.Node);

            await a.KillAsync();
        }
        Directory.Delete(settings["Kaifang:DataDirectory"]!, recursive: true);

        // Nothing of the cut-off run is live; the versions are as they were.
        Assert.Equal(live, await b.WithDbAsync(db => db.Resources.Where(r => r.Id == resource).Select(r => r.FileHash).SingleAsync()));
        Assert.Equal(before.Select(v => (v.Number, v.ContentHash)), (await VersionsAsync(b, resource)).Select(v => (v.Number, v.ContentHash)));

        // Once node A has been silent for the run timeout, node B's sweep closes its run and makes the run itself.
        _server.Holding = false;
        var sweep = b.Services.GetRequiredService<PipelineSweep>();
        var made = await UntilAsync(async () => (await sweep.RunDueAsync(CancellationToken.None)).SingleOrDefault(r => r.PipelineId == pipeline),
            TimeSpan.FromSeconds(60), "node B did not take over the run");
        Assert.Equal(PipelineRunStatus.Succeeded, made.Status);
        Assert.Equal(2000, made.RowsOut);

        var runs = await RunsAsync(b, pipeline);
        Assert.Equal(2, runs.Count);
        Assert.Equal(PipelineRunStatus.Failed, runs[0].Status);
        Assert.Contains("stopped during it", runs[0].MessageEn, StringComparison.Ordinal);
        var versions = await VersionsAsync(b, resource);
        // The file live before the pipeline took over, kept as version 1, and the one version the run published.
        Assert.Equal([1, 2], versions.Select(v => v.Number));
        Assert.Equal(live, versions[0].ContentHash);
        Assert.Equal(made.Id, versions[1].RunId);
        // Every version's file is whole in the shared store: its bytes hash to the recorded hash.
        foreach (var version in versions)
        {
            var file = b.Services.GetRequiredService<Kaifang.Storage.FileStore>().PathFor(version.ContentHash);
            Assert.Equal(version.ContentHash, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))));
        }
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan within, string failure) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            Assert.True(clock.Elapsed < within, $"{failure} within {within.TotalSeconds} s.");
            await Task.Delay(250);
        }
    }
}
