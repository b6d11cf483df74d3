using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Search;

namespace Kaifang.Interop.Ckan;

/// Kaifang's catalog in CKAN's dictionaries (package, resource, organization, group, tag, license),
/// with the national platform's fields that CKAN lacks carried in extras (docs/ckan.md).
public static class CkanFormat
{
    /// The CKAN version whose Action API Kaifang answers like.
    public const string CkanVersion = "2.10.4";

    /// A package dict, as package_show answers it.
    public static JsonObject Package(Dataset d, AgencyNode agency, string baseUrl, IReadOnlySet<Guid>? datastoreActive = null) =>
        Written(w => WritePackage(w, d, agency, baseUrl, datastoreActive));

    /// A package dict written straight into an answer.
    public static void WritePackage(Utf8JsonWriter w, Dataset d, AgencyNode agency, string baseUrl, IReadOnlySet<Guid>? datastoreActive = null)
    {
        ArgumentNullException.ThrowIfNull(d);
        using var record = DatasetRecordView.Of(d);
        WritePackage(w, record, agency, baseUrl, datastoreActive);
    }

    /// A package dict written straight into an answer from the dataset's record, its texts copied as the UTF-8 they
    /// are: package_search writes twenty at a time, and building them as nodes first cost as much again as writing them.
    public static void WritePackage(Utf8JsonWriter w, DatasetRecordView d, AgencyNode agency, string baseUrl, IReadOnlySet<Guid>? datastoreActive = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(agency);
        var license = LicenseOf(d.Utf8(d.License));
        w.WriteStartObject();
        w.WriteString(N.Id, d.Id);
        WriteText(w, N.Name, d, d.Name);
        WriteText(w, N.Title, d, d.Title);
        WriteText(w, N.Notes, d, d.Description);
        WriteText(w, N.Url, d, d.RelatedUrl);
        w.WriteNull(N.Version);
        w.WriteString(N.Author, agency.Name);
        w.WriteNull(N.AuthorEmail);
        WriteText(w, N.Maintainer, d, d.ContactName);
        WriteText(w, N.MaintainerEmail, d, d.ContactEmail);
        if (license is not null)
        {
            w.WriteString(N.LicenseId, license.Id);
        }
        else
        {
            WriteText(w, N.LicenseId, d, d.License);
        }
        WriteText(w, N.LicenseTitle, d, d.License);
        w.WriteString(N.LicenseUrl, license?.Url);
        w.WriteBoolean(N.Isopen, license is { Id: not "other" });
        WriteTimestamp(w, N.MetadataCreated, d.CreatedAt);
        WriteTimestamp(w, N.MetadataModified, d.MetadataModifiedAt);
        w.WriteString(N.OwnerOrg, OrganizationId(agency));
        w.WritePropertyName(N.Organization);
        WriteShared(w, agency, static (w, a) => WriteOrganization(w, a, description: null, packageCount: null));
        w.WriteBoolean(N.Private, d.Status != DatasetStatus.Published);
        w.WriteString(N.State, d.Status == DatasetStatus.Draft ? V.Draft : V.Active);
        w.WriteString(N.Type, V.Dataset);
        w.WriteNull(N.CreatorUserId);
        var tags = 0;
        foreach (var keyword in d.Keywords)
        {
            tags += TagOf(d, keyword).IsEmpty ? 0 : 1;
        }
        w.WriteNumber(N.NumTags, tags);
        w.WriteStartArray(N.Tags);
        foreach (var keyword in d.Keywords)
        {
            if (TagOf(d, keyword) is { IsEmpty: false } tag)
            {
                WriteTag(w, tag);
            }
        }
        w.WriteEndArray();
        w.WriteStartArray(N.Groups);
        if (CategoryOf(d.Utf8(d.ServiceCategory)) is { } category)
        {
            WriteShared(w, category, static (w, c) => WriteGroup(w, c, packageCount: null));
        }
        w.WriteEndArray();
        w.WritePropertyName(N.Extras);
        WriteExtras(w, d);
        w.WriteNumber(N.NumResources, d.Resources.Length);
        w.WriteStartArray(N.Resources);
        if (InPositionOrder(d.Resources))
        {
            for (var i = 0; i < d.Resources.Length; i++)
            {
                WriteResource(w, d, d.Resources[i], i, baseUrl, datastoreActive);
            }
        }
        else
        {
            var position = 0;
            foreach (var i in Enumerable.Range(0, d.Resources.Length).OrderBy(i => d.Resources[i].Position))
            {
                WriteResource(w, d, d.Resources[i], position++, baseUrl, datastoreActive);
            }
        }
        w.WriteEndArray();
        w.WriteStartArray(N.RelationshipsAsObject);
        w.WriteEndArray();
        w.WriteStartArray(N.RelationshipsAsSubject);
        w.WriteEndArray();
        WriteAddress(w, N.KaifangUrl, baseUrl, "/datasets/"u8, d.Utf8(d.Name), null);
        w.WriteEndObject();
    }

    /// A text, or null when the dataset has none.
    private static void WriteText(Utf8JsonWriter w, JsonEncodedText name, DatasetRecordView d, DatasetRecordView.Utf8Text text)
    {
        if (text.IsNull)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, d.Utf8(text));
        }
    }

    /// Kaifang's address of a dataset ("{base}/datasets/{name}") or of an upload's download
    /// ("{base}/datasets/{name}/resources/{id}/download"), as ResourceLinks makes them, put together as UTF-8.
    private static void WriteAddress(Utf8JsonWriter w, JsonEncodedText name, string baseUrl, ReadOnlySpan<byte> path, ReadOnlySpan<byte> datasetName, Guid? resource)
    {
        const int ResourcePart = 11 + 36 + 9; // "/resources/" + id + "/download"
        var length = Encoding.UTF8.GetByteCount(baseUrl) + path.Length + datasetName.Length + (resource is null ? 0 : ResourcePart);
        var rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        var text = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        var at = Encoding.UTF8.GetBytes(baseUrl, text);
        path.CopyTo(text[at..]);
        at += path.Length;
        datasetName.CopyTo(text[at..]);
        at += datasetName.Length;
        if (resource is { } id)
        {
            "/resources/"u8.CopyTo(text[at..]);
            at += 11;
            id.TryFormat(text[at..], out var written);
            at += written;
            "/download"u8.CopyTo(text[at..]);
        }
        w.WriteString(name, text);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// A keyword as a tag, trimmed; empty for one that is only white space. Most need no trimming, and their UTF-8 is
    /// taken as it is.
    private static ReadOnlySpan<byte> TagOf(DatasetRecordView d, DatasetRecordView.Utf8Text keyword)
    {
        var utf8 = d.Utf8(keyword);
        return utf8.IsEmpty || !NeedsTrim(utf8) ? utf8 : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(utf8).Trim());
    }

    /// Whether a text begins or ends with white space, as string.Trim sees it.
    private static bool NeedsTrim(ReadOnlySpan<byte> utf8) =>
        Rune.DecodeFromUtf8(utf8, out var first, out _) != OperationStatus.Done || Rune.IsWhiteSpace(first)
        || Rune.DecodeLastFromUtf8(utf8, out var last, out _) != OperationStatus.Done || Rune.IsWhiteSpace(last);

    private static readonly (byte[] Title, LicenseInfo License)[] LicenseTitles =
        [.. Licenses.All.Select(l => (Encoding.UTF8.GetBytes(l.Title), l))];

    /// Licenses.Find for a title in UTF-8.
    private static LicenseInfo? LicenseOf(ReadOnlySpan<byte> title)
    {
        foreach (var (utf8, license) in LicenseTitles)
        {
            if (title.SequenceEqual(utf8))
            {
                return license;
            }
        }
        return null;
    }

    private static readonly (byte[] Code, byte[] Name, byte[] NameEn, ServiceCategory Category)[] CategoryNames =
        [.. ServiceCategories.All.Select(c => (Encoding.UTF8.GetBytes(c.Code), Encoding.UTF8.GetBytes(c.Name), Encoding.UTF8.GetBytes(c.NameEn), c))];

    /// ServiceCategories.Find for a code or name in UTF-8.
    private static ServiceCategory? CategoryOf(ReadOnlySpan<byte> codeOrName)
    {
        foreach (var (code, name, nameEn, category) in CategoryNames)
        {
            if (codeOrName.SequenceEqual(code) || codeOrName.SequenceEqual(name) || codeOrName.SequenceEqual(nameEn))
            {
                return category;
            }
        }
        return null;
    }

    /// A dict that is the same in every package that holds it (an agency's organization, a category's group), written
    /// once for each writer's encoder and copied from then on.
    private static void WriteShared<T>(Utf8JsonWriter w, T key, Action<Utf8JsonWriter, T> write)
        where T : class
    {
        if (w.Options.Indented)
        {
            write(w, key);
            return;
        }
        if (!SharedDicts.TryGetValue(key, out var shared) || shared.Encoder != w.Options.Encoder)
        {
            var buffer = new ArrayBufferWriter<byte>(512);
            using (var inner = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = w.Options.Encoder }))
            {
                write(inner, key);
            }
            shared = new SharedDict(w.Options.Encoder, buffer.WrittenSpan.ToArray());
            SharedDicts.AddOrUpdate(key, shared);
        }
        w.WriteRawValue(shared.Json, skipInputValidation: true);
    }

    // By the object itself: agencies and categories are immutable, and a changed agency is a new object.
    private static readonly ConditionalWeakTable<object, SharedDict> SharedDicts = new();

    private sealed record SharedDict(JavaScriptEncoder? Encoder, byte[] Json);

    /// Whether the resources are in the order of their positions, as they are when they come from the index (sorting them
    /// anyway was a twentieth of a package_search); from the database they may be in another.
    private static bool InPositionOrder(DatasetRecordView.ResourceFields[] resources)
    {
        for (var i = 1; i < resources.Length; i++)
        {
            if (resources[i - 1].Position > resources[i].Position)
            {
                return false;
            }
        }
        return true;
    }

    /// A resource dict; CKAN numbers positions from 0.
    public static JsonObject Resource(Dataset d, Resource r, int position, string baseUrl, IReadOnlySet<Guid>? datastoreActive = null)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(r);
        using var record = DatasetRecordView.Of(d, [r]);
        return Written(w => WriteResource(w, record, record.Resources[0], position, baseUrl, datastoreActive));
    }

    private static void WriteResource(Utf8JsonWriter w, DatasetRecordView d, in DatasetRecordView.ResourceFields r, int position, string baseUrl, IReadOnlySet<Guid>? datastoreActive)
    {
        w.WriteStartObject();
        w.WriteString(N.Id, r.Id);
        w.WriteString(N.PackageId, d.Id);
        WriteText(w, N.Identifier, d, r.Identifier);
        if (r.Url.IsNull)
        {
            WriteAddress(w, N.Url, baseUrl, "/datasets/"u8, d.Utf8(d.Name), r.Id);
        }
        else
        {
            WriteText(w, N.Url, d, r.Url);
        }
        WriteText(w, N.Name, d, r.Name);
        if (r.Description.IsNull)
        {
            w.WriteString(N.Description, V.Empty);
        }
        else
        {
            WriteText(w, N.Description, d, r.Description);
        }
        WriteText(w, N.Format, d, r.Format);
        if (!r.MediaType.IsNull)
        {
            WriteText(w, N.Mimetype, d, r.MediaType);
        }
        else
        {
            w.WriteString(N.Mimetype, r.IsUpload ? null : ResourceFormats.MediaTypeOf(d.String(r.Format)!));
        }
        WriteText(w, N.Encoding, d, r.Encoding);
        if (r.Size is { } size)
        {
            w.WriteNumber(N.Size, size);
        }
        else
        {
            w.WriteNull(N.Size);
        }
        if (r.FileHash.IsNull)
        {
            w.WriteString(N.Hash, V.Empty);
        }
        else
        {
            var hash = d.Utf8(r.FileHash);
            Span<byte> text = stackalloc byte[7 + hash.Length];
            "sha256:"u8.CopyTo(text);
            hash.CopyTo(text[7..]);
            w.WriteString(N.Hash, text);
        }
        WriteTimestamp(w, N.Created, r.CreatedAt);
        WriteTimestamp(w, N.LastModified, r.ModifiedAt);
        WriteTimestamp(w, N.MetadataModified, r.ModifiedAt);
        w.WriteNumber(N.Position, position);
        if (r.IsUpload)
        {
            w.WriteString(N.UrlType, V.Upload);
        }
        else
        {
            w.WriteNull(N.UrlType);
        }
        w.WriteBoolean(N.DatastoreActive, datastoreActive?.Contains(r.Id) ?? false);
        w.WriteString(N.State, V.Active);
        w.WriteEndObject();
    }

    /// An agency as a CKAN organization: its short code, lower-cased, is the name; its national
    /// organisation code is the id.
    public static JsonObject Organization(AgencyNode agency, string? description, int? packageCount) =>
        Written(w => WriteOrganization(w, agency, description, packageCount));

    private static void WriteOrganization(Utf8JsonWriter w, AgencyNode agency, string? description, int? packageCount)
    {
        ArgumentNullException.ThrowIfNull(agency);
        w.WriteStartObject();
        w.WriteString(N.Id, OrganizationId(agency));
        w.WriteString(N.Name, OrganizationName(agency));
        w.WriteString(N.Title, agency.Name);
        w.WriteString(N.DisplayName, agency.Name);
        w.WriteString(N.TitleEn, agency.NameEn);
        w.WriteString(N.Description, description ?? "");
        w.WriteString(N.ImageUrl, V.Empty);
        w.WriteString(N.ImageDisplayUrl, V.Empty);
        w.WriteNull(N.Created);
        w.WriteBoolean(N.IsOrganization, true);
        w.WriteString(N.ApprovalStatus, V.Approved);
        w.WriteString(N.State, V.Active);
        w.WriteString(N.Type, V.Organization);
        if (packageCount is { } count)
        {
            w.WriteNumber(N.PackageCount, count);
        }
        w.WriteEndObject();
    }

    public static string OrganizationName(AgencyNode agency) => agency.Code.ToLowerInvariant();

    public static string OrganizationId(AgencyNode agency) => agency.OrganisationCode;

    /// A service category (服務分類) as a CKAN group, named by its code in lower case.
    public static JsonObject Group(ServiceCategory category, int? packageCount) =>
        Written(w => WriteGroup(w, category, packageCount));

    private static void WriteGroup(Utf8JsonWriter w, ServiceCategory category, int? packageCount)
    {
        ArgumentNullException.ThrowIfNull(category);
        w.WriteStartObject();
        w.WriteString(N.Id, GroupName(category));
        w.WriteString(N.Name, GroupName(category));
        w.WriteString(N.Title, category.Name);
        w.WriteString(N.DisplayName, category.Name);
        w.WriteString(N.TitleEn, category.NameEn);
        w.WriteString(N.Description, V.Empty);
        w.WriteString(N.ImageUrl, V.Empty);
        w.WriteString(N.ImageDisplayUrl, V.Empty);
        w.WriteBoolean(N.IsOrganization, false);
        w.WriteString(N.ApprovalStatus, V.Approved);
        w.WriteString(N.State, V.Active);
        w.WriteString(N.Type, V.Group);
        if (packageCount is { } count)
        {
            w.WriteNumber(N.PackageCount, count);
        }
        w.WriteEndObject();
    }

    public static string GroupName(ServiceCategory category) => category.Code.ToLowerInvariant();

    public static JsonObject Tag(string name) => Written(w => WriteTag(w, Encoding.UTF8.GetBytes(name)));

    private static void WriteTag(Utf8JsonWriter w, ReadOnlySpan<byte> name)
    {
        w.WriteStartObject();
        w.WriteString(N.Id, name);
        w.WriteString(N.Name, name);
        w.WriteString(N.DisplayName, name);
        w.WriteString(N.State, V.Active);
        w.WriteNull(N.VocabularyId);
        w.WriteEndObject();
    }

    public static JsonObject License(LicenseInfo license)
    {
        ArgumentNullException.ThrowIfNull(license);
        var open = license.Id != "other";
        return new JsonObject
        {
            ["id"] = license.Id,
            ["title"] = license.Title,
            ["title_en"] = license.TitleEn,
            ["url"] = license.Url ?? "",
            ["status"] = "active",
            ["maintainer"] = "",
            ["family"] = "",
            ["domain_content"] = open,
            ["domain_data"] = open,
            ["domain_software"] = false,
            ["is_generic"] = !open,
            ["is_okd_compliant"] = open,
            ["is_osi_compliant"] = false,
            ["od_conformance"] = open ? "approved" : "not reviewed",
            ["osd_conformance"] = "not reviewed",
        };
    }

    /// UTC, to the microsecond, with the zone written out: "2024-03-01T08:30:00.000000Z".
    public static string Timestamp(DateTimeOffset at)
    {
        Span<byte> text = stackalloc byte[TimestampLength];
        TimestampBytes(at, text);
        return Encoding.ASCII.GetString(text);
    }

    private const int TimestampLength = 27;

    private static void WriteTimestamp(Utf8JsonWriter w, JsonEncodedText name, DateTimeOffset at)
    {
        Span<byte> text = stackalloc byte[TimestampLength];
        TimestampBytes(at, text);
        w.WriteString(name, text);
    }

    /// The timestamp's digits written one by one: as the custom format "yyyy-MM-ddTHH:mm:ss.ffffffZ" gives them
    /// (the fraction cut, not rounded), without that format's parsing on every call: formatting took 3.6 % of the
    /// server's CPU under package_search, with two timestamps a dataset and three a resource.
    private static void TimestampBytes(DateTimeOffset at, Span<byte> text)
    {
        var utc = at.UtcDateTime;
        Digits(text[..4], utc.Year);
        text[4] = (byte)'-';
        Digits(text.Slice(5, 2), utc.Month);
        text[7] = (byte)'-';
        Digits(text.Slice(8, 2), utc.Day);
        text[10] = (byte)'T';
        Digits(text.Slice(11, 2), utc.Hour);
        text[13] = (byte)':';
        Digits(text.Slice(14, 2), utc.Minute);
        text[16] = (byte)':';
        Digits(text.Slice(17, 2), utc.Second);
        text[19] = (byte)'.';
        Digits(text.Slice(20, 6), (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10));
        text[26] = (byte)'Z';
    }

    private static void Digits(Span<byte> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    /// What a writer wrote, as nodes: the dicts other actions build on or add to.
    private static JsonObject Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }
        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }

    /// The dicts' property names, encoded once: as strings, each was checked for characters to escape and
    /// transcoded to UTF-8 on every write, some two hundred a package dict.
    private static class N
    {
        public static readonly JsonEncodedText ApprovalStatus = JsonEncodedText.Encode("approval_status");
        public static readonly JsonEncodedText Author = JsonEncodedText.Encode("author");
        public static readonly JsonEncodedText AuthorEmail = JsonEncodedText.Encode("author_email");
        public static readonly JsonEncodedText Created = JsonEncodedText.Encode("created");
        public static readonly JsonEncodedText CreatorUserId = JsonEncodedText.Encode("creator_user_id");
        public static readonly JsonEncodedText DatastoreActive = JsonEncodedText.Encode("datastore_active");
        public static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
        public static readonly JsonEncodedText DisplayName = JsonEncodedText.Encode("display_name");
        public static readonly JsonEncodedText Encoding = JsonEncodedText.Encode("encoding");
        public static readonly JsonEncodedText Extras = JsonEncodedText.Encode("extras");
        public static readonly JsonEncodedText Format = JsonEncodedText.Encode("format");
        public static readonly JsonEncodedText Groups = JsonEncodedText.Encode("groups");
        public static readonly JsonEncodedText Hash = JsonEncodedText.Encode("hash");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Identifier = JsonEncodedText.Encode("identifier");
        public static readonly JsonEncodedText ImageDisplayUrl = JsonEncodedText.Encode("image_display_url");
        public static readonly JsonEncodedText ImageUrl = JsonEncodedText.Encode("image_url");
        public static readonly JsonEncodedText IsOrganization = JsonEncodedText.Encode("is_organization");
        public static readonly JsonEncodedText Isopen = JsonEncodedText.Encode("isopen");
        public static readonly JsonEncodedText KaifangUrl = JsonEncodedText.Encode("kaifang_url");
        public static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
        public static readonly JsonEncodedText LastModified = JsonEncodedText.Encode("last_modified");
        public static readonly JsonEncodedText LicenseId = JsonEncodedText.Encode("license_id");
        public static readonly JsonEncodedText LicenseTitle = JsonEncodedText.Encode("license_title");
        public static readonly JsonEncodedText LicenseUrl = JsonEncodedText.Encode("license_url");
        public static readonly JsonEncodedText Maintainer = JsonEncodedText.Encode("maintainer");
        public static readonly JsonEncodedText MaintainerEmail = JsonEncodedText.Encode("maintainer_email");
        public static readonly JsonEncodedText MetadataCreated = JsonEncodedText.Encode("metadata_created");
        public static readonly JsonEncodedText MetadataModified = JsonEncodedText.Encode("metadata_modified");
        public static readonly JsonEncodedText Mimetype = JsonEncodedText.Encode("mimetype");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Notes = JsonEncodedText.Encode("notes");
        public static readonly JsonEncodedText NumResources = JsonEncodedText.Encode("num_resources");
        public static readonly JsonEncodedText NumTags = JsonEncodedText.Encode("num_tags");
        public static readonly JsonEncodedText Organization = JsonEncodedText.Encode("organization");
        public static readonly JsonEncodedText OwnerOrg = JsonEncodedText.Encode("owner_org");
        public static readonly JsonEncodedText PackageCount = JsonEncodedText.Encode("package_count");
        public static readonly JsonEncodedText PackageId = JsonEncodedText.Encode("package_id");
        public static readonly JsonEncodedText Position = JsonEncodedText.Encode("position");
        public static readonly JsonEncodedText Private = JsonEncodedText.Encode("private");
        public static readonly JsonEncodedText RelationshipsAsObject = JsonEncodedText.Encode("relationships_as_object");
        public static readonly JsonEncodedText RelationshipsAsSubject = JsonEncodedText.Encode("relationships_as_subject");
        public static readonly JsonEncodedText Resources = JsonEncodedText.Encode("resources");
        public static readonly JsonEncodedText Size = JsonEncodedText.Encode("size");
        public static readonly JsonEncodedText State = JsonEncodedText.Encode("state");
        public static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
        public static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
        public static readonly JsonEncodedText TitleEn = JsonEncodedText.Encode("title_en");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText Url = JsonEncodedText.Encode("url");
        public static readonly JsonEncodedText UrlType = JsonEncodedText.Encode("url_type");
        public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
        public static readonly JsonEncodedText VocabularyId = JsonEncodedText.Encode("vocabulary_id");
    }

    /// Values the dicts write as they are, encoded once.
    private static class V
    {
        public static readonly JsonEncodedText Active = JsonEncodedText.Encode("active");
        public static readonly JsonEncodedText Approved = JsonEncodedText.Encode("approved");
        public static readonly JsonEncodedText Dataset = JsonEncodedText.Encode("dataset");
        public static readonly JsonEncodedText Draft = JsonEncodedText.Encode("draft");
        public static readonly JsonEncodedText Empty = JsonEncodedText.Encode("");
        public static readonly JsonEncodedText Group = JsonEncodedText.Encode("group");
        public static readonly JsonEncodedText Organization = JsonEncodedText.Encode("organization");
        public static readonly JsonEncodedText Upload = JsonEncodedText.Encode("upload");
        public static readonly JsonEncodedText True = JsonEncodedText.Encode("true");
    }

    private static void WriteExtras(Utf8JsonWriter w, DatasetRecordView d)
    {
        w.WriteStartArray();
        Extra(w, X.Identifier, d, d.Identifier);
        Extra(w, X.TitleEn, d, d.TitleEn);
        Extra(w, X.NotesEn, d, d.DescriptionEn);
        Extra(w, X.ProvisionType, d, d.ProvisionType);
        Extra(w, X.ServiceCategory, d, d.ServiceCategory);
        Extra(w, X.QualityMark, d, d.QualityMark);
        Extra(w, X.ListingMethod, d, d.ListingMethod);
        Extra(w, X.MainFieldsDescription, d, d.MainFieldsDescription);
        Extra(w, X.UpdateFrequency, d.UpdateFrequency.ToString());
        Extra(w, X.Fee, d.Fee == FeeKind.Free ? "免費" : "付費");
        Extra(w, X.FeeUrl, d, d.FeeUrl);
        Extra(w, X.FeeBasis, d, d.FeeBasis);
        Extra(w, X.ContactPhone, d, d.ContactPhone);
        Extra(w, X.Remarks, d, d.Notes);
        Extra(w, X.DataVolume, d, d.DataVolume);
        if (d.FirstPublishedAt is { } published)
        {
            ExtraTimestamp(w, X.FirstPublished, published);
        }
        if (d.DataModifiedAt is { } modified)
        {
            ExtraTimestamp(w, X.DataModified, modified);
        }
        if (d.IsSample)
        {
            Extra(w, X.Sample, V.True);
        }
        if (d.Extras.Length > 0)
        {
            foreach (var (key, value) in d.Extras.Select(e => (Key: d.String(e.Key)!, Value: d.String(e.Value)!)).OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (!CkanExtras.All.Contains(key) && value.Length > 0)
                {
                    w.WriteStartObject();
                    w.WriteString(N.Key, key);
                    w.WriteString(N.Value, value);
                    w.WriteEndObject();
                }
            }
        }
        w.WriteEndArray();
    }

    /// An extra of the national platform's fields, left out when the dataset has none or it is empty.
    private static void Extra(Utf8JsonWriter w, JsonEncodedText key, DatasetRecordView d, DatasetRecordView.Utf8Text value)
    {
        if (!value.IsNull && value.Length > 0)
        {
            w.WriteStartObject();
            w.WriteString(N.Key, key);
            w.WriteString(N.Value, d.Utf8(value));
            w.WriteEndObject();
        }
    }

    private static void Extra(Utf8JsonWriter w, JsonEncodedText key, string value)
    {
        if (value.Length > 0)
        {
            w.WriteStartObject();
            w.WriteString(N.Key, key);
            w.WriteString(N.Value, value);
            w.WriteEndObject();
        }
    }

    private static void Extra(Utf8JsonWriter w, JsonEncodedText key, JsonEncodedText value)
    {
        w.WriteStartObject();
        w.WriteString(N.Key, key);
        w.WriteString(N.Value, value);
        w.WriteEndObject();
    }

    private static void ExtraTimestamp(Utf8JsonWriter w, JsonEncodedText key, DateTimeOffset at)
    {
        w.WriteStartObject();
        w.WriteString(N.Key, key);
        WriteTimestamp(w, N.Value, at);
        w.WriteEndObject();
    }

    /// The extras keys of the national platform's fields, encoded once.
    private static class X
    {
        public static readonly JsonEncodedText Identifier = JsonEncodedText.Encode(CkanExtras.Identifier);
        public static readonly JsonEncodedText TitleEn = JsonEncodedText.Encode(CkanExtras.TitleEn);
        public static readonly JsonEncodedText NotesEn = JsonEncodedText.Encode(CkanExtras.NotesEn);
        public static readonly JsonEncodedText ProvisionType = JsonEncodedText.Encode(CkanExtras.ProvisionType);
        public static readonly JsonEncodedText ServiceCategory = JsonEncodedText.Encode(CkanExtras.ServiceCategory);
        public static readonly JsonEncodedText QualityMark = JsonEncodedText.Encode(CkanExtras.QualityMark);
        public static readonly JsonEncodedText ListingMethod = JsonEncodedText.Encode(CkanExtras.ListingMethod);
        public static readonly JsonEncodedText MainFieldsDescription = JsonEncodedText.Encode(CkanExtras.MainFieldsDescription);
        public static readonly JsonEncodedText UpdateFrequency = JsonEncodedText.Encode(CkanExtras.UpdateFrequency);
        public static readonly JsonEncodedText Fee = JsonEncodedText.Encode(CkanExtras.Fee);
        public static readonly JsonEncodedText FeeUrl = JsonEncodedText.Encode(CkanExtras.FeeUrl);
        public static readonly JsonEncodedText FeeBasis = JsonEncodedText.Encode(CkanExtras.FeeBasis);
        public static readonly JsonEncodedText ContactPhone = JsonEncodedText.Encode(CkanExtras.ContactPhone);
        public static readonly JsonEncodedText Remarks = JsonEncodedText.Encode(CkanExtras.Remarks);
        public static readonly JsonEncodedText DataVolume = JsonEncodedText.Encode(CkanExtras.DataVolume);
        public static readonly JsonEncodedText FirstPublished = JsonEncodedText.Encode(CkanExtras.FirstPublished);
        public static readonly JsonEncodedText DataModified = JsonEncodedText.Encode(CkanExtras.DataModified);
        public static readonly JsonEncodedText Sample = JsonEncodedText.Encode(CkanExtras.Sample);
    }
}

/// The extras keys that carry the national platform's fields (docs/ckan.md has the table).
public static class CkanExtras
{
    public const string Identifier = "identifier";
    public const string TitleEn = "title_en";
    public const string NotesEn = "notes_en";
    public const string ProvisionType = "provision_type";
    public const string ServiceCategory = "service_category";
    public const string QualityMark = "quality_mark";
    public const string ListingMethod = "listing_method";
    public const string MainFieldsDescription = "main_fields_description";
    public const string UpdateFrequency = "update_frequency";
    public const string Fee = "fee";
    public const string FeeUrl = "fee_url";
    public const string FeeBasis = "fee_basis";
    public const string ContactPhone = "contact_phone";
    public const string Remarks = "remarks";
    public const string DataVolume = "data_volume";
    public const string FirstPublished = "first_published";
    public const string DataModified = "data_modified";
    public const string Sample = "sample";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Identifier, TitleEn, NotesEn, ProvisionType, ServiceCategory, QualityMark, ListingMethod, MainFieldsDescription,
        UpdateFrequency, Fee, FeeUrl, FeeBasis, ContactPhone, Remarks, DataVolume, FirstPublished, DataModified, Sample,
    };
}
