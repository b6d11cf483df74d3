using System.Diagnostics;
using System.Globalization;
using Kaifang;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Interop.NationalPlatform;
using Kaifang.Quality;
using Kaifang.Seeding;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The metadata quality score benchmark (bench/quality/run.sh):
//   prepare DATA EXPORT.csv   a new installation with the generated national export imported; a fifth of the
//                             resources made uploads, and two thirds of all given a link check (most of them working)
//   score DATA [RUNS=5]       the catalogue's scores, then the largest agency's (with those below it), RUNS times each,
//                             through MetadataQualityReport.OverviewAsync as the admin page and the API compute them
var command = args.ElementAtOrDefault(0);
return command switch
{
    "prepare" => await PrepareAsync(args[1], args[2]),
    "score" => await ScoreAsync(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: prepare DATA EXPORT.csv | score DATA [RUNS]");
    return 2;
}

static IHost Installation(string data)
{
    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Kaifang:DataDirectory"] = data,
        ["Kaifang:SeedDemoCatalog"] = "false",
        ["Kaifang:SeedStaffPassword"] = "Bench-Passw0rd!",
    });
    builder.Services.AddLogging().AddKaifangCore(builder.Configuration);
    return builder.Build();
}

static async Task<int> PrepareAsync(string data, string export)
{
    using var host = Installation(data);
    var services = host.Services;
    using (var scope = services.CreateScope())
    {
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
    }
    var clock = Stopwatch.StartNew();
    using (var scope = services.CreateScope())
    {
        await using var file = File.OpenRead(export);
        var result = await scope.ServiceProvider.GetRequiredService<ImportNationalCatalog>().ImportAsync(file, null, CancellationToken.None);
        Console.WriteLine($"imported {result.Created:N0} datasets with {result.Resources:N0} resources in {clock.Elapsed.TotalSeconds:F1} s");
    }

    // The export has links only; a real catalogue also has uploaded files, which earn the download-URL points.
    // Link checks: two resources in three checked, 85% of those working, the rest 404, 500 or timed out,
    // so that every accessibility criterion scores in full, in part and not at all somewhere.
    using (var scope = services.CreateScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        var resources = await db.Resources.OrderBy(r => r.Identifier).ToListAsync();
        var random = new Random(105);
        var now = DateTimeOffset.UtcNow;
        var checks = new List<LinkCheck>();
        var ok = 0;
        foreach (var resource in resources)
        {
            if (random.Next(5) == 0)
            {
                resource.FileHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(resource.Id.ToByteArray()));
                resource.FileName = $"{resource.Identifier}.{resource.Format.ToLowerInvariant()}";
                resource.Size = random.Next(1_000, 5_000_000);
                resource.Url = null;
            }
            if (random.Next(3) == 0)
            {
                continue;
            }
            var roll = random.Next(100);
            var status = roll < 85 ? LinkStatus.Ok : LinkStatus.Failed;
            ok += status == LinkStatus.Ok ? 1 : 0;
            checks.Add(new LinkCheck
            {
                ResourceId = resource.Id,
                DatasetId = resource.DatasetId,
                Url = resource.Url ?? $"file:{resource.FileHash}",
                LastCheckedAt = now,
                LastStatus = status,
                HttpStatus = roll switch { < 85 => 200, < 92 => 404, < 97 => 500, _ => null },
                Failure = roll switch { < 85 => null, < 97 => LinkFailure.HttpError, _ => LinkFailure.Timeout },
                ContentType = roll < 85 ? "text/csv" : null,
                ConsecutiveFailures = roll < 85 ? 0 : 1,
                FirstFailureAt = roll < 85 ? null : now,
                LastSuccessAt = roll < 85 ? now : null,
            });
        }
        db.LinkChecks.AddRange(checks);
        await db.SaveChangesAsync();
        Console.WriteLine($"{resources.Count(r => r.IsUpload):N0} of {resources.Count:N0} resources made uploads; " +
            $"{checks.Count:N0} link checks ({ok:N0} working, {checks.Count - ok:N0} failed)");
    }
    return 0;
}

static async Task<int> ScoreAsync(string data, int runs)
{
    using var host = Installation(data);
    var services = host.Services;
    var (datasets, resources, checks) = await CountsAsync(services);
    Console.WriteLine($"catalogue: {datasets:N0} published datasets, {resources:N0} resources, {checks:N0} link checks");

    var tree = services.GetRequiredService<AgencyDirectory>().Tree;
    var perAgency = await CountPerAgencyAsync(services);
    // The agency whose page covers the most datasets without being the whole catalogue.
    var agency = tree.All
        .Select(a => (Node: a, Scope: tree.SelfAndDescendants(a.Id)))
        .Select(a => (a.Node, a.Scope, Datasets: a.Scope.Sum(id => perAgency.GetValueOrDefault(id))))
        .Where(a => a.Datasets < datasets)
        .OrderByDescending(a => a.Datasets).First();

    await MeasureAsync(services, runs, "catalogue", null);
    await MeasureAsync(services, runs, $"agency {agency.Node.Code} ({agency.Node.Name}, {agency.Scope.Count} agencies, {agency.Datasets:N0} datasets)", agency.Scope);
    using var process = Process.GetCurrentProcess();
    Console.WriteLine($"peak working set {process.PeakWorkingSet64 / 1024 / 1024} MB (the process, all runs)");
    return 0;
}

static async Task MeasureAsync(IServiceProvider services, int runs, string what, IReadOnlySet<int>? scope)
{
    var times = new List<double>();
    var cpus = new List<double>();
    for (var run = 1; run <= runs; run++)
    {
        using var serviceScope = services.CreateScope();
        var report = serviceScope.ServiceProvider.GetRequiredService<MetadataQualityReport>();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var overview = await report.OverviewAsync(scope, CancellationToken.None);
        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        times.Add(clock.Elapsed.TotalMilliseconds);
        cpus.Add(cpu.TotalMilliseconds);
        Console.WriteLine($"{what}, run {run}: {clock.Elapsed.TotalMilliseconds:N0} ms (CPU {cpu.TotalMilliseconds:N0} ms), {allocated / 1024.0 / 1024.0:N0} MB allocated; " +
            $"{overview.Total.Datasets:N0} datasets, average {overview.Total.AveragePoints} points ({overview.Total.Band}), " +
            $"{overview.Agencies.Count} agencies; bands {string.Join(", ", overview.Total.Bands.Select(b => $"{b.Key} {b.Value:N0}"))}");
        if (run == runs)
        {
            GC.Collect();
            Console.WriteLine($"{what}: managed heap {GC.GetTotalMemory(forceFullCollection: true) / 1024 / 1024} MB with the last overview alive");
            GC.KeepAlive(overview);
        }
    }
    var warm = times.Skip(1).DefaultIfEmpty(times[0]).Order().ToList();
    var warmCpu = cpus.Skip(1).DefaultIfEmpty(cpus[0]).Order().ToList();
    Console.WriteLine($"{what}: first {times[0]:N0} ms (CPU {cpus[0]:N0} ms), then median {warm[warm.Count / 2]:N0} ms (min {warm[0]:N0}, max {warm[^1]:N0}), " +
        $"CPU median {warmCpu[warmCpu.Count / 2]:N0} ms");
}

static async Task<(int Datasets, int Resources, int Checks)> CountsAsync(IServiceProvider services)
{
    using var scope = services.CreateScope();
    var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
    var published = db.Datasets.Where(d => d.Status == DatasetStatus.Published);
    return (await published.CountAsync(), await db.Resources.CountAsync(r => published.Any(d => d.Id == r.DatasetId)), await db.LinkChecks.CountAsync());
}

static async Task<Dictionary<int, int>> CountPerAgencyAsync(IServiceProvider services)
{
    using var scope = services.CreateScope();
    var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
    return await db.Datasets.Where(d => d.Status == DatasetStatus.Published).GroupBy(d => d.AgencyId)
        .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
}
