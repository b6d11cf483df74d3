using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

// The mixed-load benchmark (bench/load/run.sh): many clients reading the portal and the APIs at once while a
// pipeline runs again and again and a check of every link goes on.
//   prepare BASE USER PASSWORD WORK SOURCE   sign in, make an API token, publish datasets with uploaded files and one
//                                            whose pipeline reads SOURCE; writes what `run` needs into WORK
//   run BASE WORK SECONDS CLIENTS            the load, with the pipeline and the link check; prints figures per kind
//   warm BASE WORK SECONDS CLIENTS           the same requests without the background work, to warm the server up
// Both print to standard output; the run's last line says whether any request failed.
return args switch
{
    ["prepare", var baseUrl, var user, var password, var work, var source] => await PrepareAsync(new Uri(baseUrl), user, password, work, source),
    ["run", var baseUrl, var work, var seconds, var clients] =>
        await RunAsync(new Uri(baseUrl), work, int.Parse(seconds, CultureInfo.InvariantCulture), int.Parse(clients, CultureInfo.InvariantCulture), background: true),
    ["warm", var baseUrl, var work, var seconds, var clients] =>
        await RunAsync(new Uri(baseUrl), work, int.Parse(seconds, CultureInfo.InvariantCulture), int.Parse(clients, CultureInfo.InvariantCulture), background: false),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: prepare BASE USER PASSWORD WORK SOURCE | run|warm BASE WORK SECONDS CLIENTS");
    return 2;
}

static async Task<int> PrepareAsync(Uri baseUrl, string user, string password, string work, string source)
{
    Directory.CreateDirectory(work);
    var token = await SignInForTokenAsync(baseUrl, user, password);
    await File.WriteAllTextAsync(Path.Combine(work, "token.txt"), token);
    using var api = Client(baseUrl, token);

    // Files of 1,000 to 60,000 rows (about 40 KB to 3 MB), as agencies' monthly statistics are.
    var downloads = new List<string>();
    var tables = new List<string>();
    for (var i = 0; i < 20; i++)
    {
        var rows = 1_000 + i * 3_000;
        var name = await CreateDatasetAsync(api, $"壓力測試上傳統計{i + 1:00}");
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Csv(rows, i)), "file", $"統計{i + 1:00}.csv" },
            { new StringContent($"統計{i + 1:00}"), "name" },
        };
        var resource = await JsonAsync(await api.PostAsync(new Uri($"/api/v1/datasets/{name}/resources/upload", UriKind.Relative), form));
        var id = resource.GetProperty("id").GetString();
        await EnsureAsync(await api.PostAsync(new Uri($"/api/v1/datasets/{name}/publish", UriKind.Relative), null));
        downloads.Add($"/datasets/{name}/resources/{id}/download");
        tables.Add(id!);
    }
    // The DataStore loads the published files in the background; the load reads them.
    foreach (var table in tables)
    {
        while (!(await api.GetAsync(new Uri($"/api/3/action/datastore_search?resource_id={table}&limit=1", UriKind.Relative))).IsSuccessStatusCode)
        {
            await Task.Delay(500);
        }
    }
    await File.WriteAllLinesAsync(Path.Combine(work, "downloads.txt"), downloads);
    await File.WriteAllLinesAsync(Path.Combine(work, "tables.txt"), tables);

    var piped = await CreateDatasetAsync(api, "壓力測試排程名冊");
    using (var form = new MultipartFormDataContent { { new ByteArrayContent(Csv(10, 99)), "file", "名冊.csv" }, { new StringContent("名冊"), "name" } })
    {
        var resource = (await JsonAsync(await api.PostAsync(new Uri($"/api/v1/datasets/{piped}/resources/upload", UriKind.Relative), form))).GetProperty("id").GetString();
        await EnsureAsync(await api.PostAsync(new Uri($"/api/v1/datasets/{piped}/publish", UriKind.Relative), null));
        var pipeline = $"/api/v1/datasets/{piped}/resources/{resource}/pipeline";
        await EnsureAsync(await api.PutAsJsonAsync(new Uri(pipeline, UriKind.Relative), new { sourceKind = "url", source = new { url = source }, schedule = "manual" }));
        await File.WriteAllTextAsync(Path.Combine(work, "pipeline.txt"), pipeline + "/runs?wait=true");
    }

    // Every published dataset's name, for dataset pages and package_show.
    var names = (await JsonAsync(await api.GetAsync(new Uri("/api/3/action/package_list?limit=200000", UriKind.Relative))))
        .GetProperty("result").EnumerateArray().Select(n => n.GetString()!).ToList();
    await File.WriteAllLinesAsync(Path.Combine(work, "names.txt"), names);
    Console.WriteLine($"prepared: {downloads.Count} datasets with uploaded files, a pipeline reading {source}, {names.Count:N0} dataset names");
    return 0;
}

static async Task<int> RunAsync(Uri baseUrl, string work, int seconds, int clients, bool background)
{
    var token = (await File.ReadAllTextAsync(Path.Combine(work, "token.txt"))).Trim();
    var names = await File.ReadAllLinesAsync(Path.Combine(work, "names.txt"));
    var searches = await File.ReadAllLinesAsync(Path.Combine(work, "queries.txt"));
    var ckanSearches = await File.ReadAllLinesAsync(Path.Combine(work, "ckan-queries.txt"));
    var downloads = await File.ReadAllLinesAsync(Path.Combine(work, "downloads.txt"));
    var tables = await File.ReadAllLinesAsync(Path.Combine(work, "tables.txt"));
    var pipeline = (await File.ReadAllTextAsync(Path.Combine(work, "pipeline.txt"))).Trim();

    // What a portal's day looks like: people search and read dataset pages, machines call the APIs, some download.
    var kinds = new (string Name, int Weight, Func<Random, string> Path)[]
    {
        ("search page", 20, r => "/datasets?" + searches[r.Next(searches.Length)].Split('?', 2)[1]),
        ("dataset page", 20, r => "/datasets/" + names[r.Next(names.Length)]),
        ("download", 10, r => downloads[r.Next(downloads.Length)]),
        ("api search", 10, r => searches[r.Next(searches.Length)]),
        ("package_search", 15, r => ckanSearches[r.Next(ckanSearches.Length)]),
        ("package_show", 15, r => "/api/3/action/package_show?id=" + names[r.Next(names.Length)]),
        ("datastore_search", 10, r => $"/api/3/action/datastore_search?resource_id={tables[r.Next(tables.Length)]}&limit=100&offset={r.Next(0, 900)}"),
    };
    var total = kinds.Sum(k => k.Weight);
    var latencies = kinds.Select(_ => new List<double>()).ToArray();
    var failures = new List<string>();
    var failed = new int[kinds.Length];

    using var staff = Client(baseUrl, token);
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10), AutomaticDecompression = DecompressionMethods.None };
    using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    // The background work: the check of every link (the catalog's links point at the local link server) and the
    // pipeline, run again as soon as it ends.
    if (background)
    {
        using var checkStarted = await staff.PostAsync(new Uri("/api/v1/quality/links/check?all=true", UriKind.Relative), null);
        Console.WriteLine($"link check of every link: {(int)checkStarted.StatusCode} {checkStarted.StatusCode}");
    }
    var linksBefore = await CheckedLinksAsync(staff);
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var pipelineRuns = new List<(double Seconds, string Status)>();
    var pipelineLoop = Task.Run(async () =>
    {
        while (background && !stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            using var response = await staff.PostAsync(new Uri(pipeline, UriKind.Relative), null, CancellationToken.None);
            var status = response.IsSuccessStatusCode
                ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!
                : $"HTTP {(int)response.StatusCode}";
            lock (pipelineRuns)
            {
                pipelineRuns.Add((clock.Elapsed.TotalSeconds, status));
            }
        }
    });

    var started = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, clients).Select(worker => Task.Run(async () =>
    {
        var random = new Random(worker * 7919 + 1);
        while (!stop.IsCancellationRequested)
        {
            var pick = random.Next(total);
            var kind = 0;
            while (pick >= kinds[kind].Weight)
            {
                pick -= kinds[kind].Weight;
                kind++;
            }
            var path = kinds[kind].Path(random);
            var clock = Stopwatch.StartNew();
            string? failure = null;
            try
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseContentRead, CancellationToken.None);
                if (!response.IsSuccessStatusCode)
                {
                    failure = $"{(int)response.StatusCode} {path}";
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failure = $"{e.GetType().Name}: {e.Message} {path}";
            }
            var elapsed = clock.Elapsed.TotalMilliseconds;
            lock (latencies[kind])
            {
                latencies[kind].Add(elapsed);
            }
            if (failure is not null)
            {
                Interlocked.Increment(ref failed[kind]);
                lock (failures)
                {
                    failures.Add(failure);
                }
            }
        }
    })).ToArray();
    await Task.WhenAll(workers);
    var wall = started.Elapsed.TotalSeconds;
    await pipelineLoop;
    var linksAfter = await CheckedLinksAsync(staff);

    Console.WriteLine($"{clients} clients for {wall:F1} s");
    Console.WriteLine($"{"kind",-18}{"requests",10}{"per s",9}{"p50 ms",9}{"p90 ms",9}{"p99 ms",9}{"max ms",9}{"errors",8}");
    for (var k = 0; k < kinds.Length; k++)
    {
        Print(kinds[k].Name, latencies[k], wall, failed[k]);
    }
    Print("all", [.. latencies.SelectMany(l => l)], wall, failed.Sum());
    Console.WriteLine($"pipeline runs during the load: {pipelineRuns.Count} ({string.Join(", ", pipelineRuns.GroupBy(r => r.Status).Select(g => $"{g.Count()} {g.Key}"))}), " +
        $"each {(pipelineRuns.Count == 0 ? 0 : pipelineRuns.Average(r => r.Seconds)):F1} s on average");
    Console.WriteLine($"links checked during the load: {linksAfter - linksBefore:N0} (checked links recorded: {linksBefore:N0} before, {linksAfter:N0} after)");
    foreach (var failure in failures.Take(10))
    {
        Console.WriteLine($"failed: {failure}");
    }
    Console.WriteLine(failures.Count == 0 ? "errors: 0" : $"errors: {failures.Count}");
    return failures.Count == 0 ? 0 : 1;
}

static void Print(string name, List<double> values, double wall, int errors)
{
    values.Sort();
    double At(double q) => values.Count == 0 ? 0 : values[Math.Min(values.Count - 1, (int)Math.Ceiling(q * values.Count) - 1)];
    Console.WriteLine($"{name,-18}{values.Count,10:N0}{values.Count / wall,9:F0}{At(0.5),9:F0}{At(0.9),9:F0}{At(0.99),9:F0}{(values.Count == 0 ? 0 : values[^1]),9:F0}{errors,8}");
}

/// How many links the quality pages list as checked: the link check records each as it goes.
static async Task<long> CheckedLinksAsync(HttpClient staff)
{
    var answer = await JsonAsync(await staff.GetAsync(new Uri("/api/v1/quality/links?limit=1", UriKind.Relative)));
    return answer.TryGetProperty("count", out var count) ? count.GetInt64() : -1;
}

static HttpClient Client(Uri baseUrl, string token)
{
    var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(10) };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return client;
}

static async Task<string> CreateDatasetAsync(HttpClient api, string title)
{
    var created = await JsonAsync(await api.PostAsJsonAsync(new Uri("/api/v1/datasets", UriKind.Relative), new
    {
        title, agency = "MOL", serviceCategory = "500", description = $"{title}：壓力測試用的資料集。", mainFieldsDescription = "代碼、縣市、人數",
        updateFrequency = "每1月", contactName = "王小明", contactPhone = "02-23961266", contactEmail = "data@mol.gov.tw",
    }));
    return created.GetProperty("name").GetString()!;
}

static byte[] Csv(int rows, int seed)
{
    string[] cities = ["臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市"];
    var csv = new StringBuilder("代碼,縣市,年月,人數\n");
    for (var i = 0; i < rows; i++)
    {
        csv.Append(CultureInfo.InvariantCulture, $"{seed:00}{i:000000},{cities[i % cities.Length]},{11301 + i % 12},{(i * 37 + seed) % 5000}\n");
    }
    return Encoding.UTF8.GetBytes(csv.ToString());
}

static async Task EnsureAsync(HttpResponseMessage response)
{
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
    }
}

static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
{
    await EnsureAsync(response);
    return await response.Content.ReadFromJsonAsync<JsonElement>();
}

/// Signs in through the sign-in page as a person does, then makes an API token for a day.
static async Task<string> SignInForTokenAsync(Uri baseUrl, string user, string password)
{
    using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
    using var browser = new HttpClient(handler) { BaseAddress = baseUrl };
    var form = await browser.GetStringAsync(new Uri("/account/login", UriKind.Relative));
    var verification = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
    using var signIn = await browser.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["UserName"] = user, ["Password"] = password, ["__RequestVerificationToken"] = verification,
    }));
    if (signIn.StatusCode != HttpStatusCode.Redirect)
    {
        throw new InvalidOperationException($"Signing in as {user} answered {(int)signIn.StatusCode}.");
    }
    var made = await JsonAsync(await browser.PostAsJsonAsync(new Uri("/api/v1/tokens", UriKind.Relative), new { name = "load benchmark", expiresInDays = 1 }));
    return made.GetProperty("token").GetString()!;
}
