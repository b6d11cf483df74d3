using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Diagnostics;

namespace Kaifang.Web.Api.Ckan;

/// CKAN's Action API v3 at /api/3/action/{name} and /api/action/{name}: GET for actions without side
/// effects, POST (JSON body or form) for all; answers in CKAN's {"help", "success", "result"}
/// envelope with CKAN's error types and status codes, so that CKAN clients and harvesters work
/// unchanged (docs/interop.md).
public static class CkanActionApi
{
    /// Chinese stays readable in the answer, as CKAN writes it; package dicts already written are placed as they are.
    private static readonly JsonSerializerOptions Json = WrittenJson.WriterOptions;

    public static IEndpointRouteBuilder MapCkanActionApi(this IEndpointRouteBuilder routes)
    {
        foreach (var prefix in new[] { "/api/3/action", "/api/action" })
        {
            routes.MapMethods(prefix + "/{action}", [HttpMethods.Get, HttpMethods.Post], HandleAsync)
                .WithTags("CKAN Action API")
                .WithSummary("Call a CKAN action (package_search, package_show, package_create, datastore_search …)")
                .WithDescription("CKAN Action API v3. GET for read actions; POST with a JSON body or a form for all. Tokens go in the Authorization header. The answer is CKAN's {help, success, result} envelope.")
                .DisableAntiforgery();
        }
        routes.MapGet("/api/3", () => Results.Json(new { version = 3 })).ExcludeFromDescription();
        return routes;
    }

    private static async Task HandleAsync(string action, HttpContext http)
    {
        var help = $"{http.BaseUrl()}/api/3/action/help_show?name={Uri.EscapeDataString(action)}";
        if (!CkanActions.All.TryGetValue(action, out var definition))
        {
            await WriteAsync(http, 400, JsonValue.Create($"Bad request: Action name not known: {action}"));
            return;
        }
        if (HttpMethods.IsGet(http.Request.Method) && !definition.SideEffectFree)
        {
            await WriteAsync(http, 400, JsonValue.Create("Bad request: JSON Error: Invalid request. Please use POST method for your request"));
            return;
        }

        var envelope = new JsonObject { ["help"] = help };
        try
        {
            var (data, files) = await ReadRequestAsync(http);
            var result = await definition.Run(new CkanCall(http, action, data, files));
            envelope["success"] = true;
            envelope["result"] = result;
            await WriteAsync(http, 200, envelope);
        }
        catch (CkanException error)
        {
            envelope["success"] = false;
            envelope["error"] = error.ToJson();
            await WriteAsync(http, error.Status, envelope);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CkanActionApi))
                .LogError(e, "CKAN action {Action} failed", action);
            envelope["success"] = false;
            envelope["error"] = new JsonObject { ["__type"] = "Internal Server Error", ["message"] = "Internal Server Error" };
            await WriteAsync(http, 500, envelope);
        }
    }

    /// The parameters: the query string for GET; for POST a JSON dict, or a form (whose single
    /// key may itself be the JSON, as some CKAN clients send it), with any uploaded files.
    private static async Task<(JsonObject Data, IFormFileCollection? Files)> ReadRequestAsync(HttpContext http)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method))
        {
            return (FromPairs(request.Query.Select(q => (q.Key, q.Value))), null);
        }
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(http.RequestAborted);
            }
            catch (InvalidDataException e)
            {
                throw CkanException.Integrity($"The form could not be read: {e.Message}");
            }
            catch (BadHttpRequestException e)
            {
                throw CkanException.Integrity($"The form could not be read: {e.Message}");
            }
            if (form.Files.Count == 0 && form.Count == 1 && form.First().Value.ToString() is "" or "1" && form.First().Key.TrimStart().StartsWith('{'))
            {
                return (ParseDict(form.First().Key), null);
            }
            return (FromPairs(form.Select(f => (f.Key, f.Value))), form.Files);
        }

        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        if (string.IsNullOrWhiteSpace(body))
        {
            // A POST without a body still takes the query string, as GET does.
            return (FromPairs(request.Query.Select(q => (q.Key, q.Value))), null);
        }
        return (ParseDict(body), null);
    }

    private static JsonObject ParseDict(string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw CkanException.Integrity($"JSON Error: the request body is not valid JSON ({e.Message}).");
        }
        return node as JsonObject
            ?? throw CkanException.Integrity($"JSON Error: the request data decoded to {(node is JsonArray ? "a list" : "a value")} but it needs to be a dictionary.");
    }

    private static JsonObject FromPairs(IEnumerable<(string Key, Microsoft.Extensions.Primitives.StringValues Values)> pairs)
    {
        var data = new JsonObject();
        foreach (var (key, values) in pairs)
        {
            data[key] = values.Count == 1
                ? JsonValue.Create(values[0])
                : new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }
        return data;
    }

    private static async Task WriteAsync(HttpContext http, int status, JsonNode? body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json;charset=utf-8";
        // An API answer is final: the HTML error pages must not replace it.
        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter, new JsonWriterOptions { Encoder = Json.Encoder });
        if (body is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            body.WriteTo(writer, Json);
        }
        await writer.FlushAsync(http.RequestAborted);
    }
}
