namespace Kaifang.Quality;

/// A link to check: the resource it belongs to, its address, and the format its metadata claims.
public sealed record LinkTarget(Guid ResourceId, string Url, string? Format);

/// What checking one link found, retries and redirects included.
public sealed record LinkProbe
{
    public required string Url { get; init; }
    public LinkStatus Status { get; init; }
    public LinkFailure? Failure { get; init; }
    public string? Error { get; init; }
    public string? Warning { get; init; }
    public int? HttpStatus { get; init; }
    public string? ContentType { get; init; }
    public long? Size { get; init; }
    public string? ContentHash { get; init; }
    public long? HashedBytes { get; init; }
    public string? RedirectChain { get; init; }
    public int Requests { get; init; }
    public TimeSpan Duration { get; init; }

    public static LinkProbe Failed(string url, LinkFailure failure, string error) => new()
    {
        Url = url,
        Status = failure == LinkFailure.NetworkRefused ? LinkStatus.Refused : LinkStatus.Failed,
        Failure = failure,
        Error = error,
    };
}
