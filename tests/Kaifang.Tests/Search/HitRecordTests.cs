using Kaifang.Catalog;
using Kaifang.Search;

namespace Kaifang.Tests.Search;

public sealed class HitRecordTests
{
    [Theory]
    [InlineData(null, new string[0])]
    [InlineData("Labor insurance salary grades", new[] { "CSV", "JSON", "XLSX" })]
    public void A_hit_reads_back_as_it_was_written(string? titleEn, string[] formats)
    {
        var hit = new HitRecord(Guid.NewGuid(), "a17010000j-000123", "勞工保險投保薪資分級表", titleEn, new string('薪', 300), "BLI",
            formats, new DateTimeOffset(2026, 11, 29, 4, 30, 0, TimeSpan.Zero).UtcTicks, DatasetStatus.Withdrawn, Sample: true);
        var read = HitRecord.FromBytes(hit.ToBytes());
        Assert.Equal(hit with { Formats = [] }, read with { Formats = [] });
        Assert.Equal(formats, read.Formats);
    }
}
