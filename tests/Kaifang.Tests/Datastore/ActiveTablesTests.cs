using Kaifang.Datastore;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Kaifang.Tests.Datastore;

/// The list of resources with a table is kept in memory, and read again as soon as anyone has written to the file:
/// this process's loader, or another process (the CLI) with its own connection.
public sealed class ActiveTablesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kaifang-active-tables", Guid.NewGuid().ToString("N"));
    private readonly DatastoreDatabase _store;
    private readonly ActiveTables _tables;

    public ActiveTablesTests()
    {
        _store = new DatastoreDatabase(Options.Create(new KaifangOptions { DataDirectory = _dir }));
        _tables = new ActiveTables(_store);
    }

    [Fact]
    public void A_table_written_by_another_connection_is_seen_at_the_next_call_and_nothing_is_read_again_without_one()
    {
        Guid dataset = Guid.NewGuid(), first = Guid.NewGuid(), second = Guid.NewGuid();
        var empty = _tables.Current();
        Assert.False(empty.Has(first));
        Assert.Null(empty.OfDataset(dataset));

        // Another process: a connection of its own, not pooled with this one's.
        Write($"INSERT INTO {DatastoreDatabase.MetaTable} (resource_id, dataset_id, fields, row_count, source_hash, loaded_at) VALUES ('{first:D}', '{dataset:D}', '[]', 0, 'h', '2026-11-30T00:00:00Z')");
        var one = _tables.Current();
        Assert.True(one.Has(first));
        Assert.Equal([first], one.OfDataset(dataset)!);
        Assert.Same(one, _tables.Current());

        Write($"INSERT INTO {DatastoreDatabase.MetaTable} (resource_id, dataset_id, fields, row_count, source_hash, loaded_at) VALUES ('{second:D}', '{dataset:D}', '[]', 0, 'h', '2026-11-30T00:00:00Z')");
        Assert.Equal(new HashSet<Guid> { first, second }, _tables.Current().OfDataset(dataset)!.ToHashSet());

        Write($"DELETE FROM {DatastoreDatabase.MetaTable} WHERE resource_id = '{first:D}'");
        var after = _tables.Current();
        Assert.False(after.Has(first));
        Assert.True(after.Has(second));
        // A snapshot already handed out stays as it was.
        Assert.True(one.Has(first));
    }

    private void Write(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _store.FilePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _tables.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
