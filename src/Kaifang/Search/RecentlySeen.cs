namespace Kaifang.Search;

/// Which keys were asked for recently, to keep something from the second time it is asked: one hash per slot, so a
/// key is forgotten when another takes its slot. Keeping everything on its first request made one-off searches most
/// of what was kept, each outliving the collections of the youngest generation, which then took milliseconds each.
internal sealed class RecentlySeen(int slots)
{
    private readonly int[] _hashes = new int[slots];

    /// Whether the key was asked for recently (and notes that it was).
    public bool SeenBefore(string key)
    {
        var hash = StringComparer.Ordinal.GetHashCode(key) | 1;
        ref var slot = ref _hashes[(uint)hash % (uint)_hashes.Length];
        if (Volatile.Read(ref slot) == hash)
        {
            return true;
        }
        Volatile.Write(ref slot, hash);
        return false;
    }
}
