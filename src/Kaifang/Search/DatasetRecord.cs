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
/// package_search decompresses twenty of these per call and writes them from their bytes (DatasetRecordView,
/// which reads the layout written here), read from index files of their own with positional reads rather
/// than a memory map (0021); resource names and addresses repeat the dataset's title and identifier, so
/// they compress well. Records of the first form, in Brotli, are still read.
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
        var (plain, length) = Plain(d, d.Resources);
        try
        {
            var record = new byte[1 + 5 + LZ4Codec.MaximumOutputSize(length)];
            record[0] = FormatVersion;
            var header = 1 + WriteCount(record.AsSpan(1), length);
            var compressed = LZ4Codec.Encode(plain.AsSpan(0, length), record.AsSpan(header), Level);
            if (compressed < 0)
            {
                throw new InvalidOperationException("A dataset record could not be compressed.");
            }
            var recordLength = header + compressed;
            return recordLength <= MaxLength ? record[..recordLength] : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
        }
    }

    /// The record's bytes before compression, in an array rented from ArrayPool.Shared (DatasetRecordView reads them).
    internal static (byte[] Rented, int Length) Plain(Dataset d, IEnumerable<Resource> resources)
    {
        ArgumentNullException.ThrowIfNull(d);
        var resourceList = resources as IReadOnlyCollection<Resource> ?? [.. resources];
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
            w.Write7BitEncodedInt(resourceList.Count);
            foreach (var r in resourceList)
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
        var length = (int)buffer.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        buffer.GetBuffer().AsSpan(0, length).CopyTo(rented);
        return (rented, length);
    }

    /// The dataset a record holds, with its resources; its Agency is not set.
    public static Dataset FromBytes(ReadOnlySpan<byte> bytes)
    {
        using var view = View(bytes);
        return view.ToDataset();
    }

    /// The record read in place: its texts where they lie, none decoded.
    public static DatasetRecordView View(ReadOnlySpan<byte> bytes)
    {
        var header = new BinarySpanReader(bytes);
        var version = header.Byte();
        if (version is not (FormatVersion or BrotliVersion))
        {
            throw new InvalidDataException("The index holds a dataset record of another version; rebuild the index.");
        }
        var length = header.Count();
        var plain = ArrayPool<byte>.Shared.Rent(length);
        var written = version == FormatVersion
            ? LZ4Codec.Decode(header.Rest, plain.AsSpan(0, length))
            : BrotliDecoder.TryDecompress(header.Rest, plain, out var decoded) ? decoded : -1;
        if (written != length)
        {
            ArrayPool<byte>.Shared.Return(plain);
            throw new InvalidDataException("A dataset record in the index is damaged; rebuild the index.");
        }
        return DatasetRecordView.Over(plain, length);
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
