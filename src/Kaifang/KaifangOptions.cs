namespace Kaifang;

/// Settings bound from the "Kaifang" configuration section.
public sealed class KaifangOptions
{
    public const string Section = "Kaifang";

    /// Where the embedded database, search index and files live. Relative paths are taken from the working directory.
    public string DataDirectory { get; set; } = "data";

    /// Where what every node of an installation must see lives: uploaded and published files (files/) and the keys that
    /// protect sign-in cookies, antiforgery tokens and stored secrets (keys/). Empty means the data directory; with
    /// several web nodes, a directory they all mount (docs/operations.md). The data directory then keeps only what is
    /// each node's own: its search index and DataStore.
    public string? SharedDirectory { get; set; }

    /// Which database holds the catalog and everything else: <see cref="DatabaseProvider.Sqlite"/> (a file in the
    /// data directory unless <see cref="ConnectionString"/> says otherwise) or <see cref="DatabaseProvider.PostgreSql"/>
    /// (needs <see cref="ConnectionString"/>). docs/operations.md tells how to run on PostgreSQL.
    public DatabaseProvider DatabaseProvider { get; set; } = DatabaseProvider.Sqlite;

    /// The connection string; empty means an SQLite file in the data directory.
    public string? ConnectionString { get; set; }

    /// The public base URL, used in links written into exported metadata.
    public string? PublicBaseUrl { get; set; }

    /// Largest upload accepted, in bytes.
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// File extensions accepted for upload.
    public List<string> AllowedUploadExtensions { get; set; } =
        [".csv", ".json", ".xml", ".xls", ".xlsx", ".ods", ".odt", ".pdf", ".txt", ".zip", ".geojson", ".kml", ".rdf", ".ttl", ".jsonld", ".shp", ".doc", ".docx"];

    /// Seed the demo catalog when the database is created.
    public bool SeedDemoCatalog { get; set; } = true;

    /// A fixed password for the seeded staff accounts (tests and demos); empty means random ones, printed once.
    public string? SeedStaffPassword { get; set; }

    /// Reverse proxies (addresses, or networks in CIDR form such as 10.0.0.0/8) whose X-Forwarded-For and
    /// X-Forwarded-Proto headers are believed, so that a visitor's own address is seen (rate limits on
    /// comments, logs). Empty: the address of the connection is the visitor's.
    public List<string> TrustedProxies { get; set; } = [];

    /// How long one request to a harvest source may take before the run fails as "did not answer".
    public int HarvestRequestTimeoutSeconds { get; set; } = 60;

    /// Work done by one node at a time (a harvest, sending to the national platform, checking every link) is claimed
    /// in the database; a claim whose node has not been heard from for this long is taken as abandoned.
    public int ClaimTimeoutSeconds { get; set; } = 120;

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
    public string IndexDirectory => Path.Combine(FullDataDirectory, "index");
    public string FullSharedDirectory => string.IsNullOrWhiteSpace(SharedDirectory) ? FullDataDirectory : Path.GetFullPath(SharedDirectory);
    public string FilesDirectory => Path.Combine(FullSharedDirectory, "files");
    public string KeysDirectory => Path.Combine(FullSharedDirectory, "keys");

    public string EffectiveConnectionString =>
        !string.IsNullOrWhiteSpace(ConnectionString) ? ConnectionString
        : DatabaseProvider == DatabaseProvider.Sqlite ? $"Data Source={Path.Combine(FullDataDirectory, "kaifang.db")}"
        : throw new InvalidOperationException(
            "Kaifang:DatabaseProvider is PostgreSql but Kaifang:ConnectionString is empty. Set it, for example "
            + "Kaifang__ConnectionString=\"Host=db.example;Database=kaifang;Username=kaifang;Password=…\".");
}

/// The databases Kaifang runs on; each has its own migrations, kept in step (Storage/Migrations).
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
