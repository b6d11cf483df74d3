using System.Globalization;
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
    public static JsonObject Package(Dataset d, AgencyNode agency, string baseUrl, IReadOnlySet<Guid>? datastoreActive = null)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(agency);
        var license = Licenses.Find(d.License);
        var tags = new JsonArray([.. d.Keywords.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => (JsonNode)Tag(k.Trim()))]);
        var groups = new JsonArray();
        if (ServiceCategories.Find(d.ServiceCategory) is { } category)
        {
            groups.Add(Group(category, packageCount: null));
        }
        var resources = new JsonArray([.. d.Resources.OrderBy(r => r.Position).Select((r, i) => (JsonNode)Resource(d, r, i, baseUrl, datastoreActive))]);
        return new JsonObject
        {
            ["id"] = d.Id.ToString(),
            ["name"] = d.Name,
            ["title"] = d.Title,
            ["notes"] = d.Description,
            ["url"] = d.RelatedUrl,
            ["version"] = null,
            ["author"] = agency.Name,
            ["author_email"] = null,
            ["maintainer"] = d.ContactName,
            ["maintainer_email"] = d.ContactEmail,
            ["license_id"] = license?.Id ?? d.License,
            ["license_title"] = d.License,
            ["license_url"] = license?.Url,
            ["isopen"] = license is { Id: not "other" },
            ["metadata_created"] = Timestamp(d.CreatedAt),
            ["metadata_modified"] = Timestamp(d.MetadataModifiedAt),
            ["owner_org"] = OrganizationId(agency),
            ["organization"] = Organization(agency, description: null, packageCount: null),
            ["private"] = d.Status != DatasetStatus.Published,
            ["state"] = d.Status == DatasetStatus.Draft ? "draft" : "active",
            ["type"] = "dataset",
            ["creator_user_id"] = null,
            ["num_tags"] = tags.Count,
            ["tags"] = tags,
            ["groups"] = groups,
            ["extras"] = Extras(d),
            ["num_resources"] = resources.Count,
            ["resources"] = resources,
            ["relationships_as_object"] = new JsonArray(),
            ["relationships_as_subject"] = new JsonArray(),
            ["kaifang_url"] = $"{baseUrl}/datasets/{d.Name}",
        };
    }

    /// A resource dict; CKAN numbers positions from 0.
    public static JsonObject Resource(Dataset d, Resource r, int position, string baseUrl, IReadOnlySet<Guid>? datastoreActive = null)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(r);
        return new JsonObject
        {
            ["id"] = r.Id.ToString(),
            ["package_id"] = d.Id.ToString(),
            ["identifier"] = r.Identifier,
            ["url"] = ResourceLinks.UrlOf(baseUrl, d, r),
            ["name"] = r.Name,
            ["description"] = r.Description ?? "",
            ["format"] = r.Format,
            ["mimetype"] = r.MediaType ?? (r.IsUpload ? null : ResourceFormats.MediaTypeOf(r.Format)),
            ["encoding"] = r.Encoding,
            ["size"] = r.Size,
            ["hash"] = r.FileHash is null ? "" : "sha256:" + r.FileHash,
            ["created"] = Timestamp(r.CreatedAt),
            ["last_modified"] = Timestamp(r.ModifiedAt),
            ["metadata_modified"] = Timestamp(r.ModifiedAt),
            ["position"] = position,
            ["url_type"] = r.IsUpload ? "upload" : null,
            ["datastore_active"] = datastoreActive?.Contains(r.Id) ?? false,
            ["state"] = "active",
        };
    }

    /// An agency as a CKAN organization: its short code, lower-cased, is the name; its national
    /// organisation code is the id.
    public static JsonObject Organization(AgencyNode agency, string? description, int? packageCount)
    {
        ArgumentNullException.ThrowIfNull(agency);
        var org = new JsonObject
        {
            ["id"] = OrganizationId(agency),
            ["name"] = OrganizationName(agency),
            ["title"] = agency.Name,
            ["display_name"] = agency.Name,
            ["title_en"] = agency.NameEn,
            ["description"] = description ?? "",
            ["image_url"] = "",
            ["image_display_url"] = "",
            ["created"] = null,
            ["is_organization"] = true,
            ["approval_status"] = "approved",
            ["state"] = "active",
            ["type"] = "organization",
        };
        if (packageCount is { } count)
        {
            org["package_count"] = count;
        }
        return org;
    }

    public static string OrganizationName(AgencyNode agency) => agency.Code.ToLowerInvariant();

    public static string OrganizationId(AgencyNode agency) => agency.OrganisationCode;

    /// A service category (服務分類) as a CKAN group, named by its code in lower case.
    public static JsonObject Group(ServiceCategory category, int? packageCount)
    {
        ArgumentNullException.ThrowIfNull(category);
        var group = new JsonObject
        {
            ["id"] = GroupName(category),
            ["name"] = GroupName(category),
            ["title"] = category.Name,
            ["display_name"] = category.Name,
            ["title_en"] = category.NameEn,
            ["description"] = "",
            ["image_url"] = "",
            ["image_display_url"] = "",
            ["is_organization"] = false,
            ["approval_status"] = "approved",
            ["state"] = "active",
            ["type"] = "group",
        };
        if (packageCount is { } count)
        {
            group["package_count"] = count;
        }
        return group;
    }

    public static string GroupName(ServiceCategory category) => category.Code.ToLowerInvariant();

    public static JsonObject Tag(string name) => new()
    {
        ["id"] = name,
        ["name"] = name,
        ["display_name"] = name,
        ["state"] = "active",
        ["vocabulary_id"] = null,
    };

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
    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static JsonArray Extras(Dataset d)
    {
        var extras = new JsonArray();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                extras.Add(new JsonObject { ["key"] = key, ["value"] = value });
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
        return extras;
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
