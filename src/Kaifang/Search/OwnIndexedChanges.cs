using System.Collections.Concurrent;

namespace Kaifang.Search;

/// This node's writes in the change record that the request which made them has already put in this node's index.
/// The change follower passes over these, and applies itself any other write of this node: one whose request had not
/// indexed it yet when the follower read it. So the position the follower records (after committing the index) never
/// covers a write of this node that is not in the index, whatever moment the node is killed at.
public sealed class OwnIndexedChanges
{
    /// Past this many, the numbers are forgotten: nothing is lost but the follower's indexing them again. Only a node
    /// that does not follow the record (Search:FollowIntervalMilliseconds 0) or the command line gets there.
    public const int Capacity = 100_000;

    // Each change with the index's generation (CatalogIndex.Generation) read before its request wrote it.
    private readonly ConcurrentDictionary<long, long> _changes = new();

    public void Add(long change, long generation)
    {
        if (_changes.Count >= Capacity)
        {
            _changes.Clear();
        }
        _changes.TryAdd(change, generation);
    }

    /// Whether the change was indexed by its request and is still in the index (no reopening of the index on its
    /// last commit since: that lost it); it is then forgotten.
    public bool Take(long change, long generation) => _changes.TryRemove(change, out var indexedIn) && indexedIn == generation;

    /// Forgets the changes up to this position: the follower has passed them (a request that indexed its write after
    /// the follower had already applied it leaves its number behind).
    public void ForgetUpTo(long position)
    {
        foreach (var change in _changes.Keys)
        {
            if (change <= position)
            {
                _changes.TryRemove(change, out _);
            }
        }
    }
}
