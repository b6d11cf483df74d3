using System.Text;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Datastore;

/// The app with one published dataset whose CSV (DatastoreTestData.WageCsv, 30 rows) is loaded in the DataStore.
public sealed class WageTableAppFactory : KaifangAppFactory, IAsyncLifetime
{
    public string DatasetName { get; private set; } = "";
    public Guid WageResource { get; private set; }

    public async Task InitializeAsync()
    {
        var officer = await this.WithTokenAsync("bli-officer");
        var (name, ids) = await this.PublishWithFilesAsync(officer, "職類別薪資調查", DatastoreTestData.WageFields,
            ("wages.csv", Encoding.UTF8.GetBytes(DatastoreTestData.WageCsv())));
        DatasetName = name;
        WageResource = ids[0];
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
