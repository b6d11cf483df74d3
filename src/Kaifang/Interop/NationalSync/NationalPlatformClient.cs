using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Kaifang.Interop.NationalSync;

/// The national platform's dataset API (docs/national-sync.md): POST {base}/api/v2/rest/dataset creates,
/// PUT …/dataset/{datasetId} changes and DELETE …/dataset/{datasetId} removes a dataset's metadata, with
/// the agency's API key as the Authorization header. The platform answers its own errors with HTTP 200
/// and {"success": false, "error": {…}}, so the body decides; a status without such a body, a refused
/// connection and a timeout are failures too.
public sealed class NationalPlatformClient(IHttpClientFactory clients, IOptions<NationalSyncOptions> options)
{
    public const string HttpClientName = "national-sync";
    public const string DatasetPath = "/api/v2/rest/dataset";

    /// The longest piece of an answer kept as the error.
    private const int MaxErrorLength = 1000;

    public Task<NationalAnswer> CreateAsync(string baseUrl, string apiKey, byte[] payload, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{baseUrl.TrimEnd('/')}{DatasetPath}", apiKey, payload, cancellationToken);

    public Task<NationalAnswer> UpdateAsync(string baseUrl, string apiKey, string nationalId, byte[] payload, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"{baseUrl.TrimEnd('/')}{DatasetPath}/{Uri.EscapeDataString(nationalId)}", apiKey, payload, cancellationToken);

    public Task<NationalAnswer> DeleteAsync(string baseUrl, string apiKey, string nationalId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"{baseUrl.TrimEnd('/')}{DatasetPath}/{Uri.EscapeDataString(nationalId)}", apiKey, null, cancellationToken);

    private async Task<NationalAnswer> SendAsync(HttpMethod method, string url, string apiKey, byte[]? payload, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        // The platform's guide: "在 HTTP header 裡設定屬性 Authorization 的值為 API Key" — the key itself, no scheme.
        request.Headers.TryAddWithoutValidation("Authorization", apiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (payload is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }
        var timeout = TimeSpan.FromSeconds(Math.Max(1, options.Value.RequestTimeoutSeconds));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var body = await response.Content.ReadAsStringAsync(limit.Token);
            return Read((int)response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return NationalAnswer.Failed($"No answer within {timeout.TotalSeconds:0} seconds (timeout).", null);
        }
        catch (HttpRequestException e)
        {
            return NationalAnswer.Failed($"Could not reach {new Uri(url).GetLeftPart(UriPartial.Authority)}: {e.Message}", null);
        }
    }

    /// Reads an answer: the body's success flag decides where there is one; otherwise the status does,
    /// and even a 2xx without it is a failure, since the platform always says.
    public static NationalAnswer Read(int status, string body)
    {
        JsonElement root = default;
        var json = false;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "null" : body);
            root = document.RootElement.Clone();
            json = true;
        }
        catch (JsonException)
        {
        }
        if (json && root.ValueKind == JsonValueKind.Object && root.TryGetProperty("success", out var success)
            && success.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            if (success.ValueKind == JsonValueKind.True)
            {
                return NationalAnswer.Succeeded(DatasetIdOf(root), status);
            }
            return NationalAnswer.Failed(ErrorOf(root), status);
        }
        var excerpt = Shorten(body.Trim());
        return status is >= 200 and < 300
            ? NationalAnswer.Failed($"HTTP {status} without a success flag in the answer: {(excerpt.Length == 0 ? "(empty)" : excerpt)}", status)
            : NationalAnswer.Failed($"HTTP {status}{(excerpt.Length == 0 ? "" : $": {excerpt}")}", status);
    }

    /// The platform's id for the dataset, where the answer gives one: result as a plain value, or its
    /// datasetId (datasetid, id) field, or a datasetId beside success.
    private static string? DatasetIdOf(JsonElement root)
    {
        if (root.TryGetProperty("result", out var result))
        {
            if (result.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                return Text(result);
            }
            if (result.ValueKind == JsonValueKind.Object && IdField(result) is { } id)
            {
                return id;
            }
        }
        return IdField(root);
    }

    private static string? IdField(JsonElement element)
    {
        foreach (var name in (string[])["datasetId", "datasetid", "id"])
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number && Text(value) is { Length: > 0 } text)
            {
                return text;
            }
        }
        return null;
    }

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();

    /// "[code] message" from {"error": {"code"|"type": …, "message": …}}, or the error as given.
    private static string ErrorOf(JsonElement root)
    {
        if (!root.TryGetProperty("error", out var error))
        {
            return "The platform answered success: false without saying why.";
        }
        if (error.ValueKind == JsonValueKind.String)
        {
            return Shorten(error.GetString() ?? "");
        }
        if (error.ValueKind != JsonValueKind.Object)
        {
            return Shorten(error.GetRawText());
        }
        string? Field(params string[] names) => names.Select(n => error.TryGetProperty(n, out var v) && v.ValueKind is JsonValueKind.String or JsonValueKind.Number ? Text(v) : null)
            .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        var code = Field("code", "type");
        var message = Field("message", "msg", "description") ?? Shorten(error.GetRawText());
        return Shorten(code is null ? message : $"[{code}] {message}");
    }

    private static string Shorten(string text) => text.Length <= MaxErrorLength ? text : string.Concat(text.AsSpan(0, MaxErrorLength), "…");
}

/// What the platform said to one request.
public sealed record NationalAnswer(bool Success, string? DatasetId, string? Error, int? HttpStatus)
{
    public static NationalAnswer Succeeded(string? datasetId, int status) => new(true, datasetId, null, status);
    public static NationalAnswer Failed(string error, int? status) => new(false, null, error, status);
}
