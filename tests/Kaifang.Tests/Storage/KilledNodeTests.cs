using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kaifang.Inventory;
using Kaifang.Pipelines.Runs;
using Kaifang.Storage;
using Kaifang.Tests.Datastore;
using Kaifang.Tests.Infrastructure;
using Kaifang.Tests.Pipelines.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Kaifang.Tests.Storage;

/// A node killed outright (SIGKILL) at a random moment while it takes a file upload, publishes a pipeline's version
/// and imports an inventory list, 10 times, and started again on the same data directory each time. The suite runs on
/// SQLite and again on PostgreSQL, and each database is killed at moments of its own: 20 in all, as when one pass
/// killed at all 20, in half the time. After every restart: each version published before is whole, nothing
/// half-written is visible (in the database, the file store, the search index or the DataStore), an import is there
/// entirely or not at all, and the node carries on.
/// And datasets renamed just before a kill, whose index updates were not yet on disk, are found after it.
public sealed class KilledNodeTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const int Kills = 10;
    private const int ImportRows = 150;

    /// Heartbeats every half second; a killed node's run is taken over two seconds after its last one.
    private const string RunTimeoutSeconds = "2";

    /// The installation's other node: it prepares the data and looks at the database and the shared files.
    private readonly KaifangAppFactory _app = new();
    private readonly string _nodeDirectory = Path.Combine(Path.GetTempPath(), "kaifang-tests", Guid.NewGuid().ToString("N"));
    private SourceServer _server = null!;

    public async Task InitializeAsync() => _server = await SourceServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _app.Dispose();
        if (Directory.Exists(_nodeDirectory))
        {
            Directory.Delete(_nodeDirectory, recursive: true);
        }
    }

    /// What the test has seen land for sure, and what it tried.
    private sealed class Expected
    {
        public required string Dataset { get; init; }
        public required Guid Uploaded { get; init; }
        public required string PipelineDataset { get; init; }
        public required Guid Piped { get; init; }
        public required int Round { get; init; }

        /// Every upload's hash, confirmed or not, and the live one before the first.
        public List<string> UploadHashes { get; } = [];
        public string? ConfirmedUpload { get; set; }

        /// Every version seen so far: it must stay, with its content.
        public Dictionary<(Guid Resource, int Number), string> Versions { get; } = [];

        /// The imports whose answer came back: each must be there in full.
        public HashSet<int> ConfirmedImports { get; } = [];
    }

    [Fact]
    public async Task A_node_killed_at_random_moments_ten_times_keeps_every_published_version_and_shows_nothing_half_written()
    {
        var random = new Random(TestDatabase.IsPostgreSql ? 20261201 : 20261129);
        var expected = await PrepareAsync();
        var settings = KaifangAppFactory.Settings(_app.OtherNodeDatabaseSettings(), _nodeDirectory);
        settings["Kaifang:Pipelines:RunTimeoutSeconds"] = RunTimeoutSeconds;
        var officer = await _app.TokenAsync("bli-officer");
        var landed = new int[3];
        var leftBehind = 0;

        for (var kill = 1; kill <= Kills; kill++)
        {
            await using var node = await NodeProcess.StartAsync(settings, _nodeDirectory);
            using var client = Client(node, officer);
            await AssertIntactAsync(node, client, expected, $"after restart {kill - 1}");

            // The three kinds of work at once, each started at its own random moment, and the kill at another.
            var rows = random.Next(2_000, 40_000);
            var upload = CsvFile(rows, $"上傳{kill}");
            expected.UploadHashes.Add(Convert.ToHexStringLower(SHA256.HashData(upload)));
            _server.Answer("/roster.csv", CsvFile(random.Next(2_000, 30_000), $"排程{kill}"));
            var import = InventoryCsv(kill);
            var work = new[]
            {
                Later(random.Next(0, 400), () => client.PutAsync(
                    $"/api/v1/datasets/{expected.Dataset}/resources/{expected.Uploaded}/file", Form(upload, "名冊.csv"))),
                Later(random.Next(0, 400), () => client.PostAsync(
                    $"/api/v1/datasets/{expected.PipelineDataset}/resources/{expected.Piped}/pipeline/runs", null)),
                Later(random.Next(0, 400), () => client.PostAsync($"/api/v1/inventory/rounds/{expected.Round}/import", Form(import, "盤點清單.csv"))),
            };
            // From before the first request arrives to after the last answer, on a slow machine or a quick one.
            var killAt = random.Next(100, 4_000);
            await Task.Delay(killAt);
            await node.KillAsync();

            var answers = await Task.WhenAll(work);
            // An upload cut off leaves its unfinished file; made to look old, the next start removes it.
            foreach (var unfinished in Directory.EnumerateFiles(FilesDirectory, ".upload-*"))
            {
                File.SetLastWriteTimeUtc(unfinished, DateTime.UtcNow.AddHours(-1));
                leftBehind++;
            }
            if (answers[0]?.StatusCode == HttpStatusCode.OK)
            {
                expected.ConfirmedUpload = expected.UploadHashes[^1];
                landed[0]++;
            }
            landed[1] += answers[1]?.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
            if (answers[2]?.IsSuccessStatusCode == true)
            {
                expected.ConfirmedImports.Add(kill);
                landed[2]++;
            }
            output.WriteLine($"kill {kill} at {killAt} ms: upload {Status(answers[0])}, run {Status(answers[1])}, import {Status(answers[2])}");
        }

        // Once more, left alone: it comes up whole, and the work that was cut off goes through.
        await using (var node = await NodeProcess.StartAsync(settings, _nodeDirectory))
        {
            using var client = Client(node, officer);
            await AssertIntactAsync(node, client, expected, "after the last restart");

            var upload = CsvFile(1_234, "最後一次上傳");
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(
                $"/api/v1/datasets/{expected.Dataset}/resources/{expected.Uploaded}/file", Form(upload, "名冊.csv"))).StatusCode);
            expected.UploadHashes.Add(Convert.ToHexStringLower(SHA256.HashData(upload)));
            expected.ConfirmedUpload = expected.UploadHashes[^1];
            _server.Answer("/roster.csv", CsvFile(4_321, "最後一次排程"));
            var run = await client.PostAsync($"/api/v1/datasets/{expected.PipelineDataset}/resources/{expected.Piped}/pipeline/runs?wait=true", null);
            Assert.True(run.StatusCode == HttpStatusCode.OK, $"{(int)run.StatusCode}: {await run.Content.ReadAsStringAsync()}\n{node.Output}");
            Assert.Equal("succeeded", (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
            var imported = await client.PostAsync($"/api/v1/inventory/rounds/{expected.Round}/import", Form(InventoryCsv(Kills + 1), "盤點清單.csv"));
            Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
            expected.ConfirmedImports.Add(Kills + 1);
            await AssertIntactAsync(node, client, expected, "after the work that followed");
        }
        output.WriteLine($"answered before the kill: {landed[0]} uploads, {landed[1]} runs started, {landed[2]} imports; " +
            $"{expected.Versions.Count(v => v.Key.Resource == expected.Piped)} versions published; {leftBehind} unfinished uploads left behind");
    }

    [Fact]
    public async Task Datasets_renamed_just_before_a_kill_are_all_found_by_the_nodes_search_when_it_starts_again()
    {
        var settings = KaifangAppFactory.Settings(_app.OtherNodeDatabaseSettings(), _nodeDirectory);
        var officer = await _app.TokenAsync("bli-officer");
        var eight = new ParallelOptions { MaxDegreeOfParallelism = 8 };
        // Made on the other node: the killed node's index holds them from its start. Renames leave the number of
        // datasets as it was, so a node that lost them could not tell by counting (and rebuild).
        using var other = await _app.WithTokenAsync("bli-officer");
        var names = new List<string>();
        foreach (var i in Enumerable.Range(1, 16))
        {
            names.Add(await other.CreateDraftAsync("BLI", $"終止前建立的資料集 zqmade{Word(i)}"));
        }
        await using (var node = await NodeProcess.StartAsync(settings, _nodeDirectory))
        {
            using var client = Client(node, officer);
            // Eight at a time, so that writes share the index's refreshes; each is found on the node as soon as it is
            // answered. The index is written to disk once a round of the change follower (half a second): the node is
            // killed right after the last answer, before the last renames are.
            await Parallel.ForEachAsync(Enumerable.Range(1, 16), eight, async (i, ct) =>
            {
                var renamed = await client.PutAsJsonAsync($"/api/v1/datasets/{names[i - 1]}",
                    ApiClients.SampleInput("BLI", $"終止前改名的資料集 zqrenamed{Word(i)}"), ct);
                Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
                Assert.Equal(1, await FoundAsync(client, $"zqrenamed{Word(i)}"));
            });
            await node.KillAsync();
        }

        await using var restarted = await NodeProcess.StartAsync(settings, _nodeDirectory);
        using var again = Client(restarted, officer);
        // The node catches up from the change record before it answers anything.
        foreach (var i in Enumerable.Range(1, 16))
        {
            Assert.True(await FoundAsync(again, $"zqrenamed{Word(i)}") == 1 && await FoundAsync(again, $"zqmade{Word(i)}") == 0,
                $"The rename of dataset {i} is not in the index after the restart.\n{restarted.Output}");
        }
    }

    // Letters only, so that each is one word to the search.
    private static string Word(int i) => new((char)('a' + i), 3);

    private static async Task<int> FoundAsync(HttpClient client, string word)
    {
        using var response = await client.GetAsync($"/api/v1/datasets?status=draft&q={word}&limit=1");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32();
    }

    private string FilesDirectory => _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Kaifang.KaifangOptions>>().Value.FilesDirectory;

    private static string Status(HttpResponseMessage? answer) => answer is null ? "cut off" : ((int)answer.StatusCode).ToString(CultureInfo.InvariantCulture);

    private static HttpClient Client(NodeProcess node, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(node.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        return client;
    }

    /// Sends after a delay; null when the node was killed before it answered.
    private static async Task<HttpResponseMessage?> Later(int milliseconds, Func<Task<HttpResponseMessage>> send)
    {
        await Task.Delay(milliseconds);
        try
        {
            return await send();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return null;
        }
    }

    private static MultipartFormDataContent Form(byte[] file, string name)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { content, "file", name } };
    }

    private static byte[] CsvFile(int rows, string marker)
    {
        var csv = new StringBuilder("代碼,名稱,人數\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i},{marker}第{i}列,{i % 97}\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static string ImportMarker(int kill) => $"第{kill}次盤點";

    /// An inventory list of <see cref="ImportRows"/> items, named after the attempt.
    private static byte[] InventoryCsv(int kill)
    {
        var text = new StringBuilder();
        CsvRows.Append(text, [.. InventorySpreadsheet.Columns.Select(c => c.Name)]);
        for (var i = 1; i <= ImportRows; i++)
        {
            CsvRows.Append(text, ["BLI", $"{ImportMarker(kill)}項目{i}", "業務系統資料庫", "納保處", "各縣市投保單位數，按月統計。", "年月、縣市、投保單位數", "每月約 22 筆", "每1月", "否", "開放", "", "", "", "免費", ""]);
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// A published dataset with an uploaded CSV, another whose CSV a pipeline makes, and an open inventory round.
    private async Task<Expected> PrepareAsync()
    {
        using var officer = await _app.WithTokenAsync("bli-officer");
        var first = CsvFile(100, "起始");
        var (name, uploaded) = await _app.PublishWithFilesAsync(officer, "被終止節點的上傳名冊", "代碼、名稱、人數", ("名冊.csv", first));
        var (piped, resources) = await _app.PublishWithFilesAsync(officer, "被終止節點的排程名冊", "代碼、名稱、人數", ("before.csv", CsvFile(10, "原本")));
        var saved = await officer.PutAsJsonAsync($"/api/v1/datasets/{piped}/resources/{resources[0]}/pipeline",
            new { sourceKind = "url", source = new { url = _server.Url("/roster.csv") }, schedule = "manual" });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);

        using var admin = await _app.WithTokenAsync("admin");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var quarter = (today.Month - 1) / 3 + 1;
        var opened = await admin.PostAsJsonAsync("/api/v1/inventory/rounds", new
        {
            year = today.Year, quarter,
            opensOn = new DateOnly(today.Year, quarter * 3 - 2, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            deadline = today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync());

        var expected = new Expected
        {
            Dataset = name, Uploaded = uploaded[0], PipelineDataset = piped, Piped = resources[0],
            Round = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32(),
        };
        expected.UploadHashes.Add(Convert.ToHexStringLower(SHA256.HashData(first)));
        expected.ConfirmedUpload = expected.UploadHashes[0];
        return expected;
    }

    private async Task AssertIntactAsync(NodeProcess node, HttpClient client, Expected expected, string when)
    {
        var files = _app.Services.GetRequiredService<FileStore>();
        Assert.DoesNotContain(Directory.EnumerateFiles(FilesDirectory, ".upload-*"), f => File.GetLastWriteTimeUtc(f) < DateTime.UtcNow.AddMinutes(-30));
        var versions = await _app.WithDbAsync(db => db.ResourceVersions.AsNoTracking().OrderBy(v => v.Number).ToListAsync());
        var runs = await _app.WithDbAsync(db => db.PipelineRuns.AsNoTracking().ToDictionaryAsync(r => r.Id));
        var live = await _app.WithDbAsync(db => db.Resources.AsNoTracking().Where(r => r.FileHash != null).ToDictionaryAsync(r => r.Id));

        // Every file the database names is whole in the store.
        foreach (var hash in versions.Select(v => v.ContentHash).Concat(live.Values.Select(r => r.FileHash!)).Distinct())
        {
            Assert.True(files.Exists(hash), $"{when}: the file {hash} is named but missing");
            Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(files.PathFor(hash)))));
        }

        // Every version seen before is still there, unchanged; the pipeline's are numbered without gaps, each made by a
        // run that succeeded, and the newest is the live file.
        foreach (var ((resource, number), hash) in expected.Versions)
        {
            Assert.Equal(hash, Assert.Single(versions, v => v.ResourceId == resource && v.Number == number).ContentHash);
        }
        var piped = versions.Where(v => v.ResourceId == expected.Piped).ToList();
        Assert.Equal(Enumerable.Range(1, piped.Count), piped.Select(v => v.Number));
        Assert.All(piped.Skip(1), v => Assert.Equal(PipelineRunStatus.Succeeded, runs[v.RunId!.Value].Status));
        if (piped.Count > 0)
        {
            Assert.Equal(piped[^1].ContentHash, live[expected.Piped].FileHash);
        }
        foreach (var version in versions)
        {
            expected.Versions[(version.ResourceId, version.Number)] = version.ContentHash;
        }

        // The uploaded resource holds the last upload that was answered, or one tried after it.
        var uploadedNow = live[expected.Uploaded].FileHash!;
        var confirmedAt = expected.UploadHashes.LastIndexOf(expected.ConfirmedUpload!);
        Assert.True(expected.UploadHashes.IndexOf(uploadedNow) >= confirmedAt,
            $"{when}: the uploaded resource went back to an older file than the last one saved");

        // Each inventory import is there in full or not at all.
        var names = await _app.WithDbAsync(db => db.InventoryItems.AsNoTracking().Where(i => i.RoundId == expected.Round).Select(i => i.Name).ToListAsync());
        for (var kill = 1; kill <= Kills + 1; kill++)
        {
            var count = names.Count(n => n.StartsWith(ImportMarker(kill) + "項目", StringComparison.Ordinal));
            Assert.True(count == 0 || count == ImportRows, $"{when}: import {kill} has {count} of its {ImportRows} rows");
            Assert.True(!expected.ConfirmedImports.Contains(kill) || count == ImportRows, $"{when}: import {kill} was answered but has {count} rows");
        }

        // What the node serves follows the database: the downloads, the search index and the DataStore.
        var download = await client.GetByteArrayAsync($"/datasets/{expected.Dataset}/resources/{expected.Uploaded}/download");
        Assert.Equal(uploadedNow, Convert.ToHexStringLower(SHA256.HashData(download)));
        var published = await _app.WithDbAsync(db => db.Datasets.CountAsync(d => d.Status == Kaifang.Catalog.DatasetStatus.Published));
        await UntilAsync(node, when, "the search index shows every published dataset",
            async () => (await CkanAsync(client, "/api/3/action/package_search?rows=0")).GetProperty("count").GetInt32() == published);
        var uploadedRows = CountRows(await File.ReadAllBytesAsync(files.PathFor(uploadedNow)));
        await UntilAsync(node, when, $"the DataStore holds the uploaded file's {uploadedRows} rows",
            async () => await DatastoreTotalAsync(client, expected.Uploaded) == uploadedRows);
        var pipedRows = CountRows(await File.ReadAllBytesAsync(files.PathFor(live[expected.Piped].FileHash!)));
        await UntilAsync(node, when, $"the DataStore holds the pipeline's {pipedRows} rows",
            async () => await DatastoreTotalAsync(client, expected.Piped) == pipedRows);
    }

    private static long CountRows(byte[] csv) => csv.Count(b => b == (byte)'\n') - 1;

    private static async Task<long?> DatastoreTotalAsync(HttpClient client, Guid resource)
    {
        using var response = await client.GetAsync($"/api/3/action/datastore_search?resource_id={resource}&limit=0");
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetProperty("total").GetInt64()
            : null;
    }

    private static async Task<JsonElement> CkanAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result");
    }

    private static async Task UntilAsync(NodeProcess node, string when, string what, Func<Task<bool>> probe)
    {
        var clock = Stopwatch.StartNew();
        while (!await probe())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{when}: not so within 60 s: {what}.\n{node.Output}");
            await Task.Delay(200);
        }
    }
}
