using System.Reflection;
using Kaifang.Catalog;
using Kaifang.Search;

namespace Kaifang.Tests.Search;

public sealed class DatasetRecordTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 4, 30, 0, 123, TimeSpan.Zero);

    /// Every property of a dataset and its resources set to something other than its default, so that
    /// a property added to the model but not to the record shows here.
    private static Dataset Full() => new()
    {
        Id = Guid.NewGuid(),
        Identifier = "A17010000J-000123",
        Name = "a17010000j-000123",
        Title = "勞工保險投保薪資分級表",
        TitleEn = "Labor insurance salary grades",
        Description = new string('薪', 400),
        DescriptionEn = "Grades.",
        AgencyId = 7,
        ProvisionType = ProvisionTypes.ValueAdded,
        ServiceCategory = "500",
        QualityMark = "金標章",
        ListingMethod = ListingMethods.Automated,
        MainFieldsDescription = "等級、月投保薪資",
        UpdateFrequency = UpdateFrequency.Every(3, FrequencyUnit.Month),
        License = "CC0 1.0",
        RelatedUrl = "https://www.bli.gov.tw/",
        SpatialCoverage = "臺灣",
        CoverageStart = new DateOnly(2020, 1, 1),
        CoverageEnd = new DateOnly(2025, 12, 31),
        Fee = FeeKind.Charged,
        FeeUrl = "https://www.bli.gov.tw/fee",
        FeeBasis = "規費法",
        ContactName = "王小明",
        ContactPhone = "02-2396-1266",
        ContactEmail = "data@bli.gov.tw",
        Notes = "備註",
        DataVolume = "120 筆",
        Keywords = ["勞保", "投保薪資"],
        Status = DatasetStatus.Withdrawn,
        IsSample = true,
        FirstPublishedAt = At.AddDays(-30),
        CreatedAt = At.AddDays(-40),
        MetadataModifiedAt = At,
        DataModifiedAt = At.AddDays(-1),
        ExtraFields = new() { ["spatial"] = "TW", ["源頭"] = "勞保局" },
        HarvestSourceId = Guid.NewGuid(),
        HarvestRemoteId = "remote-1",
        HarvestRemoteModifiedAt = At.AddHours(-2),
        Resources =
        [
            new Resource
            {
                Id = Guid.NewGuid(), Identifier = "A17010000J-000123-001", Position = 0, Name = "分級表", Description = "CSV 版",
                Format = "CSV", Encoding = "UTF-8", Url = null, FileHash = new string('a', 64), FileName = "grades.csv", Size = 12_345,
                MediaType = "text/csv", DerivedFromId = Guid.NewGuid(), Derivation = "csv", CreatedAt = At.AddDays(-40), ModifiedAt = At,
            },
            new Resource
            {
                Id = Guid.NewGuid(), Identifier = "A17010000J-000123-002", Position = 1, Name = "連結", Format = "JSON",
                Url = "https://www.bli.gov.tw/grades.json", CreatedAt = At.AddDays(-2), ModifiedAt = At.AddDays(-1),
            },
        ],
    };

    [Fact]
    public void A_dataset_and_its_resources_read_back_as_they_were_written()
    {
        var dataset = Full();
        foreach (var resource in dataset.Resources)
        {
            resource.DatasetId = dataset.Id;
        }
        var read = DatasetRecord.FromBytes(DatasetRecord.ToBytes(dataset)!);

        AssertSameProperties(dataset, read, nameof(Dataset.Agency), nameof(Dataset.Resources));
        Assert.Equal(dataset.Resources.Count, read.Resources.Count);
        for (var i = 0; i < dataset.Resources.Count; i++)
        {
            AssertSameProperties(dataset.Resources[i], read.Resources[i], nameof(Resource.Dataset));
        }
    }

    [Fact]
    public void Unset_optional_fields_stay_unset()
    {
        var dataset = new Dataset { Identifier = "X", Name = "x", Title = "標題", Resources = [new Resource { Identifier = "X-001", Name = "r", Format = "CSV" }] };
        var read = DatasetRecord.FromBytes(DatasetRecord.ToBytes(dataset)!);
        AssertSameProperties(dataset, read, nameof(Dataset.Agency), nameof(Dataset.Resources));
        AssertSameProperties(dataset.Resources[0], read.Resources[0], nameof(Resource.Dataset));
    }

    [Fact]
    public void A_dataset_too_large_for_the_index_gets_no_record()
    {
        var dataset = Full();
        // Han characters at random, so that compression cannot bring them under the limit.
        var random = new Random(7);
        dataset.Description = new string([.. Enumerable.Range(0, DatasetRecord.MaxLength).Select(_ => (char)random.Next(0x4E00, 0x9FA5))]);
        Assert.Null(DatasetRecord.ToBytes(dataset));
    }

    [Fact]
    public void A_record_of_the_earlier_form_in_brotli_still_reads_and_a_damaged_one_is_refused()
    {
        var dataset = Full();
        var record = DatasetRecord.ToBytes(dataset)!;
        // The record: its version, the plain length as a 7-bit count, then the plain bytes compressed.
        var countLength = 1;
        while ((record[countLength] & 0x80) != 0)
        {
            countLength++;
        }
        var plainLength = new System.IO.BinaryReader(new MemoryStream(record, 1, countLength)).Read7BitEncodedInt();
        var plain = new byte[plainLength];
        Assert.Equal(plainLength, K4os.Compression.LZ4.LZ4Codec.Decode(record.AsSpan(1 + countLength), plain));
        var brotli = new byte[System.IO.Compression.BrotliEncoder.GetMaxCompressedLength(plainLength)];
        Assert.True(System.IO.Compression.BrotliEncoder.TryCompress(plain, brotli, out var compressed, 6, 22));
        byte[] earlier = [2, .. record.AsSpan(1, countLength), .. brotli.AsSpan(0, compressed)];

        var read = DatasetRecord.FromBytes(earlier);
        AssertSameProperties(dataset, read, nameof(Dataset.Agency), nameof(Dataset.Resources));
        Assert.Equal(dataset.Resources.Select(r => r.Id), read.Resources.Select(r => r.Id));

        Assert.Throws<InvalidDataException>(() => DatasetRecord.FromBytes(record.AsSpan(0, record.Length - 9)));
        Assert.Throws<InvalidDataException>(() => DatasetRecord.FromBytes([9, .. record.AsSpan(1)]));
    }

    private static void AssertSameProperties<T>(T expected, T actual, params string[] except)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => !except.Contains(p.Name)))
        {
            var e = property.GetValue(expected);
            var a = property.GetValue(actual);
            if (e is System.Collections.IEnumerable list and not string)
            {
                Assert.Equal(list.Cast<object>(), ((System.Collections.IEnumerable)a!).Cast<object>());
            }
            else
            {
                Assert.True(Equals(e, a), $"{typeof(T).Name}.{property.Name}: expected {e}, read {a}");
            }
        }
    }
}
