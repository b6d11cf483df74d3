using System.Text.RegularExpressions;
using Kaifang.Catalog;
using Kaifang.Datastore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Cli;

public sealed partial class DatastoreCommandsTests : IDisposable
{
    private readonly CliRun _cli = new() { SeedDemoCatalog = true };

    [Fact]
    public async Task Load_brings_every_published_table_of_the_demo_catalog_in_and_then_has_nothing_to_do()
    {
        var (exit, output) = await _cli.RunAsync("datastore", "load");
        Assert.True(exit == 0, output);

        int expected;
        string name;
        await using (var db = _cli.OpenDb())
        {
            var resources = await db.Resources.Where(r => r.Dataset!.Status == DatasetStatus.Published && r.FileHash != null).Select(r => r.Format).ToListAsync();
            expected = resources.Count(TabularFile.CanLoad);
            name = await db.Datasets.Where(d => d.Status == DatasetStatus.Published && d.Resources.Any(r => r.Format == "CSV")).OrderBy(d => d.Name).Select(d => d.Name).FirstAsync();
        }
        Assert.True(expected > 100, $"Only {expected} tabular resources in the demo catalog.");
        Assert.Equal(expected, Loaded(output));
        Assert.Contains("0 failed", output, StringComparison.Ordinal);
        Assert.Equal(expected, CountTables());

        var (_, again) = await _cli.RunAsync("datastore", "load");
        Assert.Equal(0, Loaded(again));

        var (one, reloaded) = await _cli.RunAsync("datastore", "load", "--dataset", name);
        Assert.Equal(0, one);
        Assert.True(Loaded(reloaded) >= 1, reloaded);
        Assert.Equal(expected, CountTables());

        var (missing, message) = await _cli.RunAsync("datastore", "load", "--dataset", "no-such-dataset");
        Assert.Equal(1, missing);
        Assert.Contains("No dataset named no-such-dataset", message, StringComparison.Ordinal);
    }

    private int CountTables()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_cli.DataDirectory, "datastore.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM _datastore_tables";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int Loaded(string output)
    {
        var m = SummaryLine().Match(output);
        Assert.True(m.Success, output);
        return int.Parse(m.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"DataStore: ([\d,]+) tables")]
    private static partial Regex SummaryLine();

    public void Dispose() => _cli.Dispose();
}
