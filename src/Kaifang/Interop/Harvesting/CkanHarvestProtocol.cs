using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kaifang.Interop.Ckan;

namespace Kaifang.Interop.Harvesting;

/// Harvests a CKAN site (another Kaifang included) through its Action API, the way CKAN's own
/// harvester does: package_search ordered by id, 100 at a time, with
/// fq=metadata_modified:[since TO *] after the first run; package_search with fl=id lists what
/// the site still has.
public sealed class CkanHarvestProtocol(IHttpClientFactory http) : IHarvestProtocol
{
    public const int PageSize = 100;
    public const int IdPageSize = 1000;

    public HarvestSourceKind Kind => HarvestSourceKind.Ckan;

    public async IAsyncEnumerable<HarvestItem> GatherAsync(HarvestSource source, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var client = http.CreateClient(Harvesting.HttpClientName);
        var fq = since is { } s ? $"&fq={Uri.EscapeDataString($"metadata_modified:[{s.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} TO *]")}" : "";
        for (var start = 0; ; start += PageSize)
        {
            var result = await CallAsync(client, source, $"package_search?q=*:*&rows={PageSize}&start={start}&sort=id%20asc{fq}", cancellationToken);
            if (result is not JsonObject page || page["results"] is not JsonArray results || page["count"] is not JsonValue countValue || !countValue.TryGetValue<int>(out var count))
            {
                throw new HarvestSourceException($"{source.Url} answered package_search without a count and results; is it a CKAN site?");
            }
            foreach (var item in results)
            {
                yield return item is JsonObject package
                    ? Read(package)
                    : HarvestItem.Failed($"package_search result {start}", "The result is not a package dict.");
            }
            if (results.Count < PageSize || start + PageSize >= count)
            {
                yield break;
            }
        }
    }

    public async Task<IReadOnlySet<string>?> RemoteIdsAsync(HarvestSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var client = http.CreateClient(Harvesting.HttpClientName);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var start = 0; ; start += IdPageSize)
        {
            var result = await CallAsync(client, source, $"package_search?q=*:*&rows={IdPageSize}&start={start}&sort=id%20asc&fl=id&facet=false", cancellationToken);
            if (result is not JsonObject page || page["results"] is not JsonArray results)
            {
                throw new HarvestSourceException($"{source.Url} answered package_search without results; is it a CKAN site?");
            }
            foreach (var item in results)
            {
                if (item is JsonObject { } package && package["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String)
                {
                    ids.Add(id.GetValue<string>());
                }
            }
            var count = page["count"]?.GetValue<int>() ?? 0;
            if (results.Count < IdPageSize || start + IdPageSize >= count)
            {
                return ids;
            }
        }
    }

    /// A package dict as a harvested record; what cannot be read is the record's error.
    public static HarvestItem Read(JsonObject package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var reader = new CkanPackageReader();
        var remoteId = reader.Text(package, "id") ?? reader.Text(package, "name");
        if (remoteId is null)
        {
            return HarvestItem.Failed("(a package without id or name)", "The package has neither an id nor a name.");
        }
        var input = reader.ReadDataset(package);
        var extras = reader.ReadExtras(package);
        var organization = package["organization"] as JsonObject;
        var known = CkanExtras.All;
        var record = new HarvestedRecord
        {
            RemoteId = remoteId,
            Input = input with
            {
                Agency = (organization is null ? null : reader.Text(organization, "name")) ?? input.Agency,
                ExtraFields = extras.Where(e => !known.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
            },
            OrganizationTitle = organization is null ? null : reader.Text(organization, "title"),
            Name = reader.Text(package, "name"),
            Identifier = extras.GetValueOrDefault(CkanExtras.Identifier),
            PreferredId = Guid.TryParse(remoteId, out var id) ? id : null,
            RemoteModifiedAt = Timestamp(reader.Text(package, "metadata_modified")),
            FirstPublishedAt = Timestamp(extras.GetValueOrDefault(CkanExtras.FirstPublished)),
            DataModifiedAt = Timestamp(extras.GetValueOrDefault(CkanExtras.DataModified)),
            QualityMark = extras.GetValueOrDefault(CkanExtras.QualityMark),
            IsSample = string.Equals(extras.GetValueOrDefault(CkanExtras.Sample), "true", StringComparison.OrdinalIgnoreCase),
            Resources = ReadResources(package, reader),
        };
        return reader.IsValid
            ? HarvestItem.Read(record)
            : HarvestItem.Failed(remoteId, string.Join(" ", reader.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }

    private static List<HarvestedResource> ReadResources(JsonObject package, CkanPackageReader reader)
    {
        var resources = new List<HarvestedResource>();
        if (package["resources"] is not JsonArray list)
        {
            return resources;
        }
        foreach (var item in list.OfType<JsonObject>())
        {
            resources.Add(new HarvestedResource(reader.ReadResource(item))
            {
                PreferredId = Guid.TryParse(reader.Text(item, "id"), out var id) ? id : null,
                Identifier = reader.Text(item, "identifier"),
                Size = long.TryParse(reader.Text(item, "size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null,
                MediaType = reader.Text(item, "mimetype"),
            });
        }
        return resources;
    }

    /// CKAN writes UTC timestamps without a zone ("2024-05-01T08:00:00.123456"); Kaifang adds Z.
    public static DateTimeOffset? Timestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;

    /// The Action API below the source's address: its root, or its /api/3/action.
    public static string ActionUrl(HarvestSource source, string call)
    {
        ArgumentNullException.ThrowIfNull(source);
        var root = source.Url.TrimEnd('/');
        foreach (var suffix in new[] { "/api/3/action", "/api/action", "/api/3", "/api" })
        {
            if (root.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                root = root[..^suffix.Length];
                break;
            }
        }
        return $"{root}/api/3/action/{call}";
    }

    private static async Task<JsonNode?> CallAsync(HttpClient client, HarvestSource source, string call, CancellationToken cancellationToken)
    {
        var url = ActionUrl(source, call);
        var body = await Harvesting.GetAsync(client, url, cancellationToken);
        JsonNode? envelope;
        try
        {
            envelope = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw new HarvestSourceException($"{url} did not answer JSON ({e.Message}); is {source.Url} a CKAN site?", e);
        }
        if (envelope is not JsonObject o || o["success"] is not JsonValue success || success.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new HarvestSourceException($"{url} did not answer in CKAN's {{\"success\", \"result\"}} envelope; is {source.Url} a CKAN site?");
        }
        if (!success.GetValue<bool>())
        {
            throw new HarvestSourceException($"{url} refused the call: {o["error"]?.ToJsonString()}");
        }
        return o["result"];
    }
}
