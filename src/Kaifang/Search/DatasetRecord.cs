using System.Buffers;
using System.IO.Compression;
using K4os.Compression.LZ4;
using System.Text;
using Kaifang.Catalog;

namespace Kaifang.Search;

/// A dataset with its resources as the index keeps it (CatalogSchema.DatasetData), so that an answer
/// made of whole datasets — CKAN's package dicts — needs no database query. Written when the dataset
/// is indexed, so it is exactly as current as the search that finds it; the agency is kept by id
/// only and looked up when the answer is written, as are the site's address and DataStore tables.
/// A compact binary form, compressed with LZ4 (docs/decisions/0020-dataset-records-in-lz4.md): a
/// package_search decodes twenty of these per call, read from index files of their own with positional
/// reads rather than a memory map (0021), and resource names and addresses repeat the dataset's title
/// and identifier, so they compress well. Records of the first form, in Brotli, are still read.
internal static class DatasetRecord
{
    /// The largest value a Lucene binary doc value takes; a larger dataset is kept without a record
    /// and loaded from the database when it is a hit.
    public const int MaxLength = 32766;

    private const byte FormatVersion = 3;

    /// The form before FormatVersion: the same bytes, compressed with Brotli, twelve times slower to decode.
    private const byte BrotliVersion = 2;

    // LZ4's high-compression mode: a third larger than Brotli was, decoded in a twelfth of the time, and
    // written in a third of it; its highest levels compress no smaller and take three times longer.
    private const LZ4Level Level = LZ4Level.L09_HC;

    /// The record, or null when the dataset is too large to keep in the index.
    public static byte[]? ToBytes(Dataset d)
    {
        ArgumentNullException.ThrowIfNull(d);
        using var buffer = new MemoryStream(1024);
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(d.Id.ToByteArray());
            w.Write(d.Identifier);
            w.Write(d.Name);
            w.Write(d.Title);
            Text(w, d.TitleEn);
            w.Write(d.Description);
            Text(w, d.DescriptionEn);
            w.Write7BitEncodedInt(d.AgencyId);
            w.Write(d.ProvisionType);
            w.Write(d.ServiceCategory);
            Text(w, d.QualityMark);
            w.Write(d.ListingMethod);
            w.Write(d.MainFieldsDescription);
            w.Write((byte)d.UpdateFrequency.Kind);
            w.Write7BitEncodedInt(d.UpdateFrequency.Interval);
            w.Write((byte)d.UpdateFrequency.Unit);
            w.Write(d.License);
            Text(w, d.RelatedUrl);
            Text(w, d.SpatialCoverage);
            Date(w, d.CoverageStart);
            Date(w, d.CoverageEnd);
            w.Write((byte)d.Fee);
            Text(w, d.FeeUrl);
            Text(w, d.FeeBasis);
            w.Write(d.ContactName);
            w.Write(d.ContactPhone);
            Text(w, d.ContactEmail);
            Text(w, d.Notes);
            Text(w, d.DataVolume);
            w.Write7BitEncodedInt(d.Keywords.Count);
            foreach (var keyword in d.Keywords)
            {
                w.Write(keyword);
            }
            w.Write((byte)d.Status);
            w.Write(d.IsSample);
            Time(w, d.FirstPublishedAt);
            w.Write(d.CreatedAt.UtcTicks);
            w.Write(d.MetadataModifiedAt.UtcTicks);
            Time(w, d.DataModifiedAt);
            w.Write7BitEncodedInt(d.ExtraFields.Count);
            foreach (var (key, value) in d.ExtraFields)
            {
                w.Write(key);
                w.Write(value);
            }
            Id(w, d.HarvestSourceId);
            Text(w, d.HarvestRemoteId);
            Time(w, d.HarvestRemoteModifiedAt);
            w.Write7BitEncodedInt(d.Resources.Count);
            foreach (var r in d.Resources)
            {
                w.Write(r.Id.ToByteArray());
                w.Write(r.Identifier);
                w.Write7BitEncodedInt(r.Position);
                w.Write(r.Name);
                Text(w, r.Description);
                w.Write(r.Format);
                Text(w, r.Encoding);
                Text(w, r.Url);
                Text(w, r.FileHash);
                Text(w, r.FileName);
                w.Write(r.Size is not null);
                w.Write(r.Size ?? 0);
                Text(w, r.MediaType);
                Id(w, r.DerivedFromId);
                Text(w, r.Derivation);
                w.Write(r.CreatedAt.UtcTicks);
                w.Write(r.ModifiedAt.UtcTicks);
            }
        }
        var plain = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var record = new byte[1 + 5 + LZ4Codec.MaximumOutputSize(plain.Length)];
        record[0] = FormatVersion;
        var header = 1 + WriteCount(record.AsSpan(1), plain.Length);
        var compressed = LZ4Codec.Encode(plain, record.AsSpan(header), Level);
        if (compressed < 0)
        {
            throw new InvalidOperationException("A dataset record could not be compressed.");
        }
        var length = header + compressed;
        return length <= MaxLength ? record[..length] : null;
    }

    /// The dataset a record holds, with its resources; its Agency is not set.
    public static Dataset FromBytes(ReadOnlySpan<byte> bytes)
    {
        var header = new BinarySpanReader(bytes);
        var version = header.Byte();
        if (version is not (FormatVersion or BrotliVersion))
        {
            throw new InvalidDataException("The index holds a dataset record of another version; rebuild the index.");
        }
        var length = header.Count();
        var plain = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = version == FormatVersion
                ? LZ4Codec.Decode(header.Rest, plain.AsSpan(0, length))
                : BrotliDecoder.TryDecompress(header.Rest, plain, out var decoded) ? decoded : -1;
            if (written != length)
            {
                throw new InvalidDataException("A dataset record in the index is damaged; rebuild the index.");
            }
            return Read(new BinarySpanReader(plain.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
        }
    }

    private static Dataset Read(BinarySpanReader r)
    {
        var d = new Dataset
        {
            Id = r.Guid(),
            Identifier = r.String(),
            Name = r.String(),
            Title = r.String(),
            TitleEn = r.Text(),
            Description = r.String(),
            DescriptionEn = r.Text(),
            AgencyId = r.Count(),
            ProvisionType = r.String(),
            ServiceCategory = r.String(),
            QualityMark = r.Text(),
            ListingMethod = r.String(),
            MainFieldsDescription = r.String(),
            UpdateFrequency = new UpdateFrequency((UpdateFrequencyKind)r.Byte(), r.Count(), (FrequencyUnit)r.Byte()),
            License = r.String(),
            RelatedUrl = r.Text(),
            SpatialCoverage = r.Text(),
            CoverageStart = r.Date(),
            CoverageEnd = r.Date(),
            Fee = (FeeKind)r.Byte(),
            FeeUrl = r.Text(),
            FeeBasis = r.Text(),
            ContactName = r.String(),
            ContactPhone = r.String(),
            ContactEmail = r.Text(),
            Notes = r.Text(),
            DataVolume = r.Text(),
        };
        var keywords = r.Count();
        d.Keywords = new List<string>(keywords);
        for (var i = 0; i < keywords; i++)
        {
            d.Keywords.Add(r.String());
        }
        d.Status = (DatasetStatus)r.Byte();
        d.IsSample = r.Byte() != 0;
        d.FirstPublishedAt = r.Time();
        d.CreatedAt = new DateTimeOffset(r.Int64(), TimeSpan.Zero);
        d.MetadataModifiedAt = new DateTimeOffset(r.Int64(), TimeSpan.Zero);
        d.DataModifiedAt = r.Time();
        var extras = r.Count();
        d.ExtraFields = new Dictionary<string, string>(extras);
        for (var i = 0; i < extras; i++)
        {
            d.ExtraFields[r.String()] = r.String();
        }
        d.HarvestSourceId = r.Id();
        d.HarvestRemoteId = r.Text();
        d.HarvestRemoteModifiedAt = r.Time();
        var resources = r.Count();
        d.Resources = new List<Resource>(resources);
        for (var i = 0; i < resources; i++)
        {
            var resource = new Resource
            {
                Id = r.Guid(),
                DatasetId = d.Id,
                Identifier = r.String(),
                Position = r.Count(),
                Name = r.String(),
                Description = r.Text(),
                Format = r.String(),
                Encoding = r.Text(),
                Url = r.Text(),
                FileHash = r.Text(),
                FileName = r.Text(),
            };
            var hasSize = r.Byte() != 0;
            var size = r.Int64();
            resource.Size = hasSize ? size : null;
            resource.MediaType = r.Text();
            resource.DerivedFromId = r.Id();
            resource.Derivation = r.Text();
            resource.CreatedAt = new DateTimeOffset(r.Int64(), TimeSpan.Zero);
            resource.ModifiedAt = new DateTimeOffset(r.Int64(), TimeSpan.Zero);
            d.Resources.Add(resource);
        }
        return d;
    }

    private static int WriteCount(Span<byte> into, int value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            into[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        into[i++] = (byte)value;
        return i;
    }

    private static void Text(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null)
        {
            w.Write(value);
        }
    }

    private static void Time(BinaryWriter w, DateTimeOffset? value)
    {
        w.Write(value is not null);
        if (value is { } v)
        {
            w.Write(v.UtcTicks);
        }
    }

    private static void Date(BinaryWriter w, DateOnly? value)
    {
        w.Write(value is not null);
        if (value is { } v)
        {
            w.Write7BitEncodedInt(v.DayNumber);
        }
    }

    private static void Id(BinaryWriter w, Guid? value)
    {
        w.Write(value is not null);
        if (value is { } v)
        {
            w.Write(v.ToByteArray());
        }
    }
}
