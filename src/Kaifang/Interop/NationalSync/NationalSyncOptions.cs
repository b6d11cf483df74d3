namespace Kaifang.Interop.NationalSync;

/// Settings of publishing to the national platform, bound from "Kaifang:NationalSync" (docs/national-sync.md).
public sealed class NationalSyncOptions
{
    public const string Section = "Kaifang:NationalSync";

    /// How often the queue is looked at and due items are sent, in minutes; 0 turns the schedule off
    /// (runs then happen only through "sync now", the API or `kaifang national sync`).
    public int IntervalMinutes { get; set; } = 10;

    /// Attempts of one change before it is marked failed and the agency's administrators are told.
    public int MaxAttempts { get; set; } = 6;

    /// The wait after the first failed attempt; each further failure doubles it, up to <see cref="RetryMaxSeconds"/>.
    public int RetryBaseSeconds { get; set; } = 60;

    public int RetryMaxSeconds { get; set; } = 6 * 60 * 60;

    /// How long one request to the national platform may take.
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// The national platform's address when an agency's configuration names none.
    public string DefaultBaseUrl { get; set; } = "https://data.gov.tw";

    /// Configuration by agency code, for installations set up from files or environment variables
    /// (Kaifang__NationalSync__Agencies__BLI__ApiKey). What is saved in the back office wins.
    public Dictionary<string, NationalSyncAgencySetting> Agencies { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class NationalSyncAgencySetting
{
    public string? BaseUrl { get; set; }
    public string? ApiKey { get; set; }
    public bool Enabled { get; set; } = true;
}
