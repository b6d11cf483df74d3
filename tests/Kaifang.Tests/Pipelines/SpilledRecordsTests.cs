using System.Collections.Concurrent;
using System.Text;
using Kaifang.Pipelines;

namespace Kaifang.Tests.Pipelines;

public class SpilledRecordsTests
{
    [Theory]
    [InlineData(1, 16 << 20)]
    [InlineData(2, 16 << 20)]
    [InlineData(2, 4096)]
    public void Every_record_comes_back_once_in_its_keys_group_in_the_order_added(int parallel, long groupBytes)
    {
        var directory = Directory.CreateTempSubdirectory("kaifang-spill-");
        try
        {
            // 300 keys, each added several times; some records far larger than the buffers in front of the files.
            var added = new List<(string Key, string Extra, long Value)>();
            for (var n = 0; n < 6000; n++)
            {
                var key = $"k{n % 300}";
                var extra = n % 997 == 0 ? new string('長', 20_000 + n) : n % 5 == 0 ? "" : $"第{n}列";
                added.Add((key, extra, n));
            }
            var groups = new ConcurrentBag<List<(string Key, string Extra, long Value)>>();
            using (var spill = new SpilledRecords(directory.FullName, groupBytes))
            {
                foreach (var (key, extra, value) in added)
                {
                    spill.Add(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(extra), value);
                }
                Assert.Equal(added.Count, spill.Count);
                spill.ForEachGroup(reader =>
                {
                    var group = new List<(string, string, long)>();
                    while (reader.Read())
                    {
                        group.Add((Encoding.UTF8.GetString(reader.Key), Encoding.UTF8.GetString(reader.Extra), reader.Value));
                    }
                    groups.Add(group);
                }, parallel);
            }

            Assert.Equal(added.Count, groups.Sum(g => g.Count));
            foreach (var byKey in groups.SelectMany(g => g).GroupBy(r => r.Key))
            {
                // One group holds all of a key's records, in the order they were added.
                Assert.Single(groups, g => g.Any(r => r.Key == byKey.Key));
                Assert.Equal(added.Where(r => r.Key == byKey.Key), byKey);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
