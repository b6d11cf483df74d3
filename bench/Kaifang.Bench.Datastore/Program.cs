using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kaifang;
using Kaifang.Accounts;
using Kaifang.Catalog;
using Kaifang.Datastore;
using Kaifang.Seeding;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// The DataStore benchmark (bench/datastore/run.sh):
//   generate FILE ROWS        writes a 20-column CSV like an agency's statistics file
//   load FILE WORKDIR [N]     loads it with Kaifang's loader, then times N searches with one filter
//   publish FILE DATADIR      puts it in a new installation as a published dataset's upload, for the
//                             web host to load at start and serve; prints the resource id
if (args.Length >= 3 && args[0] == "generate")
{
    Generate(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
    return 0;
}
if (args.Length >= 3 && args[0] == "load")
{
    await LoadAndSearchAsync(args[1], args[2], args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2000);
    return 0;
}
if (args.Length >= 3 && args[0] == "publish")
{
    Console.WriteLine(await PublishAsync(args[1], args[2]));
    return 0;
}
Console.Error.WriteLine("usage: generate FILE ROWS | load FILE WORKDIR [SEARCHES] | publish FILE DATADIR");
return 2;

static void Generate(string path, int rows)
{
    string[] cities = ["臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市", "嘉義市", "新竹縣", "苗栗縣", "彰化縣", "南投縣", "雲林縣", "嘉義縣", "屏東縣", "宜蘭縣", "花蓮縣", "臺東縣", "澎湖縣"];
    string[] industries = ["製造業", "營造業", "批發及零售業", "運輸及倉儲業", "住宿及餐飲業", "資訊及通訊傳播業", "金融及保險業", "不動產業", "專業科學及技術服務業", "支援服務業"];
    var random = new Random(20160101);
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
    writer.Write("序號,事業代碼,縣市,行業別,年度,月份,員工人數,男性人數,女性人數,平均薪資,加班時數,投保薪資,職災件數,離職率,是否公告,調查日,更新時間,備註,聯絡電話,地址代碼\n");
    for (var i = 1; i <= rows; i++)
    {
        var staff = random.Next(1, 5000);
        var men = random.Next(0, staff + 1);
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"{i},{random.Next(0, 10_000_000):00000000},{cities[random.Next(cities.Length)]},{industries[random.Next(industries.Length)]},{random.Next(105, 115)},{random.Next(1, 13)},{staff},{men},{staff - men},{random.Next(26_000, 120_000)}.{random.Next(0, 100):00},{random.Next(0, 80)}.{random.Next(0, 10)},{random.Next(26_400, 45_800)},{random.Next(0, 20)},{random.Next(0, 1000) / 10.0},{(random.Next(2) == 0 ? "true" : "false")},2024-{random.Next(1, 13):00}-{random.Next(1, 29):00},2024-{random.Next(1, 13):00}-{random.Next(1, 29):00} {random.Next(0, 24):00}:{random.Next(0, 60):00}:00,第{random.Next(1, 99)}批,0{random.Next(2, 9)}-{random.Next(2000_0000, 9999_9999)},{random.Next(100, 984):000}\n"));
    }
}

static async Task<Guid> PublishAsync(string csv, string dataDirectory)
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Kaifang:DataDirectory"] = dataDirectory,
        ["Kaifang:SeedDemoCatalog"] = "false",
        ["Kaifang:SeedStaffPassword"] = "Bench-Passw0rd!",
        ["Kaifang:MaxUploadBytes"] = "2000000000",
    }).Build();
    await using var services = new ServiceCollection().AddLogging().AddKaifangCore(configuration).BuildServiceProvider();
    await using var scope = services.CreateAsyncScope();
    var provider = scope.ServiceProvider;
    await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
    var db = provider.GetRequiredService<KaifangDbContext>();
    var agency = await db.Agencies.FirstAsync(a => a.Code == "BLI");
    var admin = new StaffScope(Guid.Empty, "bench", StaffRole.SystemAdmin, agency.Id, new HashSet<int>());
    var created = await provider.GetRequiredService<CreateDataset>().ExecuteAsync(admin, new DatasetInput
    {
        Title = "事業單位薪資調查（效能測試）",
        Description = "一百萬筆、二十個欄位的效能測試資料。",
        Agency = "BLI",
        ServiceCategory = "500",
        MainFieldsDescription = "縣市(事業單位所在縣市)、員工人數(受僱人數)",
        UpdateFrequency = "每1年",
        ContactName = "效能測試",
        ContactPhone = "02-23961266",
    }, CancellationToken.None);
    var name = created.Value?.Name ?? throw new InvalidOperationException($"Dataset not created: {created.Outcome}");
    await using var content = File.OpenRead(csv);
    var resource = await provider.GetRequiredService<AddResource>().ExecuteAsync(admin, name,
        new ResourceInput { Name = "事業單位薪資" }, new UploadedFile("table.csv", "text/csv", content), CancellationToken.None);
    var published = await provider.GetRequiredService<ChangeDatasetStatus>().ExecuteAsync(admin, name, DatasetStatus.Published, CancellationToken.None);
    if (resource.Value is null || !published.Succeeded)
    {
        throw new InvalidOperationException($"Not published: {resource.Outcome}, {published.Outcome}");
    }
    return resource.Value.Id;
}

static async Task LoadAndSearchAsync(string csv, string workDirectory, int searches)
{
    var files = new FileStore(Options.Create(new KaifangOptions { DataDirectory = Path.Combine(workDirectory, "data") }));
    StoredFile stored;
    await using (var source = File.OpenRead(csv))
    {
        stored = await files.SaveAsync(source, long.MaxValue, CancellationToken.None);
    }
    var resource = new Resource
    {
        Id = Guid.NewGuid(),
        DatasetId = Guid.NewGuid(),
        Identifier = "BENCH-000001-001",
        Name = "bench",
        Format = "CSV",
        Encoding = "UTF-8",
        FileHash = stored.Hash,
        Size = stored.Length,
    };

    // The same file loaded twice, into two DataStore files: without the full-text index, then with it
    // (the table is swapped in first, so it answers; its index is built after, and q scans until then).
    var plainStore = new DatastoreDatabase(Options.Create(new KaifangOptions { DataDirectory = Path.Combine(workDirectory, "data-no-index") }));
    var plain = await new DatastoreLoader(plainStore, files, TimeProvider.System) { BuildFullTextIndex = false }.LoadAsync(resource, "", CancellationToken.None);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"kaifang load without the full-text index: {plain.Rows:N0} rows in {plain.Elapsed.TotalSeconds:N2} s = {plain.Rows / plain.Elapsed.TotalSeconds:N0} rows/s; {new FileInfo(plainStore.FilePath).Length / 1e6:N0} MB"));
    var store = new DatastoreDatabase(Options.Create(new KaifangOptions { DataDirectory = Path.Combine(workDirectory, "data") }));
    var result = await new DatastoreLoader(store, files, TimeProvider.System).LoadAsync(resource, "", CancellationToken.None);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"kaifang load with the full-text index: table swapped in after {result.Elapsed.TotalSeconds:N2} s = {result.Rows / result.Elapsed.TotalSeconds:N0} rows/s; index built in {result.FullTextElapsed.TotalSeconds:N2} s more; both: {(result.Elapsed + result.FullTextElapsed).TotalSeconds:N2} s = {result.Rows / (result.Elapsed + result.FullTextElapsed).TotalSeconds:N0} rows/s; {new FileInfo(store.FilePath).Length / 1e6:N0} MB"));
    Console.WriteLine("types: " + string.Join(", ", result.Fields.Select(f => $"{f.Id}:{f.Type}")));

    using var queries = new DatastoreQueries(store);
    var random = new Random(7);
    var cities = new[] { "臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市" };
    DatastoreSearch Search() => new()
    {
        ResourceId = resource.Id,
        Filters = new Dictionary<string, IReadOnlyList<string?>> { ["縣市"] = [cities[random.Next(cities.Length)]] },
        Offset = random.Next(0, 1000),
    };
    var first = Stopwatch.StartNew();
    var firstResult = await queries.SearchAsync(Search(), CancellationToken.None);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"first search with a filter (builds the column's index): {first.Elapsed.TotalMilliseconds:N0} ms, total {firstResult.Total:N0}"));
    Console.WriteLine(Percentiles("datastore_search, one filter, 100 rows + total", await TimeAsync(queries, searches, Search)));

    // q: the same words through the full-text index and through the scan a table without it gets.
    // Few, selective and unselective: a county, an industry, part of one, a single character, a
    // mixed Chinese/number word, a code; each with the total (a count of every match) and 100 rows.
    string[] words = ["臺北市", "資訊及通訊", "通訊", "縣", "第12批", "批發 臺南", "07"];
    using var plainQueries = new DatastoreQueries(plainStore);
    var qSearches = Math.Max(10, searches / 20);
    foreach (var word in words)
    {
        DatastoreSearch Q() => new() { ResourceId = resource.Id, Query = word, Offset = random.Next(0, 100) };
        var indexed = await TimeAsync(queries, qSearches, Q);
        var scanned = await TimeAsync(plainQueries, Math.Max(5, qSearches / 10), Q);
        var total = (await queries.SearchAsync(Q(), CancellationToken.None)).Total;
        var scanTotal = (await plainQueries.SearchAsync(Q(), CancellationToken.None)).Total;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"q \"{word}\" ({total:N0} rows; the scan finds {scanTotal:N0}):"));
        Console.WriteLine("  " + Percentiles("full-text index", indexed));
        Console.WriteLine("  " + Percentiles("scan (no index)", scanned));
    }
}

static async Task<List<double>> TimeAsync(DatastoreQueries queries, int count, Func<DatastoreSearch> search)
{
    var times = new List<double>(count);
    for (var i = 0; i < count; i++)
    {
        var clock = Stopwatch.StartNew();
        await queries.SearchAsync(search(), CancellationToken.None);
        times.Add(clock.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    return times;
}

static string Percentiles(string what, List<double> times)
{
    double At(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
    return string.Create(CultureInfo.InvariantCulture,
        $"{what}, {times.Count:N0} searches: p50 {At(0.50):N1} ms, p90 {At(0.90):N1} ms, p99 {At(0.99):N1} ms, max {times[^1]:N1} ms");
}
