using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kaifang.Accounts;

namespace Kaifang.Web.Api.Ckan;

/// One call of a CKAN action: its parameters as a JSON dict (from the query string, a form or a JSON
/// body), the caller, and typed readers that turn bad parameters into CKAN's Validation Error.
public sealed class CkanCall(HttpContext http, string action, JsonObject data, IFormFileCollection? files)
{
    public HttpContext Http { get; } = http;
    public string Action { get; } = action;
    public JsonObject Data { get; } = data;
    public StaffScope? Staff { get; } = http.Staff();
    public bool English { get; } = http.WantsEnglish();
    public string BaseUrl { get; } = http.BaseUrl();
    public CancellationToken Aborted => Http.RequestAborted;

    public T Service<T>() where T : notnull => Http.RequestServices.GetRequiredService<T>();

    public IFormFile? File(string name) => files?.GetFile(name);

    /// The signed-in staff member, or CKAN's Authorization Error.
    public StaffScope RequireStaff() =>
        Staff ?? throw CkanException.Forbidden($"Action {Action} requires an authenticated user (send an API token in the Authorization header).");

    public bool Has(string key) => Data.TryGetPropertyValue(key, out var v) && v is not null;

    public string? Text(string key)
    {
        if (!Data.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }
        if (node is JsonValue value)
        {
            return value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
                _ => null,
            };
        }
        throw CkanException.Validation(key, "Must be a string.");
    }

    public string Required(string key) =>
        Text(key) is { Length: > 0 } value ? value : throw CkanException.Validation(key, "Missing value");

    public int Number(string key, int fallback, int min = 0, int max = int.MaxValue)
    {
        var text = Text(key);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw CkanException.Validation(key, "Invalid integer");
        }
        if (value < min)
        {
            throw CkanException.Validation(key, min == 0 ? "Must be a natural number" : $"Must be at least {min}");
        }
        return Math.Min(value, max);
    }

    public bool Flag(string key, bool fallback)
    {
        var text = Text(key);
        return text?.Trim().ToLowerInvariant() switch
        {
            null or "" => fallback,
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw CkanException.Validation(key, "Must be true or false"),
        };
    }

    /// A list given as a JSON list, as a JSON-encoded list in a string (CKAN's facet.field), as a
    /// repeated query parameter, or as one value.
    public IReadOnlyList<string> List(string key)
    {
        if (!Data.TryGetPropertyValue(key, out var node) || node is null)
        {
            return [];
        }
        if (node is JsonArray array)
        {
            return [.. array.Select(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? v.GetValue<string>()
                : throw CkanException.Validation(key, "Must be a list of strings"))];
        }
        var text = Text(key);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        if (text.TrimStart().StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<List<string>>(text) ?? [];
            }
            catch (JsonException)
            {
                throw CkanException.Validation(key, "Must be a JSON list of strings, e.g. [\"tags\", \"res_format\"]");
            }
        }
        return [text];
    }

    /// The parameter as a JSON object (a dict inside a JSON body, or a JSON-encoded dict in a string).
    public JsonObject? Dict(string key)
    {
        if (!Data.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }
        if (node is JsonObject obj)
        {
            return obj;
        }
        var text = Text(key);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw CkanException.Validation(key, "Must be a JSON object");
        }
        catch (JsonException)
        {
            throw CkanException.Validation(key, "Must be a JSON object");
        }
    }
}

/// An action's failure, answered in CKAN's error envelope with CKAN's status code.
public sealed class CkanException : Exception
{
    private CkanException(int status, string type, string? message, IReadOnlyDictionary<string, List<string>>? fields)
        : base(message ?? type)
    {
        Status = status;
        Type = type;
        ErrorMessage = message;
        Fields = fields;
    }

    public int Status { get; }
    public string Type { get; }
    public string? ErrorMessage { get; }
    public IReadOnlyDictionary<string, List<string>>? Fields { get; }

    public static CkanException NotFound(string message) => new(404, "Not Found Error", $"Not found: {message}", null);

    public static CkanException Forbidden(string message) => new(403, "Authorization Error", $"Access denied: {message}", null);

    public static CkanException Validation(IReadOnlyDictionary<string, List<string>> fields) => new(409, "Validation Error", null, fields);

    public static CkanException Validation(string field, string message) =>
        Validation(new Dictionary<string, List<string>>(StringComparer.Ordinal) { [field] = [message] });

    public static CkanException SearchQuery(string message) => new(400, "Search Query Error", $"Search Query is invalid: {message}", null);

    public static CkanException Integrity(string message) => new(400, "Integrity Error", message, null);

    /// The error object of the envelope: a message, or (for validation) the fields and their messages.
    public JsonObject ToJson()
    {
        var error = new JsonObject { ["__type"] = Type };
        if (Fields is not null)
        {
            foreach (var (field, messages) in Fields)
            {
                error[field] = new JsonArray([.. messages.Select(m => (JsonNode)JsonValue.Create(m)!)]);
            }
        }
        else
        {
            error["message"] = ErrorMessage;
        }
        return error;
    }
}
