using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Kaifang.Catalog;

namespace Kaifang.Search;

/// A dataset record (DatasetRecord) read without making a string of any of its texts: where each text's UTF-8 lies in
/// the record, and its numbers. CKAN's package dicts are written from it (CkanFormat), each text copied into the answer
/// as the UTF-8 it already is: decoding every text into a string, for the JSON writer to check and encode back, was a
/// third of the cost of writing twenty dicts, and the strings were most of what a package_search allocated.
/// DatasetRecord reads its Datasets through it, so the record's layout is read in this one place.
/// The bytes are rented: dispose of the view once written from.
public sealed class DatasetRecordView : IDisposable
{
    private byte[]? _bytes;
    private readonly int _length;

    private DatasetRecordView(byte[] bytes, int length)
    {
        _bytes = bytes;
        _length = length;
        var r = new Cursor(Bytes);
        Id = r.Guid();
        Identifier = r.Text();
        Name = r.Text();
        Title = r.Text();
        TitleEn = r.OptionalText();
        Description = r.Text();
        DescriptionEn = r.OptionalText();
        AgencyId = r.Count();
        ProvisionType = r.Text();
        ServiceCategory = r.Text();
        QualityMark = r.OptionalText();
        ListingMethod = r.Text();
        MainFieldsDescription = r.Text();
        UpdateFrequency = new UpdateFrequency((UpdateFrequencyKind)r.Byte(), r.Count(), (FrequencyUnit)r.Byte());
        License = r.Text();
        RelatedUrl = r.OptionalText();
        SpatialCoverage = r.OptionalText();
        CoverageStart = r.Date();
        CoverageEnd = r.Date();
        Fee = (FeeKind)r.Byte();
        FeeUrl = r.OptionalText();
        FeeBasis = r.OptionalText();
        ContactName = r.Text();
        ContactPhone = r.Text();
        ContactEmail = r.OptionalText();
        Notes = r.OptionalText();
        DataVolume = r.OptionalText();
        Keywords = new Utf8Text[r.Count()];
        for (var i = 0; i < Keywords.Length; i++)
        {
            Keywords[i] = r.Text();
        }
        Status = (DatasetStatus)r.Byte();
        IsSample = r.Byte() != 0;
        FirstPublishedAt = r.Time();
        CreatedAt = new DateTimeOffset(r.Int64(), TimeSpan.Zero);
        MetadataModifiedAt = new DateTimeOffset(r.Int64(), TimeSpan.Zero);
        DataModifiedAt = r.Time();
        Extras = new (Utf8Text, Utf8Text)[r.Count()];
        for (var i = 0; i < Extras.Length; i++)
        {
            Extras[i] = (r.Text(), r.Text());
        }
        HarvestSourceId = r.Id();
        HarvestRemoteId = r.OptionalText();
        HarvestRemoteModifiedAt = r.Time();
        Resources = new ResourceFields[r.Count()];
        for (var i = 0; i < Resources.Length; i++)
        {
            ref var resource = ref Resources[i];
            resource.Id = r.Guid();
            resource.Identifier = r.Text();
            resource.Position = r.Count();
            resource.Name = r.Text();
            resource.Description = r.OptionalText();
            resource.Format = r.Text();
            resource.Encoding = r.OptionalText();
            resource.Url = r.OptionalText();
            resource.FileHash = r.OptionalText();
            resource.FileName = r.OptionalText();
            var hasSize = r.Byte() != 0;
            var size = r.Int64();
            resource.Size = hasSize ? size : null;
            resource.MediaType = r.OptionalText();
            resource.DerivedFromId = r.Id();
            resource.Derivation = r.OptionalText();
            resource.CreatedAt = new DateTimeOffset(r.Int64(), TimeSpan.Zero);
            resource.ModifiedAt = new DateTimeOffset(r.Int64(), TimeSpan.Zero);
        }
        if (r.At != length)
        {
            throw new InvalidDataException("A dataset record in the index is damaged; rebuild the index.");
        }
    }

    /// The view of a record's uncompressed bytes, which it takes over (rented from ArrayPool.Shared).
    internal static DatasetRecordView Over(byte[] rented, int length)
    {
        try
        {
            return new DatasetRecordView(rented, length);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw new InvalidDataException("A dataset record in the index is damaged; rebuild the index.", e);
        }
    }

    /// A dataset as its record would hold it (one loaded from the database, or too large for the index to keep), with
    /// the given resources or its own.
    public static DatasetRecordView Of(Dataset dataset, IEnumerable<Resource>? resources = null)
    {
        var (rented, length) = DatasetRecord.Plain(dataset, resources ?? dataset.Resources);
        return Over(rented, length);
    }

    public Guid Id { get; }
    public int AgencyId { get; }
    public UpdateFrequency UpdateFrequency { get; }
    public FeeKind Fee { get; }
    public DatasetStatus Status { get; }
    public bool IsSample { get; }
    public DateOnly? CoverageStart { get; }
    public DateOnly? CoverageEnd { get; }
    public DateTimeOffset? FirstPublishedAt { get; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset MetadataModifiedAt { get; }
    public DateTimeOffset? DataModifiedAt { get; }
    public Guid? HarvestSourceId { get; }
    public DateTimeOffset? HarvestRemoteModifiedAt { get; }

    internal Utf8Text Identifier { get; }
    internal Utf8Text Name { get; }
    internal Utf8Text Title { get; }
    internal Utf8Text TitleEn { get; }
    internal Utf8Text Description { get; }
    internal Utf8Text DescriptionEn { get; }
    internal Utf8Text ProvisionType { get; }
    internal Utf8Text ServiceCategory { get; }
    internal Utf8Text QualityMark { get; }
    internal Utf8Text ListingMethod { get; }
    internal Utf8Text MainFieldsDescription { get; }
    internal Utf8Text License { get; }
    internal Utf8Text RelatedUrl { get; }
    internal Utf8Text SpatialCoverage { get; }
    internal Utf8Text FeeUrl { get; }
    internal Utf8Text FeeBasis { get; }
    internal Utf8Text ContactName { get; }
    internal Utf8Text ContactPhone { get; }
    internal Utf8Text ContactEmail { get; }
    internal Utf8Text Notes { get; }
    internal Utf8Text DataVolume { get; }
    internal Utf8Text HarvestRemoteId { get; }
    internal Utf8Text[] Keywords { get; }
    internal (Utf8Text Key, Utf8Text Value)[] Extras { get; }
    internal ResourceFields[] Resources { get; }

    /// The record's bytes; after Dispose, an error rather than another record's.
    private ReadOnlySpan<byte> Bytes => (_bytes ?? throw new ObjectDisposedException(nameof(DatasetRecordView))).AsSpan(0, _length);

    /// A text's UTF-8 (empty for a missing one).
    internal ReadOnlySpan<byte> Utf8(Utf8Text text) => text.IsNull ? default : Bytes.Slice(text.Start, text.Length);

    internal string? String(Utf8Text text) => text.IsNull ? null : Encoding.UTF8.GetString(Bytes.Slice(text.Start, text.Length));

    /// The dataset with its resources, every text a string; its Agency is not set.
    public Dataset ToDataset()
    {
        var d = new Dataset
        {
            Id = Id,
            Identifier = String(Identifier)!,
            Name = String(Name)!,
            Title = String(Title)!,
            TitleEn = String(TitleEn),
            Description = String(Description)!,
            DescriptionEn = String(DescriptionEn),
            AgencyId = AgencyId,
            ProvisionType = String(ProvisionType)!,
            ServiceCategory = String(ServiceCategory)!,
            QualityMark = String(QualityMark),
            ListingMethod = String(ListingMethod)!,
            MainFieldsDescription = String(MainFieldsDescription)!,
            UpdateFrequency = UpdateFrequency,
            License = String(License)!,
            RelatedUrl = String(RelatedUrl),
            SpatialCoverage = String(SpatialCoverage),
            CoverageStart = CoverageStart,
            CoverageEnd = CoverageEnd,
            Fee = Fee,
            FeeUrl = String(FeeUrl),
            FeeBasis = String(FeeBasis),
            ContactName = String(ContactName)!,
            ContactPhone = String(ContactPhone)!,
            ContactEmail = String(ContactEmail),
            Notes = String(Notes),
            DataVolume = String(DataVolume),
            Keywords = [.. Keywords.Select(k => String(k)!)],
            Status = Status,
            IsSample = IsSample,
            FirstPublishedAt = FirstPublishedAt,
            CreatedAt = CreatedAt,
            MetadataModifiedAt = MetadataModifiedAt,
            DataModifiedAt = DataModifiedAt,
            HarvestSourceId = HarvestSourceId,
            HarvestRemoteId = String(HarvestRemoteId),
            HarvestRemoteModifiedAt = HarvestRemoteModifiedAt,
        };
        d.ExtraFields = new Dictionary<string, string>(Extras.Length);
        foreach (var (key, value) in Extras)
        {
            d.ExtraFields[String(key)!] = String(value)!;
        }
        d.Resources = new List<Resource>(Resources.Length);
        foreach (var r in Resources)
        {
            d.Resources.Add(new Resource
            {
                Id = r.Id,
                DatasetId = Id,
                Identifier = String(r.Identifier)!,
                Position = r.Position,
                Name = String(r.Name)!,
                Description = String(r.Description),
                Format = String(r.Format)!,
                Encoding = String(r.Encoding),
                Url = String(r.Url),
                FileHash = String(r.FileHash),
                FileName = String(r.FileName),
                Size = r.Size,
                MediaType = String(r.MediaType),
                DerivedFromId = r.DerivedFromId,
                Derivation = String(r.Derivation),
                CreatedAt = r.CreatedAt,
                ModifiedAt = r.ModifiedAt,
            });
        }
        return d;
    }

    public void Dispose()
    {
        if (_bytes is { } bytes)
        {
            _bytes = null;
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// Where a text's UTF-8 lies in the record; a Length of -1 for a text the dataset does not have.
    internal readonly record struct Utf8Text(int Start, int Length)
    {
        public bool IsNull => Length < 0;
    }

    internal struct ResourceFields
    {
        public Guid Id;
        public Utf8Text Identifier;
        public int Position;
        public Utf8Text Name;
        public Utf8Text Description;
        public Utf8Text Format;
        public Utf8Text Encoding;
        public Utf8Text Url;
        public Utf8Text FileHash;
        public Utf8Text FileName;
        public long? Size;
        public Utf8Text MediaType;
        public Guid? DerivedFromId;
        public Utf8Text Derivation;
        public DateTimeOffset CreatedAt;
        public DateTimeOffset ModifiedAt;

        public readonly bool IsUpload => !FileHash.IsNull;
    }

    /// Reads what DatasetRecord's BinaryWriter wrote: 7-bit encoded counts, length-prefixed UTF-8, flags before optional values.
    private ref struct Cursor(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public int At { get; private set; }

        public byte Byte() => _bytes[At++];

        public int Count()
        {
            int value = 0, shift = 0;
            byte b;
            do
            {
                b = Byte();
                value |= (b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);
            return value;
        }

        public long Int64()
        {
            var value = BinaryPrimitives.ReadInt64LittleEndian(_bytes.Slice(At, 8));
            At += 8;
            return value;
        }

        public Guid Guid()
        {
            var value = new Guid(_bytes.Slice(At, 16));
            At += 16;
            return value;
        }

        public Utf8Text Text()
        {
            var length = Count();
            var text = new Utf8Text(At, length);
            _ = _bytes.Slice(At, length);
            At += length;
            return text;
        }

        public Utf8Text OptionalText() => Byte() != 0 ? Text() : new Utf8Text(0, -1);

        public DateTimeOffset? Time() => Byte() != 0 ? new DateTimeOffset(Int64(), TimeSpan.Zero) : null;

        public DateOnly? Date() => Byte() != 0 ? DateOnly.FromDayNumber(Count()) : null;

        public Guid? Id() => Byte() != 0 ? Guid() : null;
    }
}
