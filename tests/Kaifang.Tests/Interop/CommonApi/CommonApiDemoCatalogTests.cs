using System.Globalization;
using System.Text.RegularExpressions;
using Kaifang.Catalog;
using Kaifang.Tests.Datastore;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Interop.CommonApi;

/// A client written only from the standard walks the whole demo catalog: every dataset id, every
/// dataset's metadata, and every resource's rows, and finds each answer consistent with the others.
public sealed partial class CommonApiDemoCatalogTests(DemoCatalogAppFactory app) : IClassFixture<DemoCatalogAppFactory>
{
    [Fact]
    public async Task The_standard_client_walks_every_dataset_and_resource_of_the_demo_catalog()
    {
        await app.WaitForDatastoreAsync();
        var client = new OdServiceClient(app.CreateClient());
        var published = await app.WithDbAsync(db => db.Datasets.Where(d => d.Status == DatasetStatus.Published).Select(d => d.Identifier).ToListAsync());
        var unpublished = await app.WithDbAsync(db => db.Datasets.Where(d => d.Status != DatasetStatus.Published).Select(d => d.Identifier).ToListAsync());
        Assert.True(published.Count > 200, $"{published.Count} published demo datasets");
        Assert.NotEmpty(unpublished);

        var ids = await client.AllDatasetIdsAsync();
        Assert.Equal(published.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var tables = 0;
        foreach (var id in ids)
        {
            var dataset = await client.DatasetAsync(id);
            Assert.Equal(id, dataset.DatasetId);
            Assert.StartsWith(dataset.PublisherOrgCode + "-", id, StringComparison.Ordinal);
            Assert.Matches(OidAndName(), dataset.PublisherOid);
            Assert.Matches(Timestamp(), dataset.ModifiedDate);
            Assert.Matches(Timestamp(), dataset.PublishedDate);
            Assert.True(string.CompareOrdinal(dataset.ModifiedDate, dataset.PublishedDate) >= 0, $"{id}: modified {dataset.ModifiedDate} before published {dataset.PublishedDate}");
            Assert.NotNull(ServiceCategories.Find(dataset.CategoryService));
            Assert.Contains(dataset.UpdateFrequency.RegularUpdate, new[] { "0", "1" });
            Assert.NotEmpty(dataset.Distribution);
            for (var i = 0; i < dataset.Distribution.Count; i++)
            {
                var resource = dataset.Distribution[i];
                Assert.Equal($"{id}-{i + 1:000}", resource.ResourceId);
                Assert.Matches(Timestamp(), resource.ResourceModified);
                Assert.True(Uri.IsWellFormedUriString(resource.ResourceDownloadUrl, UriKind.Absolute), resource.ResourceDownloadUrl);
                if (resource.ResourceFormat is "CSV" or "JSON" or "XLSX")
                {
                    // Every demo table is loaded, so its row count is known and is what the DataStore holds.
                    Assert.NotNull(resource.ResourceAmount);
                    var rows = await client.DatastoreAsync(resource.ResourceId, limit: 2);
                    Assert.True(rows.Success);
                    Assert.Equal(resource.ResourceId, rows.Result.ResourceId);
                    Assert.Equal(long.Parse(resource.ResourceAmount, CultureInfo.InvariantCulture), rows.Result.Total);
                    Assert.Equal(Math.Min(2, rows.Result.Total), rows.Result.Records.Count);
                    Assert.Equal(resource.ResourceModified, rows.UpdateTime);
                    Assert.Equal("_id", rows.Result.Fields[0].Id);
                    Assert.Equal(resource.ResourceField, string.Join(",", rows.Result.Fields.Skip(1).Select(f => f.Id)));
                    Assert.All(rows.Result.Records, r => Assert.Equal(rows.Result.Fields.Select(f => f.Id), r.Keys));
                    tables++;
                }
                else
                {
                    Assert.Null(resource.ResourceAmount);
                    var refused = await Assert.ThrowsAsync<OdServiceException>(() => client.DatastoreAsync(resource.ResourceId));
                    Assert.Equal("ER0100", refused.Type);
                }
            }
        }
        Assert.True(tables > ids.Count, $"{tables} tables read");

        foreach (var id in unpublished.Take(5))
        {
            var refused = await Assert.ThrowsAsync<OdServiceException>(() => client.DatasetAsync(id));
            Assert.Equal("ER0100", refused.Type);
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^2\.16\.886\.101\.20003\.20063(\.\d+)?\|勞動部")]
    private static partial Regex OidAndName();
}
