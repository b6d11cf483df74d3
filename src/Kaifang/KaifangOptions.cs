namespace Kaifang;

/// Settings bound from the "Kaifang" configuration section.
public sealed class KaifangOptions
{
    public const string Section = "Kaifang";

    /// Where the embedded database, search index and files live. Relative paths are taken from the working directory.
    public string DataDirectory { get; set; } = "data";

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

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
    public string IndexDirectory => Path.Combine(FullDataDirectory, "index");
    public string FilesDirectory => Path.Combine(FullDataDirectory, "files");

    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString)
            ? $"Data Source={Path.Combine(FullDataDirectory, "kaifang.db")}"
            : ConnectionString;
}
