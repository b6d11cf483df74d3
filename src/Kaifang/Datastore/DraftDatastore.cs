using Kaifang.Storage;
using Microsoft.Extensions.Options;

namespace Kaifang.Datastore;

/// The tables of draft datasets, for staff to preview through datastore_search before they publish
/// (docs/datastore.md, "Drafts"). A second DataStore file, datastore-drafts.db, loaded and queried by
/// the same code as the published one, so that datastore_search_sql, which opens only datastore.db,
/// can never read a draft. Publishing loads the dataset's tables into datastore.db and drops them here.
public sealed class DraftDatastore : IDisposable
{
    public const string FileName = "datastore-drafts.db";

    public DraftDatastore(IOptions<KaifangOptions> options, FileStore files, TimeProvider time)
    {
        Database = new DatastoreDatabase(options, FileName);
        Loader = new DatastoreLoader(Database, files, time);
        Queries = new DatastoreQueries(Database);
    }

    public DatastoreDatabase Database { get; }
    public DatastoreLoader Loader { get; }
    public DatastoreQueries Queries { get; }

    public void Dispose() => Queries.Dispose();
}
