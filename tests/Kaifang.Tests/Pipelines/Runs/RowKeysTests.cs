using Kaifang.Pipelines.Runs;

namespace Kaifang.Tests.Pipelines.Runs;

public class RowKeysTests
{
    [Theory]
    [InlineData(1_000_000)]
    [InlineData(5)]
    [InlineData(0)]
    public void Rows_added_removed_and_changed_count_the_same_in_memory_and_on_disk(int memoryLimit)
    {
        // Current: keys 0..99, key 7 twice (the later hash counts), content hash = key except key 50.
        // Previous: keys 20..139, key 30 twice (the first row counts), content hash = key except key 60.
        var directory = Directory.CreateTempSubdirectory("kaifang-rowkeys-");
        try
        {
            using var keys = new RowKeys(directory.FullName, memoryLimit);
            for (ulong k = 0; k < 100; k++)
            {
                keys.Set(k, k == 7 ? 999 : k == 50 ? 5000 : k);
            }
            keys.Set(7, 7);
            var previous = Enumerable.Range(20, 120).Select(k => ((ulong)k, k == 60 ? 6000UL : (ulong)k))
                .Append((30UL, 31UL));

            var (added, removed, changed) = keys.Compare(previous);

            Assert.Equal((20L, 40L, 2L), (added, removed, changed));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
