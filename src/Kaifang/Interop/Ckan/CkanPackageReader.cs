using System.Text.Json;
using System.Text.Json.Nodes;
using Kaifang.Catalog;

namespace Kaifang.Interop.Ckan;

/// A package dict as a CKAN client sends it (package_create, package_update, or a harvested
/// package_show), read into Kaifang's input. Every problem is reported under CKAN's field name.
public sealed class CkanPackageReader
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, List<string>> Errors => _errors;

    public bool IsValid => _errors.Count == 0;

    /// Kaifang's input field (DatasetInput.Validate's names) to the CKAN field a client sent it in.
    public static readonly IReadOnlyDictionary<string, string> FieldNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title"] = "title",
        ["titleEn"] = CkanExtras.TitleEn,
        ["description"] = "notes",
        ["descriptionEn"] = CkanExtras.NotesEn,
        ["agency"] = "owner_org",
        ["provisionType"] = CkanExtras.ProvisionType,
        ["serviceCategory"] = "groups",
        ["mainFieldsDescription"] = CkanExtras.MainFieldsDescription,
        ["updateFrequency"] = CkanExtras.UpdateFrequency,
        ["license"] = "license_id",
        ["relatedUrl"] = "url",
        ["fee"] = CkanExtras.Fee,
        ["feeUrl"] = CkanExtras.FeeUrl,
        ["feeBasis"] = CkanExtras.FeeBasis,
        ["contactName"] = "maintainer",
        ["contactPhone"] = CkanExtras.ContactPhone,
        ["contactEmail"] = "maintainer_email",
        ["notes"] = CkanExtras.Remarks,
        ["dataVolume"] = CkanExtras.DataVolume,
        ["keywords"] = "tags",
        ["listingMethod"] = CkanExtras.ListingMethod,
        ["name"] = "name",
        ["url"] = "url",
        ["format"] = "format",
        ["encoding"] = "encoding",
        ["file"] = "upload",
    };

    public static string CkanField(string kaifangField) => FieldNames.GetValueOrDefault(kaifangField, kaifangField);

    public void AddError(string ckanField, string message)
    {
        if (!_errors.TryGetValue(ckanField, out var list))
        {
            _errors[ckanField] = list = [];
        }
        list.Add(message);
    }

    /// Kaifang's validation errors under CKAN's field names.
    public void AddErrors(ValidationErrors errors, bool english)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var field in errors.Fields)
        {
            foreach (var message in errors.For(field))
            {
                AddError(CkanField(field), message.In(english));
            }
        }
    }

    /// The dataset metadata of a package dict. owner_org is returned as sent; the caller resolves it.
    public DatasetInput ReadDataset(JsonObject package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var extras = ReadExtras(package);
        string? Value(string key) => Text(package, key) ?? extras.GetValueOrDefault(key);

        var license = Text(package, "license_id");
        var category = Value(CkanExtras.ServiceCategory) ?? FirstGroup(package);
        return new DatasetInput
        {
            Title = Text(package, "title"),
            TitleEn = Value(CkanExtras.TitleEn),
            Description = Text(package, "notes"),
            DescriptionEn = Value(CkanExtras.NotesEn),
            Agency = Text(package, "owner_org"),
            ProvisionType = Value(CkanExtras.ProvisionType),
            ServiceCategory = category,
            MainFieldsDescription = Value(CkanExtras.MainFieldsDescription),
            UpdateFrequency = Value(CkanExtras.UpdateFrequency),
            License = license is null ? null : Licenses.FindById(license)?.Title ?? license,
            RelatedUrl = Text(package, "url"),
            Fee = Value(CkanExtras.Fee),
            FeeUrl = Value(CkanExtras.FeeUrl),
            FeeBasis = Value(CkanExtras.FeeBasis),
            ContactName = Text(package, "maintainer"),
            ContactPhone = Value(CkanExtras.ContactPhone),
            ContactEmail = Text(package, "maintainer_email"),
            Notes = Value(CkanExtras.Remarks),
            DataVolume = Value(CkanExtras.DataVolume),
            Keywords = ReadTags(package),
            ListingMethod = Value(CkanExtras.ListingMethod),
        };
    }

    /// The extras of a package dict (a list of {key, value}), including keys Kaifang does not know.
    public Dictionary<string, string> ReadExtras(JsonObject package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var extras = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!package.TryGetPropertyValue("extras", out var node) || node is null)
        {
            return extras;
        }
        if (node is not JsonArray list)
        {
            AddError("extras", "extras must be a list of {\"key\": …, \"value\": …} objects.");
            return extras;
        }
        foreach (var item in list)
        {
            if (item is not JsonObject pair || Text(pair, "key", "extras") is not { Length: > 0 } key)
            {
                AddError("extras", "Each extra must be an object with a \"key\" and a \"value\".");
                continue;
            }
            extras[key] = Text(pair, "value", "extras") ?? "";
        }
        return extras;
    }

    /// The resources list of a package dict: each one's id (when it names an existing resource) and input.
    /// Null when the dict has no resources key, which keeps the dataset's resources as they are.
    public List<(Guid? Id, ResourceInput Input)>? ReadResources(JsonObject package)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (!package.TryGetPropertyValue("resources", out var node) || node is null)
        {
            return null;
        }
        if (node is not JsonArray list)
        {
            AddError("resources", "resources must be a list of resource objects.");
            return [];
        }
        var resources = new List<(Guid?, ResourceInput)>();
        foreach (var item in list)
        {
            if (item is not JsonObject resource)
            {
                AddError("resources", "Each resource must be an object.");
                continue;
            }
            resources.Add((ReadResourceId(resource), ReadResource(resource)));
        }
        return resources;
    }

    public Guid? ReadResourceId(JsonObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var id = Text(resource, "id");
        if (id is null)
        {
            return null;
        }
        if (Guid.TryParse(id, out var guid))
        {
            return guid;
        }
        AddError("id", $"'{id}' is not a resource id.");
        return null;
    }

    public ResourceInput ReadResource(JsonObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return new ResourceInput
        {
            Name = Text(resource, "name"),
            Description = Text(resource, "description"),
            Format = Text(resource, "format"),
            Encoding = Text(resource, "encoding"),
            Url = Text(resource, "url"),
        };
    }

    /// A scalar field as text; null when absent, null or empty. Objects and lists are an error.
    public string? Text(JsonObject dict, string key, string? errorField = null)
    {
        ArgumentNullException.ThrowIfNull(dict);
        if (!dict.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }
        if (node is JsonValue value)
        {
            var text = value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
                _ => null,
            };
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }
        AddError(errorField ?? key, $"{key} must be a string, not {(node is JsonArray ? "a list" : "an object")}.");
        return null;
    }

    private List<string>? ReadTags(JsonObject package)
    {
        if (Text(package, "tag_string") is { } tagString)
        {
            return [.. tagString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        }
        if (!package.TryGetPropertyValue("tags", out var node) || node is null)
        {
            return null;
        }
        if (node is not JsonArray list)
        {
            AddError("tags", "tags must be a list of {\"name\": …} objects.");
            return null;
        }
        var tags = new List<string>();
        foreach (var item in list)
        {
            var name = item switch
            {
                JsonObject tag => Text(tag, "name", "tags"),
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                _ => null,
            };
            if (string.IsNullOrWhiteSpace(name))
            {
                AddError("tags", "Each tag must be an object with a \"name\".");
                continue;
            }
            tags.Add(name.Trim());
        }
        return tags;
    }

    private string? FirstGroup(JsonObject package)
    {
        if (!package.TryGetPropertyValue("groups", out var node) || node is not JsonArray list)
        {
            return null;
        }
        foreach (var item in list)
        {
            var name = item is JsonObject g ? Text(g, "name", "groups") ?? Text(g, "id", "groups") : null;
            if (name is not null)
            {
                return ServiceCategories.Find(name.ToUpperInvariant())?.Code ?? name;
            }
        }
        return null;
    }
}
