using Kaifang.Catalog;
using Kaifang.Search;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kaifang.Tests.Search;

/// How a node reads the change record: what other nodes changed is indexed, its own writes are not read again once
/// their requests indexed them, and a hole in the numbers (a write that committed later than a later-numbered one) is
/// waited for, then passed.
public sealed class CatalogChangeFollowerTests : IDisposable
{
    private static readonly Guid OtherNode = Guid.NewGuid();
    private readonly FollowerApp _app = new();

    [Fact]
    public async Task Changes_of_other_nodes_are_indexed_and_a_hole_in_the_numbers_is_waited_for()
    {
        var follower = _app.Services.GetRequiredService<CatalogChangeFollower>();
        // Written straight to the database, as another node would: this node's index does not know them.
        var (first, second) = await _app.WithDbAsync(async db =>
        {
            var agency = await db.Agencies.SingleAsync(a => a.Code == "BLI");
            var a = NewDataset(agency.Id, "甲節點寫入的資料集");
            var b = NewDataset(agency.Id, "乙節點寫入的資料集");
            db.Datasets.AddRange(a, b);
            await db.SaveChangesAsync();
            // Their changes come below, numbered by the test.
            await db.CatalogChanges.Where(c => c.DatasetId == a.Id || c.DatasetId == b.Id).ExecuteDeleteAsync();
            return (a.Id, b.Id);
        });
        await follower.CatchUpAsync(CancellationToken.None);
        var start = follower.Position;
        Assert.Equal(0, Found("甲節點寫入"));

        await AddChangeAsync(start + 2, first);
        await follower.CatchUpAsync(CancellationToken.None);
        Assert.Equal(1, Found("甲節點寫入"));
        Assert.Equal(start, follower.Position);

        // The earlier number commits: both are applied, the position moves past both.
        await AddChangeAsync(start + 1, second);
        await follower.CatchUpAsync(CancellationToken.None);
        Assert.Equal(1, Found("乙節點寫入"));
        Assert.Equal(start + 2, follower.Position);

        // A hole that stays (a write rolled back) is passed once the gap wait is over.
        await AddChangeAsync(start + 4, first);
        await follower.CatchUpAsync(CancellationToken.None);
        Assert.Equal(start + 2, follower.Position);
        _app.Clock.Advance(TimeSpan.FromSeconds(11));
        await follower.CatchUpAsync(CancellationToken.None);
        Assert.Equal(start + 4, follower.Position);
        Assert.Equal(start + 4, long.Parse(await File.ReadAllTextAsync(Path.Combine(_app.DataDirectory, "index", "changes-applied")),
            System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Holes_are_waited_for_together_and_changes_past_them_are_read_meanwhile()
    {
        var follower = _app.Services.GetRequiredService<CatalogChangeFollower>();
        var (before, after) = await _app.WithDbAsync(async db =>
        {
            var agency = await db.Agencies.SingleAsync(a => a.Code == "BLI");
            var a = NewDataset(agency.Id, "洞前寫入的資料集");
            var b = NewDataset(agency.Id, "洞後寫入的資料集");
            db.Datasets.AddRange(a, b);
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        });
        await follower.CatchUpAsync(CancellationToken.None);
        var start = follower.Position;

        // Three writes rolled back (a unique index refused them), each below one that committed: one wait passes all three.
        await AddChangesAsync(before, start + 2, start + 4, start + 6);
        await follower.CatchUpAsync(CancellationToken.None);
        Assert.Equal(1, Found("洞前寫入"));
        Assert.Equal(start, follower.Position);
        _app.Clock.Advance(TimeSpan.FromSeconds(11));
        await follower.CatchUpAsync(CancellationToken.None);
        Assert.Equal(start + 6, follower.Position);

        // Above a new hole, more changes than one read takes, then another node's write: it is found without waiting
        // for the hole to be passed.
        await AddChangesAsync(before, [.. Enumerable.Range(0, CatalogChangeFollower.BatchSize).Select(i => start + 8 + i)]);
        await AddChangesAsync(after, start + 8 + CatalogChangeFollower.BatchSize);
        await follower.CatchUpAsync(CancellationToken.None);
        Assert.Equal(1, Found("洞後寫入"));
        Assert.Equal(start + 6, follower.Position);
    }

    [Fact]
    public async Task A_write_through_the_app_records_its_dataset_in_the_same_save()
    {
        using var officer = await _app.WithTokenAsync("bli-officer");
        var name = await officer.CreateDraftAsync("BLI", "變更紀錄測試");
        var recorded = await _app.WithDbAsync(async db =>
        {
            var id = await db.Datasets.Where(d => d.Name == name).Select(d => d.Id).SingleAsync();
            return await db.CatalogChanges.Where(c => c.DatasetId == id).ToListAsync();
        });
        var change = Assert.Single(recorded);
        Assert.Equal(_app.Services.GetRequiredService<NodeIdentity>().Id, change.Node);
        // The request indexed it: the follower passes over it rather than indexing it again.
        Assert.True(_app.Services.GetRequiredService<OwnIndexedChanges>().Take(change.Id, _app.Services.GetRequiredService<CatalogIndex>().Generation));
    }

    [Fact]
    public void A_write_indexed_before_the_index_was_opened_again_on_its_last_commit_is_not_passed_over()
    {
        var own = new OwnIndexedChanges();
        own.Add(41, generation: 0);
        own.Add(42, generation: 0);
        Assert.True(own.Take(41, generation: 0));
        // Reopened since: the write may be gone from the index, so the follower applies it again.
        Assert.False(own.Take(42, generation: 1));
        Assert.False(own.Take(42, generation: 0));
    }

    [Fact]
    public async Task A_write_of_this_node_that_its_request_has_not_indexed_is_indexed_by_the_follower_and_committed_before_it_is_recorded()
    {
        var follower = _app.Services.GetRequiredService<CatalogChangeFollower>();
        await follower.CatchUpAsync(CancellationToken.None);
        // Saved through this node's context, as a request does, but not indexed: as when the node is killed between
        // the save and the index update, or the follower reads the change before the request indexes it.
        var change = await _app.WithDbAsync(async db =>
        {
            var agency = await db.Agencies.SingleAsync(a => a.Code == "BLI");
            var dataset = NewDataset(agency.Id, "尚未索引的本節點寫入");
            db.Datasets.Add(dataset);
            await db.SaveChangesAsync();
            return await db.CatalogChanges.SingleAsync(c => c.DatasetId == dataset.Id);
        });
        Assert.Equal(_app.Services.GetRequiredService<NodeIdentity>().Id, change.Node);
        Assert.Equal(0, Found("尚未索引的本節點寫入"));

        await follower.CatchUpAsync(CancellationToken.None);

        Assert.Equal(1, Found("尚未索引的本節點寫入"));
        Assert.Equal(change.Id, follower.Position);
        // What the position file claims is on disk: a reader of the last commit, as a restarted node opens, finds it.
        using var directory = Lucene.Net.Store.FSDirectory.Open(Path.Combine(_app.DataDirectory, "index"));
        using var committed = Lucene.Net.Index.DirectoryReader.Open(directory);
        var searcher = new Lucene.Net.Search.IndexSearcher(committed);
        var hits = searcher.Search(new Lucene.Net.Search.TermQuery(
            new Lucene.Net.Index.Term(CatalogSchema.Id, CatalogSchema.FormatId(change.DatasetId!.Value))), 1);
        Assert.Equal(1, hits.TotalHits);
    }

    private int Found(string words) => _app.Services.GetRequiredService<CatalogIndex>().Search(new CatalogQuery { Text = words }).Total;

    private Task<int> AddChangeAsync(long id, Guid dataset) => _app.WithDbAsync(async db =>
    {
        db.CatalogChanges.Add(new CatalogChange { Id = id, DatasetId = dataset, Node = OtherNode, ChangedAt = _app.Clock.GetUtcNow() });
        return await db.SaveChangesAsync();
    });

    private Task<int> AddChangesAsync(Guid dataset, params long[] ids) => _app.WithDbAsync(async db =>
    {
        db.CatalogChanges.AddRange(ids.Select(id => new CatalogChange { Id = id, DatasetId = dataset, Node = OtherNode, ChangedAt = _app.Clock.GetUtcNow() }));
        return await db.SaveChangesAsync();
    });

    private static Dataset NewDataset(int agencyId, string title)
    {
        var id = Guid.NewGuid();
        return new Dataset
        {
            Id = id, Identifier = "T-" + id.ToString("N")[..12], Name = "t-" + id.ToString("N")[..12], Title = title,
            AgencyId = agencyId, Status = DatasetStatus.Published,
        };
    }

    public void Dispose() => _app.Dispose();

    private sealed class FollowerApp : KaifangAppFactory
    {
        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 29, 4, 0, 0, TimeSpan.Zero));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The test reads the record itself, so no timer races it.
            builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kaifang:Search:FollowIntervalMilliseconds"] = "0",
            }));
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }
}
