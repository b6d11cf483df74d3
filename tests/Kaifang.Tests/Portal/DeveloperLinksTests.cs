using System.Net;
using System.Text;
using Kaifang.Tests.Datastore;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Portal;

/// A dataset page tells developers where its metadata and rows are, and every address it gives answers.
public sealed class DeveloperLinksTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>
{
    [Fact]
    public async Task The_dataset_page_links_every_machine_form_and_the_queryable_rows()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var (name, resources) = await app.PublishWithFilesAsync(officer, "各縣市平均薪資", DatastoreTestData.WageFields,
            ("wages.csv", Encoding.UTF8.GetBytes(DatastoreTestData.WageCsv())));

        var client = app.CreateClient();
        var page = await client.GetStringAsync($"/datasets/{name}");
        string[] links =
        [
            $"/api/3/action/package_show?id={name}",
            $"/dataset/{name}.ttl",
            $"/dataset/{name}.rdf",
            $"/dataset/{name}.jsonld",
            $"/dataset/{name}/datapackage.json",
            $"/api/v1/national/datasets/{name}.json",
            $"/api/v1/datastore/{resources[0]}",
            $"/api/v1/datastore/{resources[0]}.csv",
            $"/api/3/action/datastore_search?resource_id={resources[0]}",
        ];
        foreach (var link in links)
        {
            Assert.Contains($"href=\"{link}\"", page);
            var response = await client.GetAsync(link);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link} answered {response.StatusCode}");
        }
    }
}
