using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Caching.Memory;

namespace Kaifang.Web.Api.Ckan;

/// Package dicts as written JSON, kept for the datasets package_search answers most, so that a
/// search returning them does not load and rebuild them from the database each time. An entry is
/// found only under the dataset's modification time as the search index has it, the address the
/// answer is for and the resources that have DataStore tables, so any change makes a new entry.
public sealed class CkanPackageCache : IDisposable
{
    /// Bytes of JSON kept; a package dict is typically 2 to 4 KB.
    public const long SizeLimitBytes = 32L * 1024 * 1024;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes, CompactionPercentage = 0.25 });

    public static string Key(Guid id, DateTimeOffset modified, string baseUrl, IReadOnlySet<Guid>? datastoreActive) =>
        $"{id:N}|{modified.UtcTicks}|{baseUrl}|{(datastoreActive is null ? "" : string.Join(',', datastoreActive.Order()))}";

    public bool TryGet(string key, out RawJson? package) => _cache.TryGetValue(key, out package);

    public RawJson Add(string key, JsonObject package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var raw = new RawJson(JsonSerializer.SerializeToUtf8Bytes(package, RawJson.WriterOptions));
        _cache.Set(key, raw, new MemoryCacheEntryOptions { Size = raw.Utf8.Length + key.Length * 2 + 64 });
        return raw;
    }

    public void Dispose() => _cache.Dispose();
}

/// JSON already written, placed into an answer as it is.
[JsonConverter(typeof(RawJsonConverter))]
public sealed class RawJson(byte[] utf8)
{
    /// As the CKAN answers are written: Chinese as it is, not escaped.
    public static readonly JsonSerializerOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static readonly JsonTypeInfo<RawJson> TypeInfo = (JsonTypeInfo<RawJson>)WriterOptions.GetTypeInfo(typeof(RawJson));

    public byte[] Utf8 { get; } = utf8;

    public JsonNode AsNode() => JsonValue.Create(this, TypeInfo)!;

    private sealed class RawJsonConverter : JsonConverter<RawJson>
    {
        public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("RawJson is written only.");

        public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Utf8, skipInputValidation: true);
    }
}
