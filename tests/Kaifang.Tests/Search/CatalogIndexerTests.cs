using Kaifang.Catalog;
using Kaifang.Search;
using Kaifang.Storage;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Search;

public sealed class CatalogIndexerTests : IDisposable
{
    private readonly KaifangAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Indexing_one_dataset_adds_it_and_removes_it_once_deleted()
    {
        var id = await AddDatasetAsync("勞工保險投保薪資分級表", "BLI", "CSV", "json", "CSV");

        await WithIndexerAsync(i => i.IndexDatasetAsync(id));

        var hit = Assert.Single(Index.Search(new CatalogQuery { Text = "投保薪資" }).Hits);
        Assert.Equal(id, hit.Id);
        Assert.Equal("BLI", hit.AgencyCode);
        Assert.Equal(["CSV", "JSON"], hit.Formats);

        await _app.WithDbAsync(db => db.Datasets.Where(d => d.Id == id).ExecuteDeleteAsync());
        await WithIndexerAsync(i => i.IndexDatasetAsync(id));

        Assert.Equal(0, Index.Search(new CatalogQuery { Text = "投保薪資" }).Total);
    }

    [Fact]
    public async Task Rebuild_indexes_every_dataset_across_batches()
    {
        var count = CatalogIndexer.BatchSize + 5;
        await _app.WithDbAsync(async db =>
        {
            var agency = await db.Agencies.SingleAsync(a => a.Code == "BLI");
            for (var i = 0; i < count; i++)
            {
                db.Datasets.Add(NewDataset(agency.Id, agency.OrganisationCode, i, $"資料集{i}", i % 2 == 0 ? "CSV" : "XML"));
            }
            return await db.SaveChangesAsync();
        });
        var reported = new List<int>();

        var indexed = await FromIndexerAsync(i => i.RebuildAsync(new SynchronousProgress(reported), CancellationToken.None));

        Assert.Equal(count, indexed);
        Assert.Equal(count, Index.Count);
        Assert.Equal([CatalogIndexer.BatchSize, count], reported);
        var formats = Index.Search(new CatalogQuery { Limit = 0 }).Facets[Facets.Format];
        Assert.Equal([new("CSV", (count + 1) / 2), new("XML", count / 2)], formats);
    }

    [Fact]
    public async Task The_index_is_stale_when_it_holds_another_number_of_datasets_than_the_database()
    {
        await AddDatasetAsync("職業訓練課程", "WDA", "CSV");
        await WithIndexerAsync(i => i.RebuildAsync(null, CancellationToken.None));
        Assert.False(await FromIndexerAsync(i => i.IsStaleAsync(CancellationToken.None)));

        Index.Rebuild([]);
        Assert.True(await FromIndexerAsync(i => i.IsStaleAsync(CancellationToken.None)));
        await WithIndexerAsync(i => i.RebuildAsync(null, CancellationToken.None));
        Assert.Equal(1, Index.Search(new CatalogQuery { Text = "職業訓練" }).Total);
    }

    private CatalogIndex Index => _app.Services.GetRequiredService<CatalogIndex>();

    private async Task<T> FromIndexerAsync<T>(Func<CatalogIndexer, Task<T>> action)
    {
        using var scope = _app.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<CatalogIndexer>());
    }

    private async Task WithIndexerAsync(Func<CatalogIndexer, Task> action)
    {
        using var scope = _app.Services.CreateScope();
        await action(scope.ServiceProvider.GetRequiredService<CatalogIndexer>());
    }

    private Task<Guid> AddDatasetAsync(string title, string agencyCode, params string[] formats) =>
        _app.WithDbAsync(async db =>
        {
            var agency = await db.Agencies.SingleAsync(a => a.Code == agencyCode);
            var dataset = NewDataset(agency.Id, agency.OrganisationCode, 1, title, formats);
            db.Datasets.Add(dataset);
            await db.SaveChangesAsync();
            return dataset.Id;
        });

    private static Dataset NewDataset(int agencyId, string organisationCode, int serial, string title, params string[] formats)
    {
        var identifier = $"{organisationCode}-{serial:000000}";
        var dataset = new Dataset
        {
            Id = Guid.NewGuid(),
            Identifier = identifier,
            Name = $"{organisationCode.ToLowerInvariant()}-{serial}",
            Title = title,
            AgencyId = agencyId,
            Status = DatasetStatus.Published,
            MetadataModifiedAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(serial),
        };
        for (var i = 0; i < formats.Length; i++)
        {
            dataset.Resources.Add(new Resource
            {
                Id = Guid.NewGuid(),
                Identifier = $"{identifier}-{i + 1:000}",
                Position = i,
                Name = formats[i],
                Format = formats[i],
            });
        }
        return dataset;
    }

    /// Progress<T> posts to the thread pool; the test wants the reports in order, at once.
    private sealed class SynchronousProgress(List<int> into) : IProgress<int>
    {
        public void Report(int value) => into.Add(value);
    }
}
