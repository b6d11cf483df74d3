namespace Kaifang.Search;

/// Settings bound from "Kaifang:Search": how this node's index follows writes made elsewhere.
public sealed class SearchOptions
{
    public const string Section = "Kaifang:Search";

    /// How often the change record is read for writes of other nodes or of the command line; 0 turns following off.
    /// A write elsewhere is searchable here within about this interval plus the time to index it.
    public int FollowIntervalMilliseconds { get; set; } = 500;

    /// How long a hole in the change record's numbers is waited for: a write that took its number before another but
    /// committed after it. A hole that outlives this is a write that was rolled back.
    public int GapWaitSeconds { get; set; } = 10;

    /// Days the change record is kept. A node that was down for longer rebuilds its index when it comes back.
    public int ChangeRetentionDays { get; set; } = 7;

    /// Memory for the documents and scores of the texts searched on the current reader (Search/TextMatches), in MB;
    /// 0 keeps none. A text searched again, with any filters, order or page, is then not scored again.
    public int TextMatchesMegabytes { get; set; } = 48;
}
