namespace Kaifang.Quality;

/// Settings of the quality checks, bound from "Kaifang:Quality" (docs/quality.md lists them).
public sealed class QualityOptions
{
    public const string Section = "Kaifang:Quality";

    /// Requests in flight at once across all hosts.
    public int TotalConcurrency { get; set; } = 64;

    /// Requests in flight at once to one host (scheme, name and port), so that no agency's server is flooded.
    public int PerHostConcurrency { get; set; } = 2;

    /// How long a slot for a host waits after a request before it asks that host again.
    public int PolitenessDelayMilliseconds { get; set; } = 100;

    /// How long one request may take, answer headers and the bytes read included.
    public int TimeoutSeconds { get; set; } = 30;

    /// Redirects followed before a link counts as failed; every hop is recorded.
    public int MaxRedirects { get; set; } = 5;

    /// Further attempts after a timeout, a 5xx or 429 answer or a failed connection.
    public int Retries { get; set; } = 2;

    /// The wait before the first retry; each further retry waits twice as long.
    public int RetryBackoffMilliseconds { get; set; } = 1000;

    /// How much of the body a GET reads and hashes (SHA-256). 0: HEAD only, unless HEAD is refused.
    public int HashBytes { get; set; } = 64 * 1024;

    /// Links a run reads from the database at a time; a run holds at most two pages being checked and one being read,
    /// so its memory does not grow with the catalog.
    public int PageSize { get; set; } = 10_000;

    /// The broken rule: a link is broken after this many failed checks in a row ...
    public int BrokenAfterFailures { get; set; } = 3;

    /// ... that lie at least this many hours apart, first to last (docs/quality.md).
    public double BrokenAfterHours { get; set; } = 24;

    /// History rows kept per resource; older ones are removed after each run.
    public int HistoryPerResource { get; set; } = 20;

    /// Networks (CIDR) the checker may reach although they are private, loopback or link-local,
    /// e.g. "10.20.0.0/16" for an agency's intranet server. Empty by default: only public addresses.
    public List<string> AllowedNetworks { get; set; } = [];

    /// When every link is checked: a Quartz cron expression in Taiwan time; empty for on demand only.
    public string Schedule { get; set; } = "0 0 3 * * ?";

    /// When the quarterly check is taken, for the quarter just ended: a Quartz cron expression in Taiwan time
    /// (01:00 on the first day of each quarter); empty to take it by hand only. A quarter ended without its
    /// check (Kaifang was down) is taken when Kaifang starts.
    public string QuarterlyCheckSchedule { get; set; } = "0 0 1 1 1,4,7,10 ?";

    /// When each dataset contact gets the weekly digest of their datasets' faults (Taiwan time, Monday 08:00); empty for none.
    public string DigestSchedule { get; set; } = "0 0 8 ? * MON";

    /// The user agent the checker sends, so that agencies can tell its requests in their logs.
    public string UserAgent { get; set; } = "Kaifang-LinkChecker/1.0";

    /// The freshness rule: a dataset is late once one declared period plus this share of it (10%) has passed
    /// since its data last changed (docs/quality.md).
    public double FreshnessGracePercent { get; set; } = 10;

    /// A dataset updated "in real time" (即時) is late when its data has not changed for this long.
    public double RealTimeMaxAgeHours { get; set; } = 24;

    public FreshnessRule Freshness => new(FreshnessGracePercent / 100.0, TimeSpan.FromHours(RealTimeMaxAgeHours));

    public BrokenLinkRule BrokenRule => new(BrokenAfterFailures, TimeSpan.FromHours(BrokenAfterHours));

    /// What is wrong with the settings, each named; empty when they are usable.
    public IEnumerable<string> Problems()
    {
        (bool Wrong, string Message)[] checks =
        [
            (TotalConcurrency < 1, "Kaifang:Quality:TotalConcurrency is at least 1."),
            (PerHostConcurrency < 1, "Kaifang:Quality:PerHostConcurrency is at least 1."),
            (PolitenessDelayMilliseconds < 0, "Kaifang:Quality:PolitenessDelayMilliseconds cannot be negative."),
            (TimeoutSeconds < 1, "Kaifang:Quality:TimeoutSeconds is at least 1."),
            (MaxRedirects < 0, "Kaifang:Quality:MaxRedirects cannot be negative."),
            (Retries < 0, "Kaifang:Quality:Retries cannot be negative."),
            (PageSize < 1, "Kaifang:Quality:PageSize is at least 1."),
            (RetryBackoffMilliseconds < 0, "Kaifang:Quality:RetryBackoffMilliseconds cannot be negative."),
            (HashBytes < 0, "Kaifang:Quality:HashBytes cannot be negative (0 means HEAD only)."),
            (BrokenAfterFailures < 1, "Kaifang:Quality:BrokenAfterFailures is at least 1."),
            (BrokenAfterHours < 0, "Kaifang:Quality:BrokenAfterHours cannot be negative."),
            (HistoryPerResource < 1, "Kaifang:Quality:HistoryPerResource is at least 1."),
        ];
        return checks.Where(c => c.Wrong).Select(c => c.Message);
    }
}

/// Settings out of range stop their first use with every problem named.
internal sealed class QualityOptionsValidation : Microsoft.Extensions.Options.IValidateOptions<QualityOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, QualityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems);
    }
}
