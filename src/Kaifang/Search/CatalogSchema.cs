using System.Globalization;
using Kaifang.Catalog;
using Lucene.Net.Documents;
using Lucene.Net.Util;

namespace Kaifang.Search;

/// The index's fields: how a DatasetDocument becomes a Lucene document and a stored document a hit.
/// Exact fields are indexed as single terms (filters, machine queries) and as doc values (facets,
/// sorting); text is indexed in zones, each once per analyser; only what a hit shows is stored.
internal static class CatalogSchema
{
    public const string Id = "id";
    public const string Name = "name";
    public const string AgencyId = "agency_id";
    public const string Agency = "agency";
    public const string Category = "category";
    public const string Format = "format";
    public const string License = "license";
    public const string Frequency = "frequency";
    public const string Status = "status";
    public const string Keyword = "keyword";

    /// Indexed as a numeric field for range queries (UTC ticks) and stored.
    public const string Modified = "modified";

    /// The same ticks as doc values, for sorting.
    public const string ModifiedOrder = "modified_order";
    public const string TitleSort = "title_sort";

    // Doc values for the orders machines ask for (CKAN's sort=id asc, name asc, metadata_created desc).
    public const string IdOrder = "id_order";
    public const string NameOrder = "name_order";
    public const string CreatedOrder = "created_order";

    /// Keywords as written, for the tag facet.
    public const string Tag = "tag";

    /// Fields every document of a current index has; an index without them is rebuilt.
    public static readonly IReadOnlyList<string> CurrentMarkers = [HitData, IdOrder, DatasetData];

    /// Everything a hit shows, as one binary doc value: read straight from the memory-mapped
    /// column, where stored fields cost a block decompression per hit. The version in the name
    /// tells an index written before it, which the indexer then rebuilds.
    public const string HitData = "hit_v2";

    /// The whole dataset with its resources (DatasetRecord), as one binary doc value, for answers made
    /// of whole datasets; empty for a dataset too large to keep there.
    public const string DatasetData = "dataset_v2";

    /// How much of the description a hit carries: enough for a result snippet.
    public const int HitDescriptionLength = 300;

    // Stored only.
    public const string StoredTitle = "stored_title";
    public const string StoredTitleEn = "stored_title_en";
    public const string StoredDescription = "stored_description";
    public const string StoredSample = "stored_sample";

    // Text zones; each is indexed as zone + every CatalogAnalyzers suffix.
    public const string TitleZone = "z_title";
    public const string KeywordsZone = "z_keywords";
    public const string AgencyZone = "z_agency";
    public const string DescriptionZone = "z_description";
    public static readonly IReadOnlyList<string> Zones = [TitleZone, KeywordsZone, AgencyZone, DescriptionZone];

    /// Facet name (CatalogQuery, Facets) to the doc-values field counted for it.
    public static string FacetField(string facet) => facet switch
    {
        Facets.Agency => Agency,
        Facets.Category => Category,
        Facets.Format => Format,
        Facets.License => License,
        Facets.Frequency => Frequency,
        Facets.Tag => Tag,
        _ => throw new ArgumentOutOfRangeException(nameof(facet), facet, "Unknown facet."),
    };

    /// The indexed form of an exact value, so that a filter or `agency:bli` matches however it is cased.
    public static string NormalizeExact(string field, string value)
    {
        var v = value.Trim();
        return field switch
        {
            Agency or Category or Format => v.ToUpperInvariant(),
            Status or Name or Keyword => v.ToLowerInvariant(),
            License => Licenses.FindById(v)?.Title ?? v,
            Id => Guid.TryParse(v, out var g) ? FormatId(g) : v.ToLowerInvariant(),
            _ => v,
        };
    }

    public static string FormatId(Guid id) => id.ToString("D");

    public static string StatusTerm(DatasetStatus status) => status.ToString().ToLowerInvariant();

    public static Document ToLucene(DatasetDocument d)
    {
        var doc = new Document
        {
            new StringField(Id, FormatId(d.Id), Field.Store.YES),
            new StringField(Name, NormalizeExact(Name, d.Name), Field.Store.YES),
            new StringField(AgencyId, d.AgencyId.ToString(CultureInfo.InvariantCulture), Field.Store.NO),
            new StringField(Status, StatusTerm(d.Status), Field.Store.YES),
            new Int64Field(Modified, d.MetadataModifiedAt.UtcTicks, Field.Store.YES),
            new NumericDocValuesField(ModifiedOrder, d.MetadataModifiedAt.UtcTicks),
            new SortedDocValuesField(TitleSort, new BytesRef(d.TitleSortKey)),
            new SortedDocValuesField(IdOrder, new BytesRef(FormatId(d.Id))),
            new SortedDocValuesField(NameOrder, new BytesRef(NormalizeExact(Name, d.Name))),
            new NumericDocValuesField(CreatedOrder, d.CreatedAt.UtcTicks),
            new StoredField(StoredTitle, d.Title),
            new StoredField(StoredDescription, d.Description),
            new StoredField(StoredSample, d.IsSample ? 1 : 0),
            new BinaryDocValuesField(HitData, new BytesRef(HitRecord.From(d).ToBytes())),
            new BinaryDocValuesField(DatasetData, new BytesRef(d.Source is null ? [] : DatasetRecord.ToBytes(d.Source) ?? [])),
        };
        if (!string.IsNullOrEmpty(d.TitleEn))
        {
            doc.Add(new StoredField(StoredTitleEn, d.TitleEn));
        }

        AddFacet(doc, Agency, NormalizeExact(Agency, d.AgencyCode), stored: true);
        AddFacet(doc, Category, NormalizeExact(Category, d.Category), stored: false);
        AddFacet(doc, License, d.License, stored: false);
        AddFacet(doc, Frequency, d.Frequency, stored: false);
        foreach (var format in d.Formats)
        {
            doc.Add(new StringField(Format, format, Field.Store.YES));
            doc.Add(new SortedSetDocValuesField(Format, new BytesRef(format)));
        }
        foreach (var keyword in d.Keywords.Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal))
        {
            doc.Add(new StringField(Keyword, NormalizeExact(Keyword, keyword), Field.Store.NO));
            doc.Add(new SortedSetDocValuesField(Tag, new BytesRef(keyword)));
        }

        AddText(doc, TitleZone, d.Title, d.TitleEn);
        AddText(doc, KeywordsZone, [.. d.Keywords]);
        // The code too, so that typing BLI finds the bureau's datasets.
        AddText(doc, AgencyZone, d.AgencyName, d.AgencyShortName, d.AgencyNameEn, d.AgencyCode);
        AddText(doc, DescriptionZone, d.Description, d.DescriptionEn, d.MainFieldsDescription);
        return doc;
    }

    public static CatalogHit ToHit(Document doc, float score, int docId) => new(
        Guid.Parse(doc.Get(Id)),
        doc.Get(Name),
        doc.Get(StoredTitle),
        doc.Get(StoredTitleEn),
        doc.Get(StoredDescription) ?? "",
        doc.Get(Agency),
        doc.GetValues(Format),
        new DateTimeOffset(doc.GetField(Modified).GetInt64Value() ?? 0, TimeSpan.Zero),
        Enum.Parse<DatasetStatus>(doc.Get(Status), ignoreCase: true),
        doc.GetField(StoredSample).GetInt32Value() == 1,
        float.IsNaN(score) ? 0f : score) { Doc = docId };

    public static CatalogHit ToHit(BytesRef data, float score, int docId)
    {
        var r = HitRecord.FromBytes(data.Bytes.AsSpan(data.Offset, data.Length));
        return new CatalogHit(r.Id, r.Name, r.Title, r.TitleEn, r.Description, r.Agency, r.Formats,
            new DateTimeOffset(r.Modified, TimeSpan.Zero), r.Status, r.Sample, float.IsNaN(score) ? 0f : score) { Doc = docId };
    }

    /// Fields a hit reads; the rest of the stored document is not decoded.
    public static readonly ISet<string> HitFields = new HashSet<string>(StringComparer.Ordinal)
    {
        Id, Name, StoredTitle, StoredTitleEn, StoredDescription, Agency, Format, Modified, Status, StoredSample,
    };

    private static void AddFacet(Document doc, string field, string value, bool stored)
    {
        doc.Add(new StringField(field, value, stored ? Field.Store.YES : Field.Store.NO));
        doc.Add(new SortedDocValuesField(field, new BytesRef(value)));
    }

    private static void AddText(Document doc, string zone, params string?[] values)
    {
        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }
            foreach (var suffix in CatalogAnalyzers.Suffixes)
            {
                doc.Add(new TextField(zone + suffix, value, Field.Store.NO));
            }
        }
    }
}

/// The hit's fields as they are kept in the index.
internal sealed record HitRecord(Guid Id, string Name, string Title, string? TitleEn, string Description, string Agency,
    string[] Formats, long Modified, DatasetStatus Status, bool Sample)
{
    public static HitRecord From(DatasetDocument d) => new(
        d.Id, d.Name, d.Title, d.TitleEn,
        d.Description.Length <= CatalogSchema.HitDescriptionLength ? d.Description : d.Description[..CatalogSchema.HitDescriptionLength],
        CatalogSchema.NormalizeExact(CatalogSchema.Agency, d.AgencyCode), [.. d.Formats], d.MetadataModifiedAt.UtcTicks, d.Status, d.IsSample);

    /// A compact binary form: every search decodes one per hit, and decoding JSON into a
    /// constructor cost about a tenth of a search.
    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Id.ToByteArray());
            writer.Write(Name);
            writer.Write(Title);
            writer.Write(TitleEn is not null);
            writer.Write(TitleEn ?? "");
            writer.Write(Description);
            writer.Write(Agency);
            writer.Write7BitEncodedInt(Formats.Length);
            foreach (var format in Formats)
            {
                writer.Write(format);
            }
            writer.Write(Modified);
            writer.Write((byte)Status);
            writer.Write(Sample);
        }
        return buffer.ToArray();
    }

    public static HitRecord FromBytes(ReadOnlySpan<byte> bytes)
    {
        var reader = new BinarySpanReader(bytes);
        var id = reader.Guid();
        var name = reader.String();
        var title = reader.String();
        var hasTitleEn = reader.Byte() != 0;
        var titleEn = reader.String();
        var description = reader.String();
        var agency = reader.String();
        var formats = new string[reader.Count()];
        for (var i = 0; i < formats.Length; i++)
        {
            formats[i] = reader.String();
        }
        var modified = reader.Int64();
        var status = (DatasetStatus)reader.Byte();
        var sample = reader.Byte() != 0;
        return new HitRecord(id, name, title, hasTitleEn ? titleEn : null, description, agency, formats, modified, status, sample);
    }
}
