using System.Text.Encodings.Web;
using System.Text.Json;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Interop.Ckan;
using Kaifang.Search;

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

    /// The package dict as package_show writes it (with .NET's default escaping), or as package_search does: from the
    /// index's record of the dataset, Chinese left unescaped.
    private static JsonElement Written(Dataset dataset, bool fromRecord = false)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = fromRecord ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : null }))
        {
            if (fromRecord)
            {
                using var record = DatasetRecord.View(DatasetRecord.ToBytes(dataset)!);
                CkanFormat.WritePackage(w, record, Bli, "https://data.mol.gov.tw", new HashSet<Guid> { dataset.Resources[0].Id });
            }
            else
            {
                CkanFormat.WritePackage(w, dataset, Bli, "https://data.mol.gov.tw");
            }
        }
        return JsonDocument.Parse(buffer.ToArray()).RootElement;
    }

    private static Dataset WithTexts() => new()
    {
        Id = Guid.Parse("6f1c2a9e-0d7b-4c55-9a61-3e8f2b7d4c10"), Identifier = "A17010000J-000777", Name = "a17010000j-000777",
        Title = "「投保」\\薪資\"分級\" 表\t😀", Description = "第一行\n第二行\u0001", AgencyId = Bli.Id, ServiceCategory = "500",
        License = Licenses.OpenGovernmentDataV1, ContactName = "王小明", ContactPhone = "02-2396-1266", ContactEmail = null, RelatedUrl = null,
        Fee = FeeKind.Charged, IsSample = true, DataModifiedAt = new DateTimeOffset(2026, 11, 30, 1, 2, 3, TimeSpan.Zero),
        Keywords = [" 勞保 ", "\u3000", "", "投保薪資", "\t", "wage\u3000", "勞保"],
        ExtraFields = new() { ["zeta"] = "z", ["alpha"] = "a", ["blank"] = "", [CkanExtras.Fee] = "shadowed" },
        Resources =
        [
            new Resource
            {
                Id = Guid.Parse("0a3b5c7d-1e2f-4a6b-8c9d-0e1f2a3b4c5d"), Identifier = "A17010000J-000777-001", Name = "上傳檔", Format = "CSV",
                FileHash = new string('e', 64), FileName = "grades.csv", Size = 42,
            },
            new Resource
            {
                Id = Guid.NewGuid(), Identifier = "A17010000J-000777-002", Position = 1, Name = "連結", Description = "外部", Format = "JSON",
                Url = "https://www.bli.gov.tw/a.json",
            },
        ],
    };

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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Texts_that_json_escapes_are_written_back_as_they_were(bool fromRecord)
    {
        var dataset = WithTexts();
        var package = Written(dataset, fromRecord);

        Assert.Equal(dataset.Title, package.GetProperty("title").GetString());
        Assert.Equal(dataset.Description, package.GetProperty("notes").GetString());
        Assert.Equal(JsonValueKind.Null, package.GetProperty("maintainer_email").ValueKind);
        Assert.Equal(JsonValueKind.Null, package.GetProperty("url").ValueKind);
        Assert.Equal("ogdl-taiwan-1.0", package.GetProperty("license_id").GetString());
        Assert.Equal(Licenses.OpenGovernmentDataV1, package.GetProperty("license_title").GetString());
        Assert.Equal("https://data.mol.gov.tw/datasets/a17010000j-000777", package.GetProperty("kaifang_url").GetString());
        Assert.Equal(["500"], package.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Keywords_are_trimmed_into_tags_and_blank_ones_left_out(bool fromRecord)
    {
        var package = Written(WithTexts(), fromRecord);

        Assert.Equal(["勞保", "投保薪資", "wage", "勞保"], package.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(4, package.GetProperty("num_tags").GetInt32());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_upload_is_linked_at_Kaifang_with_its_hash_and_a_link_keeps_its_own_address(bool fromRecord)
    {
        var resources = Written(WithTexts(), fromRecord).GetProperty("resources").EnumerateArray().ToList();

        var upload = resources[0];
        Assert.Equal("https://data.mol.gov.tw/datasets/a17010000j-000777/resources/0a3b5c7d-1e2f-4a6b-8c9d-0e1f2a3b4c5d/download", upload.GetProperty("url").GetString());
        Assert.Equal("sha256:" + new string('e', 64), upload.GetProperty("hash").GetString());
        Assert.Equal("upload", upload.GetProperty("url_type").GetString());
        Assert.Equal(JsonValueKind.Null, upload.GetProperty("mimetype").ValueKind);
        Assert.Equal("", upload.GetProperty("description").GetString());
        Assert.Equal(42, upload.GetProperty("size").GetInt64());
        Assert.Equal(fromRecord, upload.GetProperty("datastore_active").GetBoolean());

        var link = resources[1];
        Assert.Equal("https://www.bli.gov.tw/a.json", link.GetProperty("url").GetString());
        Assert.Equal("", link.GetProperty("hash").GetString());
        Assert.Equal(JsonValueKind.Null, link.GetProperty("url_type").ValueKind);
        Assert.Equal("application/json", link.GetProperty("mimetype").GetString());
        Assert.Equal(JsonValueKind.Null, link.GetProperty("size").ValueKind);
        Assert.Equal("外部", link.GetProperty("description").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Extras_carry_the_national_fields_then_the_others_by_key(bool fromRecord)
    {
        var extras = Written(WithTexts(), fromRecord).GetProperty("extras").EnumerateArray()
            .Select(e => (e.GetProperty("key").GetString(), e.GetProperty("value").GetString())).ToList();

        Assert.Equal(
            [
                ("identifier", "A17010000J-000777"), ("provision_type", ProvisionTypes.Raw), ("service_category", "500"), ("listing_method", ListingMethods.Manual),
                ("update_frequency", WithTexts().UpdateFrequency.ToString()), ("fee", "付費"),
                ("contact_phone", "02-2396-1266"), ("data_modified", "2026-11-30T01:02:03.000000Z"), ("sample", "true"),
                ("alpha", "a"), ("zeta", "z"),
            ],
            extras);
    }

    [Fact]
    public void A_record_read_after_it_is_disposed_of_is_an_error_not_another_records_bytes()
    {
        var record = DatasetRecord.View(DatasetRecord.ToBytes(WithTexts())!);
        record.Dispose();

        using var buffer = new MemoryStream();
        using var w = new Utf8JsonWriter(buffer);
        Assert.Throws<ObjectDisposedException>(() => CkanFormat.WritePackage(w, record, Bli, "https://data.mol.gov.tw"));
    }
}
