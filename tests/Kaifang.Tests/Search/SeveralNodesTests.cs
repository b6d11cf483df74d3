using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Search;

/// Two web nodes of one installation — one database, one shared directory, a search index each: a write on either
/// is found by search on the other within 2 seconds, and a node that was stopped catches up when it starts again.
public sealed class SeveralNodesTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(2);
    private readonly KaifangAppFactory _a = new();
    private readonly List<KaifangAppFactory> _others = [];

    private KaifangAppFactory Node(string? dataDirectory = null, bool keep = false)
    {
        var node = KaifangAppFactory.SecondNode(_a, dataDirectory, keep);
        _others.Add(node);
        return node;
    }

    [Fact]
    public async Task A_dataset_written_on_one_node_is_found_on_the_other_within_two_seconds()
    {
        var officerOnA = await _a.WithTokenAsync("bli-officer");
        var b = Node();
        var officerOnB = await b.WithTokenAsync("bli-officer");

        var name = await officerOnA.CreateDraftAsync("BLI", "跨節點搜尋測試甲");
        Assert.Equal(HttpStatusCode.Created, (await officerOnA.AddLinkAsync(name)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officerOnA.PostAsync($"/api/v1/datasets/{name}/publish", null)).StatusCode);
        await FoundWithinAsync(b, "跨節點搜尋測試甲", name);

        // An edit and a withdrawal on A, seen on B.
        var renamed = ApiClients.SampleInput("BLI", "跨節點更名測試乙");
        Assert.Equal(HttpStatusCode.OK, (await officerOnA.PutAsJsonAsync($"/api/v1/datasets/{name}", renamed)).StatusCode);
        await FoundWithinAsync(b, "跨節點更名測試乙", name);
        Assert.Equal(HttpStatusCode.OK, (await officerOnA.PostAsync($"/api/v1/datasets/{name}/withdraw", null)).StatusCode);
        await GoneWithinAsync(b, "跨節點更名測試乙", name);

        // The other way round: written on B, found on A.
        var fromB = await officerOnB.CreateDraftAsync("BLI", "跨節點搜尋測試丙");
        Assert.Equal(HttpStatusCode.Created, (await officerOnB.AddLinkAsync(fromB)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officerOnB.PostAsync($"/api/v1/datasets/{fromB}/publish", null)).StatusCode);
        await FoundWithinAsync(_a, "跨節點搜尋測試丙", fromB);
    }

    [Fact]
    public async Task A_node_that_was_stopped_catches_up_with_what_was_written_meanwhile()
    {
        var officer = await _a.WithTokenAsync("bli-officer");
        var directory = Path.Combine(Path.GetTempPath(), "kaifang-tests", Guid.NewGuid().ToString("N"));
        var first = Node(directory, keep: true);
        Assert.Equal(HttpStatusCode.OK, (await first.CreateClient().GetAsync("/api/v1/datasets")).StatusCode);
        await first.DisposeAsync();

        var name = await officer.CreateDraftAsync("BLI", "停機期間新增測試");
        Assert.Equal(HttpStatusCode.Created, (await officer.AddLinkAsync(name)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync($"/api/v1/datasets/{name}/publish", null)).StatusCode);

        // Started again on the same index: it serves nothing before it has caught up.
        var again = Node(directory);
        Assert.Contains(name, await SearchAsync(again, "停機期間新增測試"));
    }

    private static async Task FoundWithinAsync(KaifangAppFactory node, string words, string name)
    {
        var clock = Stopwatch.StartNew();
        while (!(await SearchAsync(node, words)).Contains(name))
        {
            Assert.True(clock.Elapsed < Within, $"\"{words}\" was not found on the other node within {Within.TotalSeconds} s.");
            await Task.Delay(50);
        }
    }

    private static async Task GoneWithinAsync(KaifangAppFactory node, string words, string name)
    {
        var clock = Stopwatch.StartNew();
        while ((await SearchAsync(node, words)).Contains(name))
        {
            Assert.True(clock.Elapsed < Within, $"\"{words}\" was still found on the other node after {Within.TotalSeconds} s.");
            await Task.Delay(50);
        }
    }

    private static async Task<List<string?>> SearchAsync(KaifangAppFactory node, string words)
    {
        var found = await node.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/datasets?q={Uri.EscapeDataString(words)}");
        return found.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
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
