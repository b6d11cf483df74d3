using System.Text.Json;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Interop.NationalSync;

namespace Kaifang.Tests.Interop.NationalSync;

/// The metadata sent to the national platform, field by field, on a worked example.
public sealed class NationalDatasetPayloadTests
{
    private static readonly DateTimeOffset Published = new(2016, 3, 1, 2, 0, 0, TimeSpan.Zero);

    private static Dataset Example()
    {
        var agency = new Agency
        {
            Id = 2, Code = "BLI", Name = "勞動部勞工保險局", NameEn = "Bureau of Labor Insurance", OrganisationCode = "A17010000J", Oid = "2.16.886.101.20003.20064",
        };
        var dataset = new Dataset
        {
            Id = Guid.NewGuid(),
            Identifier = "A17010000J-000123",
            Name = "a17010000j-000123",
            Title = "勞工保險投保薪資分級表",
            Description = "各投保薪資等級與月投保薪資。",
            Agency = agency,
            AgencyId = 2,
            ServiceCategory = "500",
            UpdateFrequency = UpdateFrequency.Every(3, FrequencyUnit.Month),
            ContactName = "王小明",
            ContactPhone = "02-23961266#1234",
            ContactEmail = "data@bli.gov.tw",
            Keywords = ["勞保", "投保薪資"],
            MainFieldsDescription = "等級、月投保薪資",
            FirstPublishedAt = Published,
            MetadataModifiedAt = new DateTimeOffset(2024, 5, 1, 0, 30, 0, TimeSpan.Zero),
            Status = DatasetStatus.Published,
        };
        dataset.Resources.Add(new Resource
        {
            Identifier = "A17010000J-000123-001", Position = 1, Name = "分級表", Format = "CSV", Encoding = "UTF-8",
            Url = "https://www.bli.gov.tw/grades.csv", ModifiedAt = new DateTimeOffset(2024, 6, 30, 16, 0, 0, TimeSpan.Zero),
        });
        return dataset;
    }

    private static JsonElement Json(Dataset dataset) => JsonDocument.Parse(NationalDatasetPayload.Build(dataset, "https://data.mol.gov.tw")).RootElement;

    [Fact]
    public void The_standard_field_names_carry_the_datasets_values()
    {
        var json = Json(Example());

        Assert.Equal("500", json.GetProperty("categoryService").GetString());
        Assert.Equal("A17010000J-000123", json.GetProperty("identifier").GetString());
        Assert.Equal("rawData", json.GetProperty("type").GetString());
        Assert.Equal("1", json.GetProperty("license").GetString());
        Assert.Equal("free", json.GetProperty("cost").GetString());
        Assert.Equal("2.16.886.101.20003.20064|勞動部勞工保險局", json.GetProperty("publisherOID").GetString());
        Assert.Equal("02-23961266#1234", json.GetProperty("publisherContactPhone").GetString());
        Assert.Equal(("1", "3", "月"), (json.GetProperty("updateFrequency").GetProperty("regularupdate").GetString(),
            json.GetProperty("updateFrequency").GetProperty("frequency").GetString(), json.GetProperty("updateFrequency").GetProperty("unittime").GetString()));
        // Taipei time: 2016-03-01 10:00 there.
        Assert.Equal("2016-03-01", json.GetProperty("publishedDate").GetString());
        // The data changed after the metadata: modifiedDate follows the data (2024-07-01 00:00 in Taipei).
        Assert.Equal("2024-07-01 00:00:00", json.GetProperty("modifiedDate").GetString());
        Assert.Equal(["勞保", "投保薪資"], json.GetProperty("keyword").EnumerateArray().Select(k => k.GetString()));
        var resource = json.GetProperty("distribution")[0];
        Assert.Equal("A17010000J-000123-001", resource.GetProperty("resourceID").GetString());
        Assert.Equal("https://www.bli.gov.tw/grades.csv", resource.GetProperty("resourceDownloadUrl").GetString());
        Assert.Equal("UTF-8", resource.GetProperty("resourceCharacterEncoding").GetString());
    }

    [Fact]
    public void Irregular_real_time_charged_and_value_added_datasets()
    {
        var irregular = Example();
        irregular.UpdateFrequency = UpdateFrequency.Irregular;
        irregular.Fee = FeeKind.Charged;
        irregular.FeeBasis = "規費法";
        irregular.ProvisionType = ProvisionTypes.ValueAdded;
        irregular.License = "CC BY 4.0";
        var json = Json(irregular);
        Assert.Equal("0", json.GetProperty("updateFrequency").GetProperty("regularupdate").GetString());
        Assert.Equal(("charge", "規費法"), (json.GetProperty("cost").GetString(), json.GetProperty("costLaw").GetString()));
        Assert.Equal("valueAddedData", json.GetProperty("type").GetString());
        Assert.Equal("CC BY 4.0", json.GetProperty("license").GetString());

        var realTime = Example();
        realTime.UpdateFrequency = UpdateFrequency.RealTime;
        Assert.Equal("即時", Json(realTime).GetProperty("updateFrequency").GetProperty("unittime").GetString());
    }

    [Fact]
    public void The_same_dataset_gives_the_same_hash_and_any_change_another()
    {
        var a = Example();
        var b = Example();
        Assert.Equal(NationalDatasetPayload.Hash(NationalDatasetPayload.Build(a, "https://x")), NationalDatasetPayload.Hash(NationalDatasetPayload.Build(b, "https://x")));
        b.ContactEmail = "other@bli.gov.tw";
        Assert.NotEqual(NationalDatasetPayload.Hash(NationalDatasetPayload.Build(a, "https://x")), NationalDatasetPayload.Hash(NationalDatasetPayload.Build(b, "https://x")));
    }
}
