using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kaifang.Agencies;
using Kaifang.Catalog;

namespace Kaifang.Datastore;

/// A dataset as a Frictionless Data Package (datapackage.json, specs.frictionlessdata.io): its
/// metadata, licence and resources, with a Table Schema for each resource loaded in the DataStore.
public static class DataPackage
{
    public static JsonObject For(Dataset dataset, AgencyNode agency, IReadOnlyDictionary<Guid, DatastoreTable> tables, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(agency);
        ArgumentNullException.ThrowIfNull(tables);
        var resources = new JsonArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in dataset.Resources.OrderBy(r => r.Position))
        {
            resources.Add(Resource(dataset, resource, tables.GetValueOrDefault(resource.Id), baseUrl, names));
        }
        var package = new JsonObject
        {
            ["profile"] = resources.Count > 0 && resources.All(r => r!["schema"] is not null) ? "tabular-data-package" : "data-package",
            ["id"] = dataset.Identifier,
            ["name"] = Name(dataset.Name),
            ["title"] = dataset.Title,
            ["description"] = dataset.Description,
            ["homepage"] = $"{baseUrl}/datasets/{dataset.Name}",
            ["keywords"] = new JsonArray([.. dataset.Keywords.Select(k => (JsonNode?)k)]),
            ["licenses"] = Licenses(dataset.License),
            ["contributors"] = Contributors(dataset, agency),
            ["resources"] = resources,
        };
        if (dataset.FirstPublishedAt is { } published)
        {
            package["created"] = published.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
        return package;
    }

    /// A Data Package name: lower-case letters, digits, '.', '_' and '-' only.
    public static string Name(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            name.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }
        return name.Length == 0 ? "resource" : name.ToString();
    }

    private static JsonObject Resource(Dataset dataset, Resource resource, DatastoreTable? table, string baseUrl, HashSet<string> names)
    {
        var name = Name(resource.Identifier);
        for (var k = 2; !names.Add(name); k++)
        {
            name = $"{Name(resource.Identifier)}-{k}";
        }
        var json = new JsonObject
        {
            ["name"] = name,
            ["path"] = ResourceLinks.UrlOf(baseUrl, dataset, resource),
            ["title"] = resource.Name,
        };
        if (!string.IsNullOrWhiteSpace(resource.Description))
        {
            json["description"] = resource.Description;
        }
        json["format"] = resource.Format.ToLowerInvariant();
        json["mediatype"] = resource.MediaType ?? ResourceFormats.MediaTypeOf(resource.Format);
        if (!string.IsNullOrWhiteSpace(resource.Encoding))
        {
            json["encoding"] = resource.Encoding.ToLowerInvariant();
        }
        if (resource.Size is { } size)
        {
            json["bytes"] = size;
        }
        if (resource.FileHash is { } hash)
        {
            json["hash"] = "sha256:" + hash;
        }
        // The schema describes the file it was inferred from; a table from an older file is left out.
        if (table is not null && table.SourceHash == resource.FileHash)
        {
            json["profile"] = "tabular-data-resource";
            json["schema"] = new JsonObject
            {
                ["fields"] = new JsonArray([.. table.Fields.Select(f => (JsonNode)Field(f))]),
            };
        }
        return json;
    }

    private static JsonObject Field(DatastoreField field)
    {
        var json = new JsonObject { ["name"] = field.Id, ["type"] = field.TableSchemaType };
        // Agency files write dates in more than one way (2024-01-02, 2024/1/2); "any" lets readers accept them all.
        if (field.Type is DatastoreType.Date or DatastoreType.Timestamp)
        {
            json["format"] = "any";
        }
        if (!string.IsNullOrEmpty(field.Description))
        {
            json["description"] = field.Description;
        }
        return json;
    }

    private static JsonArray Licenses(string license)
    {
        var info = Catalog.Licenses.Find(license);
        var json = new JsonObject { ["name"] = info?.Id ?? "other", ["title"] = info?.Title ?? license };
        if (info?.Url is { } url)
        {
            json["path"] = url;
        }
        return [json];
    }

    private static JsonArray Contributors(Dataset dataset, AgencyNode agency)
    {
        var contributors = new JsonArray { new JsonObject { ["title"] = agency.Name, ["role"] = "publisher" } };
        if (!string.IsNullOrWhiteSpace(dataset.ContactName))
        {
            var contact = new JsonObject { ["title"] = dataset.ContactName, ["role"] = "maintainer" };
            if (!string.IsNullOrWhiteSpace(dataset.ContactEmail))
            {
                contact["email"] = dataset.ContactEmail;
            }
            contributors.Add(contact);
        }
        return contributors;
    }
}
