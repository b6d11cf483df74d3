using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Kaifang.Tests.Interop.NationalSync;

/// A stand-in for data.gov.tw's dataset API on 127.0.0.1 (a random port), following its documented
/// contract (docs/national-sync.md): POST /api/v2/rest/dataset, PUT and DELETE /api/v2/rest/dataset/{datasetId},
/// the API key as the Authorization header, and every error of its own as HTTP 200 with
/// {"success": false, "error": {"code", "message"}}. Faults a test queues are played first, one per request.
public sealed class NationalPlatformStandIn : IAsyncDisposable
{
    public enum Fault
    {
        /// HTTP 200 with success: false, as the platform reports a refused request.
        BodyError,
        /// HTTP 500 with an HTML page, as a proxy in front of the platform does.
        ServerError,
        /// No answer for longer than Kaifang waits.
        Timeout,
    }

    public sealed record Request(string Method, string Path, string? Authorization, string Body);

    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly ConcurrentDictionary<string, JsonObject> _datasets = new();
    private readonly ConcurrentQueue<Request> _requests = new();
    private int _nextId = 160_000;
    private LoopbackServer _server = null!; // set by StartAsync

    public string BaseUrl => _server.BaseUrl;
    public string ApiKey { get; }

    /// When set, every request is refused with this error in the body until it is cleared.
    public string? RefuseAllWith { get; set; }

    public IReadOnlyCollection<Request> Requests => [.. _requests];
    public IReadOnlyDictionary<string, JsonObject> Datasets => _datasets;

    private NationalPlatformStandIn(string apiKey) => ApiKey = apiKey;

    public void Enqueue(params Fault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    public static async Task<NationalPlatformStandIn> StartAsync(string apiKey)
    {
        var self = new NationalPlatformStandIn(apiKey);
        self._server = await LoopbackServer.StartAsync(self.Routes);
        return self;
    }

    private void Routes(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            _requests.Enqueue(new Request(context.Request.Method, context.Request.Path.Value ?? "", context.Request.Headers.Authorization.FirstOrDefault(), body));
            if (_faults.TryDequeue(out var fault))
            {
                switch (fault)
                {
                    case Fault.BodyError:
                        await Results.Json(Error("E0500", "系統忙碌中，請稍後再試")).ExecuteAsync(context);
                        return;
                    case Fault.ServerError:
                        context.Response.StatusCode = 500;
                        context.Response.ContentType = "text/html";
                        await context.Response.WriteAsync("<html><body>Internal Server Error</body></html>", context.RequestAborted);
                        return;
                    default:
                        try
                        {
                            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                        }
                        catch (OperationCanceledException)
                        {
                        }
                        return;
                }
            }
            if (RefuseAllWith is { } refusal)
            {
                await Results.Json(Error("E0400", refusal)).ExecuteAsync(context);
                return;
            }
            if (context.Request.Headers.Authorization.FirstOrDefault() != ApiKey)
            {
                // The platform's answer to a wrong key or an address off its whitelist: still HTTP 200.
                await Results.Json(Error("E0401", "API Key 驗證失敗或來源 IP 未經授權")).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        app.MapPost("/api/v2/rest/dataset", async (HttpContext context) =>
        {
            var dataset = await ReadAsync(context);
            if (Invalid(dataset) is { } invalid)
            {
                return Results.Json(Error("E0422", invalid));
            }
            var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _datasets[id] = dataset!;
            return Results.Json(new { success = true, result = new { datasetId = id } });
        });
        app.MapPut("/api/v2/rest/dataset/{id}", async (string id, HttpContext context) =>
        {
            if (!_datasets.ContainsKey(id))
            {
                return Results.Json(Error("E0404", $"查無資料集 {id}"));
            }
            var dataset = await ReadAsync(context);
            if (Invalid(dataset) is { } invalid)
            {
                return Results.Json(Error("E0422", invalid));
            }
            _datasets[id] = dataset!;
            return Results.Json(new { success = true, result = new { datasetId = id } });
        });
        app.MapDelete("/api/v2/rest/dataset/{id}", (string id) => _datasets.TryRemove(id, out _)
            ? Results.Json(new { success = true, result = new { datasetId = id } })
            : Results.Json(Error("E0404", $"查無資料集 {id}")));
    }

    private static object Error(string code, string message) => new { success = false, error = new { code, message } };

    private static async Task<JsonObject?> ReadAsync(HttpContext context)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<JsonNode>(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Invalid(JsonObject? dataset) =>
        dataset is null ? "輸入格式錯誤：不是 JSON 物件" : Missing(dataset) is { } missing ? $"欄位 {missing} 為必填" : null;

    /// The standard's required fields a request left out or empty.
    private static string? Missing(JsonObject dataset) =>
        ((string[])["categoryService", "title", "description", "publisherOID", "publisherContactName", "distribution"])
            .FirstOrDefault(f => dataset[f] is null || (dataset[f] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0));

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
