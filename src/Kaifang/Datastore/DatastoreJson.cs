using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kaifang.Datastore;

/// DataStore values in JSON — numbers as numbers, booleans as booleans, text as strings — the same for every
/// API that serves its rows (the DataStore API, CKAN's datastore_search and the common data-access API).
public static class DatastoreJson
{
    /// A filter or parameter value as text: a JSON string as it is, anything else as its JSON.
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    /// A cell read from the DataStore as a JSON value: booleans, integers and finite numbers as themselves, the rest as text.
    public static JsonNode? ValueOf(object? value) => value switch
    {
        null => null,
        bool b => b,
        long l => l,
        double d when double.IsFinite(d) => d,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// A search's rows as JSON objects keyed by field id.
    public static List<JsonObject> Records(DatastoreSearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.Records.Select(row =>
        {
            var record = new JsonObject();
            for (var i = 0; i < row.Length; i++)
            {
                record[result.Fields[i].Id] = ValueOf(row[i]);
            }
            return record;
        })];
    }

    public static void WriteValue(Utf8JsonWriter json, object? value)
    {
        ArgumentNullException.ThrowIfNull(json);
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case byte[] bytes:
                json.WriteBase64StringValue(bytes);
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
