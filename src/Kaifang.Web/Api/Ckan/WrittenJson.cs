using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Kaifang.Web.Api.Ckan;

/// A value written straight into the answer when the answer is written, without building nodes
/// for it first: package_search's twenty package dicts, about 75 KB.
[JsonConverter(typeof(WrittenJsonConverter))]
public sealed class WrittenJson(Action<Utf8JsonWriter> write)
{
    /// As the CKAN answers are written: Chinese as it is, not escaped.
    public static readonly JsonSerializerOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static readonly JsonTypeInfo<WrittenJson> TypeInfo = (JsonTypeInfo<WrittenJson>)WriterOptions.GetTypeInfo(typeof(WrittenJson));

    public JsonNode AsNode() => JsonValue.Create(this, TypeInfo)!;

    private sealed class WrittenJsonConverter : JsonConverter<WrittenJson>
    {
        public override WrittenJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("WrittenJson is written only.");

        public override void Write(Utf8JsonWriter writer, WrittenJson value, JsonSerializerOptions options) => value._write(writer);
    }

    private readonly Action<Utf8JsonWriter> _write = write;
}
