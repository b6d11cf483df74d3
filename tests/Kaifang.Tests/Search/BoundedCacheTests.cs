using Kaifang.Search;

namespace Kaifang.Tests.Search;

public sealed class BoundedCacheTests
{
    [Fact]
    public void Entries_are_kept_up_to_the_capacity_then_the_cache_starts_again_empty()
    {
        var cache = new BoundedCache<string, int>(3, StringComparer.Ordinal);
        cache.Add("a", 1);
        cache.Add("b", 2);
        cache.Add("c", 3);

        Assert.True(cache.TryGetValue("a", out var a));
        Assert.Equal(1, a);
        Assert.True(cache.TryGetValue("c", out _));

        cache.Add("d", 4);

        Assert.False(cache.TryGetValue("a", out _));
        Assert.False(cache.TryGetValue("c", out _));
        Assert.True(cache.TryGetValue("d", out var d));
        Assert.Equal(4, d);
    }

    [Fact]
    public void Adding_the_same_key_again_replaces_its_value()
    {
        var cache = new BoundedCache<string, int>(10, StringComparer.Ordinal);
        cache.Add("a", 1);
        cache.Add("a", 2);

        Assert.True(cache.TryGetValue("a", out var value));
        Assert.Equal(2, value);
    }
}
