namespace Kaifang.Interop.NationalSync;

/// How one agency publishes to the national platform: where, with which key, and whether at all.
/// Saved by the ministry's administrators; the key is kept encrypted with ASP.NET Core Data Protection.
public sealed class NationalSyncAgency
{
    public int AgencyId { get; set; }

    /// The platform's root, e.g. https://data.gov.tw; the dataset API lies below it at /api/v2/rest/dataset.
    public required string BaseUrl { get; set; }

    /// The API key the platform issued to the agency, protected; null when none was given.
    public string? ProtectedApiKey { get; set; }

    /// The key's last four characters, to tell keys apart without showing them.
    public string? ApiKeyHint { get; set; }

    public bool Enabled { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}
