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

    /// What the content really is, from its first bytes; null when none were read (HEAD only).
    public SniffedFormat? Content { get; init; }

    /// For RDF content: whether it names things at other hosts (the fifth star).
    public bool? LinksToOtherData { get; init; }

    /// For text content: its encoding as the national platform names it (UTF-8, Big5, UTF-16LE…).
    public string? ContentEncoding { get; init; }

    public int Requests { get; init; }
    public TimeSpan Duration { get; init; }

    /// The format and, for RDF, the links to other data, of the first bytes of a file or an answer.
    public static (SniffedFormat Content, bool? LinksToOtherData, string? Encoding) Sniff(ReadOnlySpan<byte> start, bool complete)
    {
        var content = ContentSniffer.Sniff(start);
        bool? links = content is SniffedFormat.RdfXml or SniffedFormat.Turtle or SniffedFormat.NTriples or SniffedFormat.JsonLd
            ? OpennessStars.LinksElsewhere(System.Text.Encoding.UTF8.GetString(start))
            : null;
        string? encoding = null;
        if (ContentSniffer.IsText(content))
        {
            var (detected, bom) = Storage.TextDecoding.DetectEncoding(start, complete);
            // Plain ASCII fits UTF-8 and Big5 alike: it is named as such, not guessed.
            encoding = bom == 0 && System.Text.Ascii.IsValid(start) ? "ASCII" : Storage.TextDecoding.EncodingName(detected, bom);
        }
        return (content, links, encoding);
    }

    public static LinkProbe Failed(string url, LinkFailure failure, string error) => new()
    {
        Url = url,
        Status = failure == LinkFailure.NetworkRefused ? LinkStatus.Refused : LinkStatus.Failed,
        Failure = failure,
        Error = error,
    };
}
