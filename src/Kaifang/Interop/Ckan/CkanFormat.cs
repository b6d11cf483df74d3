using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kaifang.Agencies;
using Kaifang.Catalog;

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

    /// A package dict written straight into an answer: package_search writes twenty at a time, and
    /// building them as nodes first cost as much again as writing them.
    public static void WritePackage(Utf8JsonWriter w, Dataset d, AgencyNode agency, string baseUrl, IReadOnlySet<Guid>? datastoreActive = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(agency);
        var license = Licenses.Find(d.License);
        w.WriteStartObject();
        w.WriteString("id", d.Id);
        w.WriteString("name", d.Name);
        w.WriteString("title", d.Title);
        w.WriteString("notes", d.Description);
        w.WriteString("url", d.RelatedUrl);
        w.WriteNull("version");
        w.WriteString("author", agency.Name);
        w.WriteNull("author_email");
        w.WriteString("maintainer", d.ContactName);
        w.WriteString("maintainer_email", d.ContactEmail);
        w.WriteString("license_id", license?.Id ?? d.License);
        w.WriteString("license_title", d.License);
        w.WriteString("license_url", license?.Url);
        w.WriteBoolean("isopen", license is { Id: not "other" });
        WriteTimestamp(w, "metadata_created", d.CreatedAt);
        WriteTimestamp(w, "metadata_modified", d.MetadataModifiedAt);
        w.WriteString("owner_org", OrganizationId(agency));
        w.WritePropertyName("organization");
        WriteOrganization(w, agency, description: null, packageCount: null);
        w.WriteBoolean("private", d.Status != DatasetStatus.Published);
        w.WriteString("state", d.Status == DatasetStatus.Draft ? "draft" : "active");
        w.WriteString("type", "dataset");
        w.WriteNull("creator_user_id");
        w.WriteNumber("num_tags", d.Keywords.Count(k => !string.IsNullOrWhiteSpace(k)));
        w.WriteStartArray("tags");
        foreach (var keyword in d.Keywords)
        {
            if (!string.IsNullOrWhiteSpace(keyword))
            {
                WriteTag(w, keyword.Trim());
            }
        }
        w.WriteEndArray();
        w.WriteStartArray("groups");
        if (ServiceCategories.Find(d.ServiceCategory) is { } category)
        {
            WriteGroup(w, category, packageCount: null);
        }
        w.WriteEndArray();
        w.WritePropertyName("extras");
        WriteExtras(w, d);
        w.WriteNumber("num_resources", d.Resources.Count);
        w.WriteStartArray("resources");
        var position = 0;
        foreach (var r in InPositionOrder(d.Resources))
        {
            WriteResource(w, d, r, position++, baseUrl, datastoreActive);
        }
        w.WriteEndArray();
        w.WriteStartArray("relationships_as_object");
        w.WriteEndArray();
        w.WriteStartArray("relationships_as_subject");
        w.WriteEndArray();
        w.WriteString("kaifang_url", $"{baseUrl}/datasets/{d.Name}");
        w.WriteEndObject();
    }

    /// The resources by position: as they are when they come from the index (sorting them anyway was a twentieth of a
    /// package_search), sorted when they come from the database in another order.
    private static List<Resource> InPositionOrder(List<Resource> resources)
    {
        for (var i = 1; i < resources.Count; i++)
        {
            if (resources[i - 1].Position > resources[i].Position)
            {
                return [.. resources.OrderBy(r => r.Position)];
            }
        }
        return resources;
    }

    /// A resource dict; CKAN numbers positions from 0.
    public static JsonObject Resource(Dataset d, Resource r, int position, string baseUrl, IReadOnlySet<Guid>? datastoreActive = null) =>
        Written(w => WriteResource(w, d, r, position, baseUrl, datastoreActive));

    public static void WriteResource(Utf8JsonWriter w, Dataset d, Resource r, int position, string baseUrl, IReadOnlySet<Guid>? datastoreActive = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(r);
        w.WriteStartObject();
        w.WriteString("id", r.Id);
        w.WriteString("package_id", d.Id);
        w.WriteString("identifier", r.Identifier);
        w.WriteString("url", ResourceLinks.UrlOf(baseUrl, d, r));
        w.WriteString("name", r.Name);
        w.WriteString("description", r.Description ?? "");
        w.WriteString("format", r.Format);
        w.WriteString("mimetype", r.MediaType ?? (r.IsUpload ? null : ResourceFormats.MediaTypeOf(r.Format)));
        w.WriteString("encoding", r.Encoding);
        if (r.Size is { } size)
        {
            w.WriteNumber("size", size);
        }
        else
        {
            w.WriteNull("size");
        }
        w.WriteString("hash", r.FileHash is null ? "" : "sha256:" + r.FileHash);
        WriteTimestamp(w, "created", r.CreatedAt);
        WriteTimestamp(w, "last_modified", r.ModifiedAt);
        WriteTimestamp(w, "metadata_modified", r.ModifiedAt);
        w.WriteNumber("position", position);
        w.WriteString("url_type", r.IsUpload ? "upload" : null);
        w.WriteBoolean("datastore_active", datastoreActive?.Contains(r.Id) ?? false);
        w.WriteString("state", "active");
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
        w.WriteString("id", OrganizationId(agency));
        w.WriteString("name", OrganizationName(agency));
        w.WriteString("title", agency.Name);
        w.WriteString("display_name", agency.Name);
        w.WriteString("title_en", agency.NameEn);
        w.WriteString("description", description ?? "");
        w.WriteString("image_url", "");
        w.WriteString("image_display_url", "");
        w.WriteNull("created");
        w.WriteBoolean("is_organization", true);
        w.WriteString("approval_status", "approved");
        w.WriteString("state", "active");
        w.WriteString("type", "organization");
        if (packageCount is { } count)
        {
            w.WriteNumber("package_count", count);
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
        w.WriteString("id", GroupName(category));
        w.WriteString("name", GroupName(category));
        w.WriteString("title", category.Name);
        w.WriteString("display_name", category.Name);
        w.WriteString("title_en", category.NameEn);
        w.WriteString("description", "");
        w.WriteString("image_url", "");
        w.WriteString("image_display_url", "");
        w.WriteBoolean("is_organization", false);
        w.WriteString("approval_status", "approved");
        w.WriteString("state", "active");
        w.WriteString("type", "group");
        if (packageCount is { } count)
        {
            w.WriteNumber("package_count", count);
        }
        w.WriteEndObject();
    }

    public static string GroupName(ServiceCategory category) => category.Code.ToLowerInvariant();

    public static JsonObject Tag(string name) => Written(w => WriteTag(w, name));

    private static void WriteTag(Utf8JsonWriter w, string name)
    {
        w.WriteStartObject();
        w.WriteString("id", name);
        w.WriteString("name", name);
        w.WriteString("display_name", name);
        w.WriteString("state", "active");
        w.WriteNull("vocabulary_id");
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

    private static void WriteTimestamp(Utf8JsonWriter w, string name, DateTimeOffset at)
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

    private static void WriteExtras(Utf8JsonWriter w, Dataset d)
    {
        w.WriteStartArray();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                w.WriteStartObject();
                w.WriteString("key", key);
                w.WriteString("value", value);
                w.WriteEndObject();
            }
        }
        Add(CkanExtras.Identifier, d.Identifier);
        Add(CkanExtras.TitleEn, d.TitleEn);
        Add(CkanExtras.NotesEn, d.DescriptionEn);
        Add(CkanExtras.ProvisionType, d.ProvisionType);
        Add(CkanExtras.ServiceCategory, d.ServiceCategory);
        Add(CkanExtras.QualityMark, d.QualityMark);
        Add(CkanExtras.ListingMethod, d.ListingMethod);
        Add(CkanExtras.MainFieldsDescription, d.MainFieldsDescription);
        Add(CkanExtras.UpdateFrequency, d.UpdateFrequency.ToString());
        Add(CkanExtras.Fee, d.Fee == FeeKind.Free ? "免費" : "付費");
        Add(CkanExtras.FeeUrl, d.FeeUrl);
        Add(CkanExtras.FeeBasis, d.FeeBasis);
        Add(CkanExtras.ContactPhone, d.ContactPhone);
        Add(CkanExtras.Remarks, d.Notes);
        Add(CkanExtras.DataVolume, d.DataVolume);
        Add(CkanExtras.FirstPublished, d.FirstPublishedAt is { } p ? Timestamp(p) : null);
        Add(CkanExtras.DataModified, d.DataModifiedAt is { } m ? Timestamp(m) : null);
        Add(CkanExtras.Sample, d.IsSample ? "true" : null);
        foreach (var (key, value) in d.ExtraFields.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!CkanExtras.All.Contains(key))
            {
                Add(key, value);
            }
        }
        w.WriteEndArray();
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
