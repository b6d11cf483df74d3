using System.Buffers;
using System.Text;
using Kaifang.Catalog;

namespace Kaifang.Search;

/// A dataset record (DatasetRecord) read without making a string of any of its texts: where each text's UTF-8 lies in
/// the record, and its numbers. CKAN's package dicts are written from it (CkanFormat), each text copied into the answer
/// as the UTF-8 it already is: decoding every text into a string, for the JSON writer to check and encode back, was a
/// third of the cost of writing twenty dicts, and the strings were most of what a package_search allocated.
/// DatasetRecord reads its Datasets through it, so the record's layout is read in this one place.
/// The bytes are rented: dispose of the view once written from. Read with BinarySpanReader, as DatasetRecord wrote them.
public sealed class DatasetRecordView : IDisposable
{
    private byte[]? _bytes;
    private readonly int _length;

    private DatasetRecordView(byte[] bytes, int length)
    {
        _bytes = bytes;
        _length = length;
        var r = new BinarySpanReader(Bytes);
        Id = r.Guid();
        Identifier = Utf8(ref r);
        Name = Utf8(ref r);
        Title = Utf8(ref r);
        TitleEn = OptionalUtf8(ref r);
        Description = Utf8(ref r);
        DescriptionEn = OptionalUtf8(ref r);
        AgencyId = r.Count();
        ProvisionType = Utf8(ref r);
        ServiceCategory = Utf8(ref r);
        QualityMark = OptionalUtf8(ref r);
        ListingMethod = Utf8(ref r);
        MainFieldsDescription = Utf8(ref r);
        UpdateFrequency = new UpdateFrequency((UpdateFrequencyKind)r.Byte(), r.Count(), (FrequencyUnit)r.Byte());
        License = Utf8(ref r);
        RelatedUrl = OptionalUtf8(ref r);
        SpatialCoverage = OptionalUtf8(ref r);
        CoverageStart = r.Date();
        CoverageEnd = r.Date();
        Fee = (FeeKind)r.Byte();
        FeeUrl = OptionalUtf8(ref r);
        FeeBasis = OptionalUtf8(ref r);
        ContactName = Utf8(ref r);
        ContactPhone = Utf8(ref r);
        ContactEmail = OptionalUtf8(ref r);
        Notes = OptionalUtf8(ref r);
        DataVolume = OptionalUtf8(ref r);
        Keywords = new Utf8Text[r.Count()];
        for (var i = 0; i < Keywords.Length; i++)
        {
            Keywords[i] = Utf8(ref r);
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
            Extras[i] = (Utf8(ref r), Utf8(ref r));
        }
        HarvestSourceId = r.Id();
        HarvestRemoteId = OptionalUtf8(ref r);
        HarvestRemoteModifiedAt = r.Time();
        Resources = new ResourceFields[r.Count()];
        for (var i = 0; i < Resources.Length; i++)
        {
            ref var resource = ref Resources[i];
            resource.Id = r.Guid();
            resource.Identifier = Utf8(ref r);
            resource.Position = r.Count();
            resource.Name = Utf8(ref r);
            resource.Description = OptionalUtf8(ref r);
            resource.Format = Utf8(ref r);
            resource.Encoding = OptionalUtf8(ref r);
            resource.Url = OptionalUtf8(ref r);
            resource.FileHash = OptionalUtf8(ref r);
            resource.FileName = OptionalUtf8(ref r);
            var hasSize = r.Byte() != 0;
            var size = r.Int64();
            resource.Size = hasSize ? size : null;
            resource.MediaType = OptionalUtf8(ref r);
            resource.DerivedFromId = r.Id();
            resource.Derivation = OptionalUtf8(ref r);
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

    /// Where the next text lies (a 7-bit encoded length, then its UTF-8), and past it.
    private static Utf8Text Utf8(ref BinarySpanReader r)
    {
        var length = r.Count();
        var text = new Utf8Text(r.At, length);
        r.Take(length);
        return text;
    }

    /// An optional text: a flag, then the text when there is one.
    private static Utf8Text OptionalUtf8(ref BinarySpanReader r) => r.Byte() != 0 ? Utf8(ref r) : new Utf8Text(0, -1);
}
