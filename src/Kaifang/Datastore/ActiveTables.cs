using Microsoft.Data.Sqlite;

namespace Kaifang.Datastore;

/// Which resources have a DataStore table, kept in memory and read again only when the file has changed.
/// Every package dict says whether each of its resources has a table (datastore_active): a package_search
/// of twenty datasets asked the meta table every time, a connection and a query for every call. SQLite's
/// `PRAGMA data_version` changes on a connection whenever another connection, in this process or in another
/// (the CLI's `kaifang datastore load`), has committed to the file: asked on one connection kept for it,
/// a few microseconds, it says when the list must be read again, so nothing is ever answered stale.
internal sealed class ActiveTables(DatastoreDatabase store) : IDisposable
{
    private readonly Lock _lock = new();
    private SqliteConnection? _watch;
    private long _version = long.MinValue;
    private Snapshot _current = Snapshot.Empty;

    /// The tables as the file holds them now. While another call is asking the file, this one answers with the tables as
    /// they were when that call began, microseconds ago, rather than queue behind it: under load, calls that waited for
    /// each other here spun on the two cores the searches need.
    public Snapshot Current()
    {
        if (!_lock.TryEnter())
        {
            return Volatile.Read(ref _current);
        }
        try
        {
            _watch ??= store.OpenRead(pooled: false);
            using var command = _watch.CreateCommand();
            command.CommandText = "PRAGMA data_version";
            var version = (long)command.ExecuteScalar()!;
            if (version != _version)
            {
                // Read after the version: a commit in between changes the version again, and the next call reads again.
                Volatile.Write(ref _current, Read(_watch));
                _version = version;
            }
            return _current;
        }
        finally
        {
            _lock.Exit();
        }
    }

    private static Snapshot Read(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT resource_id, dataset_id FROM {DatastoreDatabase.MetaTable}";
        using var reader = command.ExecuteReader();
        var byResource = new Dictionary<Guid, Guid>();
        var byDataset = new Dictionary<Guid, HashSet<Guid>>();
        while (reader.Read())
        {
            var resource = Guid.Parse(reader.GetString(0));
            var dataset = Guid.Parse(reader.GetString(1));
            byResource[resource] = dataset;
            if (!byDataset.TryGetValue(dataset, out var set))
            {
                byDataset[dataset] = set = [];
            }
            set.Add(resource);
        }
        return new Snapshot(byResource, byDataset.ToDictionary(kv => kv.Key, kv => (IReadOnlySet<Guid>)kv.Value));
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _watch?.Dispose();
            _watch = null;
        }
    }

    /// The tables at one moment: never changed once made, so callers may keep using it.
    public sealed class Snapshot(IReadOnlyDictionary<Guid, Guid> datasetOfResource, IReadOnlyDictionary<Guid, IReadOnlySet<Guid>> resourcesOfDataset)
    {
        public static readonly Snapshot Empty = new(new Dictionary<Guid, Guid>(), new Dictionary<Guid, IReadOnlySet<Guid>>());

        public bool Has(Guid resourceId) => datasetOfResource.ContainsKey(resourceId);

        /// The resources of this dataset that have a table, or null when none has.
        public IReadOnlySet<Guid>? OfDataset(Guid datasetId) => resourcesOfDataset.GetValueOrDefault(datasetId);
    }
}
