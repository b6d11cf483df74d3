using System.Diagnostics;
using System.Globalization;
using System.Net;
using Kaifang;
using Kaifang.Catalog;
using Kaifang.Quality;
using Kaifang.Seeding;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

// The link-check benchmark (bench/links/run.sh):
//   serve HOSTS PORT                      answer on 127.0.x.y:PORT for HOSTS loopback addresses, every path a small CSV
//   check DATA HOSTS URLS PORT [KEY=VALUE...]   a new installation with URLS published resources spread over the hosts, then one run over all
var command = args.ElementAtOrDefault(0);
return command switch
{
    "serve" => await ServeAsync(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture)),
    "check" => await CheckAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture),
        int.Parse(args[4], CultureInfo.InvariantCulture), args[5..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: serve HOSTS PORT | check DATA HOSTS URLS PORT [Kaifang:Quality:Key=value ...]");
    return 2;
}

/// Host i of the benchmark: 127.0.(i / 250).(i % 250 + 1), each a distinct address Linux routes to lo.
static IPAddress HostAddress(int i) => new([127, 0, (byte)(i / 250), (byte)(i % 250 + 1)]);

static async Task<int> ServeAsync(int hosts, int port)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.ConfigureKestrel(k =>
    {
        for (var i = 0; i < hosts; i++)
        {
            k.Listen(HostAddress(i), port);
        }
    });
    var app = builder.Build();
    var body = "縣市,年度,人數\n"u8.ToArray().Concat(Enumerable.Range(0, 8).SelectMany(i => System.Text.Encoding.UTF8.GetBytes($"臺北市,{2016 + i},{1000 + i * 37}\n"))).ToArray();
    app.Run(async context =>
    {
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(body);
        }
    });
    await app.StartAsync();
    Console.WriteLine($"serving on {hosts} addresses, 127.0.0.1 … {HostAddress(hosts - 1)}, port {port}");
    await app.WaitForShutdownAsync();
    return 0;
}

static async Task<int> CheckAsync(string data, int hosts, int urls, int port, string[] settings)
{
    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Kaifang:DataDirectory"] = data,
        ["Kaifang:SeedDemoCatalog"] = "false",
        ["Kaifang:SeedStaffPassword"] = "Bench-Passw0rd!",
        ["Kaifang:Quality:AllowedNetworks:0"] = "127.0.0.0/8",
    }.Concat(settings.Select(s => s.Split('=', 2)).Select(kv => KeyValuePair.Create(kv[0], (string?)kv[1]))));
    builder.Services.AddLogging().AddKaifangCore(builder.Configuration);
    using var host = builder.Build();
    var services = host.Services;
    using (var scope = services.CreateScope())
    {
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
    }
    var seeding = Stopwatch.StartNew();
    await SeedAsync(services, hosts, urls, port);
    Console.WriteLine($"seeded {urls:N0} published resources over {hosts:N0} hosts in {seeding.Elapsed.TotalSeconds:F1} s");

    var quality = services.GetRequiredService<IOptions<QualityOptions>>().Value;
    Console.WriteLine($"limits: {quality.TotalConcurrency} in flight, {quality.PerHostConcurrency} per host, {quality.PolitenessDelayMilliseconds} ms pause per host slot, " +
        $"HEAD{(quality.HashBytes > 0 ? $" + GET of up to {quality.HashBytes:N0} bytes hashed" : " only")}");
    var runner = services.GetRequiredService<LinkCheckRunner>();
    for (var run = 1; run <= 2; run++)
    {
        // Each run's own peak: the seeding's garbage collected, and the kernel's high-water mark of resident memory reset.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        await File.WriteAllTextAsync("/proc/self/clear_refs", "5");
        Console.WriteLine($"before run {run}: resident {Process.GetCurrentProcess().WorkingSet64 / 1024 / 1024} MB");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var summary = await runner.RunAsync(LinkCheckScope.All, null, CancellationToken.None);
        clock.Stop();
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var requests = await WithDbAsync(services, db => db.LinkCheckResults.SumAsync(r => r.Requests)) / run;
        Console.WriteLine($"run {run}: {summary.Checked:N0} links ({summary.Ok:N0} ok, {summary.Failed:N0} failed, {summary.Refused:N0} refused) in {clock.Elapsed.TotalSeconds:F1} s = " +
            $"{summary.Checked / clock.Elapsed.TotalSeconds:N0} links/s, {requests / clock.Elapsed.TotalSeconds:N0} requests/s; checker CPU {used.TotalSeconds:F1} s; " +
            $"peak memory during the run {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MB");
    }
    return 0;
}

static async Task<T> WithDbAsync<T>(IServiceProvider services, Func<KaifangDbContext, Task<T>> action)
{
    using var scope = services.CreateScope();
    return await action(scope.ServiceProvider.GetRequiredService<KaifangDbContext>());
}

static async Task SeedAsync(IServiceProvider services, int hosts, int urls, int port)
{
    var agencyId = await WithDbAsync(services, db => db.Agencies.Select(a => a.Id).FirstAsync());
    var now = DateTimeOffset.UtcNow;
    var perDataset = 10;
    for (var start = 0; start < urls; start += 10_000)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var d = start / perDataset; d < Math.Min(urls, start + 10_000) / perDataset; d++)
        {
            var dataset = new Dataset
            {
                Id = Guid.NewGuid(),
                Identifier = $"BENCH{d:D6}",
                Name = $"bench-{d:D6}",
                Title = $"連結檢查基準 {d}",
                AgencyId = agencyId,
                Status = DatasetStatus.Published,
                FirstPublishedAt = now,
                CreatedAt = now,
                MetadataModifiedAt = now,
            };
            for (var r = 0; r < perDataset; r++)
            {
                var i = d * perDataset + r;
                // Consecutive links on different hosts, as a real catalog mixes agencies' servers.
                var host = HostAddress(i % hosts);
                dataset.Resources.Add(new Resource
                {
                    Id = Guid.NewGuid(),
                    Identifier = $"BENCH{d:D6}-{r + 1:D3}",
                    Position = r,
                    Name = $"資料 {i}",
                    Format = "CSV",
                    Url = $"http://{host}:{port}/data/{i}.csv",
                    CreatedAt = now,
                    ModifiedAt = now,
                });
            }
            db.Datasets.Add(dataset);
        }
        await db.SaveChangesAsync();
    }
}
