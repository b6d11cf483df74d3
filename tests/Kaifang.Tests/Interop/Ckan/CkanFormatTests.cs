using System.Text.Json;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Interop.Ckan;

namespace Kaifang.Tests.Interop.Ckan;

public sealed class CkanFormatTests
{
    private static readonly AgencyNode Bli = new(7, "bli", "勞動部勞工保險局", null, "Bureau of Labor Insurance", "A17010000J", null);

    private static JsonElement Package(params int[] positions)
    {
        var dataset = new Dataset
        {
            Id = Guid.NewGuid(), Identifier = "A17010000J-000123", Name = "a17010000j-000123", Title = "投保薪資分級表", Description = "說明",
            AgencyId = Bli.Id, ServiceCategory = "500", License = "ogdl-taiwan-1.0", ContactName = "王小明", ContactPhone = "02-2396-1266",
            Resources = [.. positions.Select(p => new Resource { Id = Guid.NewGuid(), Identifier = $"A17010000J-000123-{p:000}", Position = p, Name = $"第{p}個", Format = "CSV", Url = $"https://www.bli.gov.tw/{p}.csv" })],
        };
        return Written(dataset);
    }

    private static JsonElement Written(Dataset dataset)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            CkanFormat.WritePackage(w, dataset, Bli, "https://data.mol.gov.tw");
        }
        return JsonDocument.Parse(buffer.ToArray()).RootElement;
    }

    [Theory]
    [InlineData(0, 1, 2)]
    [InlineData(2, 0, 1)]
    [InlineData(5, 3, 9)]
    public void Resources_are_written_in_the_order_of_their_positions_numbered_from_zero(params int[] positions)
    {
        var resources = Package(positions).GetProperty("resources").EnumerateArray().ToList();
        Assert.Equal(positions.Order().Select(p => $"https://www.bli.gov.tw/{p}.csv"), resources.Select(r => r.GetProperty("url").GetString()));
        Assert.Equal([0, 1, 2], resources.Select(r => r.GetProperty("position").GetInt32()));
    }

    [Theory]
    [InlineData("2024-03-01T08:30:00+00:00", "2024-03-01T08:30:00.000000Z")]
    [InlineData("2024-03-01T08:30:00.1234567+08:00", "2024-03-01T00:30:00.123456Z")]
    [InlineData("2016-02-29T23:59:59.9999999-01:00", "2016-03-01T00:59:59.999999Z")]
    [InlineData("0001-01-01T00:00:00.0000010+00:00", "0001-01-01T00:00:00.000001Z")]
    [InlineData("9999-12-31T23:59:59.9999999+00:00", "9999-12-31T23:59:59.999999Z")]
    public void Timestamps_are_utc_to_the_microsecond_cut_not_rounded(string at, string expected)
    {
        var time = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
        var package = Written(new Dataset { Id = Guid.NewGuid(), Identifier = "A17010000J-000001", Name = "x", Title = "x", AgencyId = Bli.Id, CreatedAt = time, MetadataModifiedAt = time });

        Assert.Equal(expected, CkanFormat.Timestamp(time));
        Assert.Equal(expected, package.GetProperty("metadata_created").GetString());
        Assert.Equal(expected, package.GetProperty("metadata_modified").GetString());
        // As .NET's own custom format writes it.
        Assert.Equal(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture), expected);
    }
}
