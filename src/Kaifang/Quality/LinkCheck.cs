namespace Kaifang.Quality;

/// The current state of one resource's link (錯誤連結 checks, ACTION-PLAN S14.3): the last check's
/// answer and the history that decides whether it is broken. A link that failed once is failing,
/// not yet broken; see <see cref="BrokenLinkRule"/>.
public sealed class LinkCheck
{
    public Guid ResourceId { get; set; }
    public Guid DatasetId { get; set; }

    /// The address checked: the resource's URL, or for an uploaded file its place in the file store.
    public required string Url { get; set; }

    public DateTimeOffset LastCheckedAt { get; set; }
    public LinkStatus LastStatus { get; set; }

    /// Why the last check failed or was refused; null when it succeeded.
    public LinkFailure? Failure { get; set; }

    /// The last failure in words (English, as the remote side or the network said it); never shown to the public.
    public string? Error { get; set; }

    /// Something odd about a link that works, e.g. a content type that does not fit the format.
    public string? Warning { get; set; }

    public int? HttpStatus { get; set; }
    public string? ContentType { get; set; }
    public long? Size { get; set; }

    /// SHA-256 (hex) of the bytes a GET read, at most Kaifang:Quality:HashBytes of them (see HashedBytes).
    public string? ContentHash { get; set; }
    public long? HashedBytes { get; set; }

    /// The redirects followed, one hop a line: "301 https://…".
    public string? RedirectChain { get; set; }

    public DateTimeOffset? FirstFailureAt { get; set; }
    public int ConsecutiveFailures { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }

    /// What the content was at the last check that read it (sniffed, not declared), and for RDF
    /// whether it links to other data: the inputs of the star rating.
    public SniffedFormat? Content { get; set; }
    public bool? LinksToOtherData { get; set; }

    /// The encoding of text content at the last check that read it.
    public string? ContentEncoding { get; set; }

    /// Whether the broken rule held at the last check.
    public bool IsBroken { get; set; }

    /// Takes in the result of one check made at <paramref name="at"/>: a success resets the run of failures.
    public void Record(LinkProbe probe, DateTimeOffset at, BrokenLinkRule rule)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(rule);
        Url = probe.Url;
        LastCheckedAt = at;
        LastStatus = probe.Status;
        Failure = probe.Failure;
        Error = probe.Error;
        Warning = probe.Warning;
        HttpStatus = probe.HttpStatus;
        ContentType = probe.ContentType;
        Size = probe.Size;
        ContentHash = probe.ContentHash;
        HashedBytes = probe.HashedBytes;
        RedirectChain = probe.RedirectChain;
        if (probe.Content is not null)
        {
            Content = probe.Content;
            LinksToOtherData = probe.LinksToOtherData;
            ContentEncoding = probe.ContentEncoding;
        }
        if (probe.Status == LinkStatus.Ok)
        {
            LastSuccessAt = at;
            FirstFailureAt = null;
            ConsecutiveFailures = 0;
        }
        else
        {
            FirstFailureAt ??= at;
            ConsecutiveFailures++;
        }
        IsBroken = rule.IsBroken(ConsecutiveFailures, FirstFailureAt, at);
    }
}

/// One check of one resource, kept as history (the last Kaifang:Quality:HistoryPerResource of them).
public sealed class LinkCheckResult
{
    public long Id { get; set; }
    public Guid ResourceId { get; set; }
    public DateTimeOffset CheckedAt { get; set; }
    public required string Url { get; set; }
    public LinkStatus Status { get; set; }
    public LinkFailure? Failure { get; set; }
    public string? Error { get; set; }
    public string? Warning { get; set; }
    public int? HttpStatus { get; set; }
    public string? ContentType { get; set; }
    public long? Size { get; set; }
    public string? ContentHash { get; set; }
    public string? RedirectChain { get; set; }

    /// Requests made for this check, retries and redirects included.
    public int Requests { get; set; }
    public int DurationMilliseconds { get; set; }

    public static LinkCheckResult Of(Guid resourceId, LinkProbe probe, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return new LinkCheckResult
        {
            ResourceId = resourceId,
            CheckedAt = at,
            Url = probe.Url,
            Status = probe.Status,
            Failure = probe.Failure,
            Error = probe.Error,
            Warning = probe.Warning,
            HttpStatus = probe.HttpStatus,
            ContentType = probe.ContentType,
            Size = probe.Size,
            ContentHash = probe.ContentHash,
            RedirectChain = probe.RedirectChain,
            Requests = probe.Requests,
            DurationMilliseconds = (int)Math.Min(int.MaxValue, probe.Duration.TotalMilliseconds),
        };
    }
}

public enum LinkStatus
{
    /// The link answered 2xx with data (after redirects within the limit).
    Ok = 0,
    /// The link did not work: an error answer, no answer, too many redirects, an HTML page instead of data, a missing file.
    Failed = 1,
    /// The checker would not connect: the address (or a redirect's) is in a network it must not reach.
    Refused = 2,
}

public enum LinkFailure
{
    /// The answer was an HTTP error (4xx, 5xx).
    HttpError = 0,
    /// No answer within the time limit.
    Timeout = 1,
    /// The host could not be found or the connection failed.
    ConnectionFailed = 2,
    /// More redirects than the limit, or a redirect without a usable Location.
    TooManyRedirects = 3,
    /// The address is in a network the checker does not reach.
    NetworkRefused = 4,
    /// The link answered an HTML page where the format says data (a soft 404 or a portal page).
    HtmlInsteadOfData = 5,
    /// An uploaded file is missing from the file store, or its bytes no longer match its hash.
    FileMissing = 6,
    /// The URL is not an absolute http(s) address.
    InvalidUrl = 7,
}
