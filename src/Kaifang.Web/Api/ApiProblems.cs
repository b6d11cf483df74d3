using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;

namespace Kaifang.Web.Api;

/// Errors on the API's addresses answer as RFC 9457 problem details in JSON, like the API's own validation errors,
/// never with the HTML pages people get. Each says what to fix: a query parameter that cannot be read is named with
/// the form it needs, a body that is not the JSON asked for says where it went wrong, a 405 lists the methods the
/// address takes, a 415 the media types, a 401 how to send a token, a 404 where the reference is.
public static partial class ApiProblems
{
    /// The API's addresses; the reference page under /api/docs is a page.
    public static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/api/docs");

    /// Inside the HTML status pages and exception handler, so that an API answer is written before they see it.
    public static WebApplication UseApiProblems(this WebApplication app)
    {
        app.UseWhen(IsApi, api =>
        {
            if (!app.Environment.IsDevelopment())
            {
                api.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteServerErrorAsync });
            }
            api.UseStatusCodePages(context => WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode, null));
        });
        return app;
    }

    /// The problem for a status an endpoint or the framework set without a body, or for the request it refused by
    /// throwing (a body that is not JSON, of another media type, larger than the limit).
    public static Task WriteAsync(HttpContext http, int status, BadHttpRequestException? refused)
    {
        var english = http.WantsEnglish();
        string Say(string zh, string en) => english ? en : zh;
        var allow = http.Response.Headers.Allow;
        http.Response.Clear();
        http.Response.StatusCode = status;
        if (status == StatusCodes.Status405MethodNotAllowed)
        {
            http.Response.Headers.Allow = allow;
        }
        if (status == StatusCodes.Status400BadRequest)
        {
            return BadRequest(http, english, refused?.InnerException as JsonException).ExecuteAsync(http);
        }
        var endpoint = http.GetEndpoint();
        var (title, detail) = status switch
        {
            StatusCodes.Status401Unauthorized => (Say("需要有效的 API 權杖。", "A valid API token is needed."),
                Say("請在 Authorization 標頭送出權杖（可加 Bearer 前綴）；權杖在 /admin/tokens 建立。",
                    "Send the token in the Authorization header, bare or as 'Bearer <token>'; create one at /admin/tokens.")),
            StatusCodes.Status403Forbidden => (Say("您的帳號沒有執行此操作的權限。", "Your account may not do this."), null),
            StatusCodes.Status404NotFound when endpoint is null => (Say("API 沒有這個位址。", "The API has no such address."),
                Reference(http, english)),
            StatusCodes.Status404NotFound => (Say("找不到要求的項目。", "Nothing was found for this request."), null),
            StatusCodes.Status405MethodNotAllowed => MethodNotAllowed(http, english),
            StatusCodes.Status415UnsupportedMediaType => (Say(
                $"請以 {Accepted(endpoint)} 送出請求內容（收到的是 {http.Request.ContentType ?? "無類型"}）。",
                $"Send the request body as {Accepted(endpoint)} (it came as {http.Request.ContentType ?? "no type"})."), null),
            StatusCodes.Status413PayloadTooLarge => (Say("請求內容超過上傳上限，未儲存任何變更。", "The request is larger than the upload limit; nothing was saved."), null),
            _ => (ReasonPhrases.GetReasonPhrase(status), null),
        };
        return TypedResults.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(http);
    }

    private static string Reference(HttpContext http, bool english) => english
        ? $"The API's addresses and parameters are listed at {http.BaseUrl()}/api/docs."
        : $"API 的位址與參數見 {http.BaseUrl()}/api/docs。";

    private static IResult BadRequest(HttpContext http, bool english, JsonException? json)
    {
        string Say(string zh, string en) => english ? en : zh;
        if (json is not null)
        {
            var converted = ConvertedTo().Match(json.Message);
            if (json.Path is { Length: > 1 } path && converted.Success)
            {
                var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
                var kind = Describe(converted.Groups["type"].Value, english);
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { [field] = [Say($"{field} 須為{kind}。", $"{field} must be {kind}.")] },
                    title: Say("請求內容的 JSON 欄位型別有誤，未儲存任何變更。", "A field of the request's JSON has the wrong type; nothing was saved."));
            }
            if (converted.Success)
            {
                var kind = Describe(converted.Groups["type"].Value, english);
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                    title: Say($"請求內容須為 JSON {kind}，未儲存任何變更。", $"The request body must be JSON {kind}; nothing was saved."));
            }
            var line = (json.LineNumber ?? 0) + 1;
            var position = (json.BytePositionInLine ?? 0) + 1;
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: Say($"請求內容不是有效的 JSON（第 {line} 行第 {position} 個位元組），未儲存任何變更。",
                    $"The request body is not valid JSON (line {line}, byte {position}); nothing was saved."));
        }

        var errors = UnreadParameters(http, english);
        if (errors.Count > 0)
        {
            var names = string.Join(english ? ", " : "、", errors.Keys);
            return TypedResults.ValidationProblem(errors,
                title: Say($"無法讀取請求參數：{names}。", $"These parameters cannot be read: {names}."));
        }
        return http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0
            ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: Say("無法讀取請求內容，未儲存任何變更。", "The request's body cannot be read; nothing was saved."))
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: Say("要求有誤，請檢查參數與請求內容。", "The request is not valid; check its parameters and body."),
                detail: Reference(http, english));
    }

    /// The route and query values the endpoint could not turn into its parameters' types. The request delegate
    /// answers such a request with a bare 400 (and names nothing for nullable parameters), so the values are
    /// read again here, on the error's path only.
    private static Dictionary<string, string[]> UnreadParameters(HttpContext http, bool english)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var parameter in http.GetEndpoint()?.Metadata.GetOrderedMetadata<IParameterBindingMetadata>() ?? [])
        {
            if (!parameter.HasTryParse)
            {
                continue;
            }
            var type = parameter.ParameterInfo.ParameterType;
            var element = type.IsArray ? type.GetElementType()! : type;
            element = Nullable.GetUnderlyingType(element) ?? element;
            var values = http.Request.RouteValues.TryGetValue(parameter.Name, out var routed) && routed is string one
                ? [one]
                : http.Request.Query[parameter.Name].ToArray();
            var given = values.Where(v => !string.IsNullOrEmpty(v)).ToList();
            if (given.Count == 0)
            {
                if (!parameter.IsOptional && !type.IsArray && Nullable.GetUnderlyingType(type) is null && type.IsValueType)
                {
                    errors[parameter.Name] = [english ? $"{parameter.Name} is required." : $"請提供 {parameter.Name}。"];
                }
                continue;
            }
            if (given.FirstOrDefault(v => !Parses(element, v!)) is { } bad)
            {
                var kind = Describe(element, english);
                errors[parameter.Name] = [english ? $"{parameter.Name} must be {kind}; '{bad}' is not." : $"{parameter.Name} 的值「{bad}」須為{kind}。"];
            }
        }
        return errors;
    }

    private static bool Parses(Type type, string value)
    {
        if (type.IsEnum)
        {
            return Enum.TryParse(type, value, ignoreCase: true, out _);
        }
        if (type == typeof(string))
        {
            return true;
        }
        // IParsable's TryParse(string, IFormatProvider, out T), as the request delegate calls it, or the older TryParse(string, out T).
        var withCulture = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]);
        if (withCulture is not null)
        {
            return (bool)withCulture.Invoke(null, [value, CultureInfo.InvariantCulture, null])!;
        }
        var plain = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), type.MakeByRefType()]);
        return plain is null || (bool)plain.Invoke(null, [value, null])!;
    }

    private static string Describe(Type type, bool english) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) => english ? "a whole number" : "整數",
        _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => english ? "a number" : "數字",
        _ when type == typeof(bool) => english ? "true or false" : "true 或 false",
        _ when type == typeof(Guid) => english ? "a UUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301" : "UUID，例如 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        _ when type == typeof(DateOnly) => english ? "a date such as 2027-01-31" : "日期，例如 2027-01-31",
        _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => english ? "an ISO 8601 time such as 2027-01-31T08:00:00Z" : "ISO 8601 時間，例如 2027-01-31T08:00:00Z",
        _ when type.IsEnum => english ? $"one of {string.Join(", ", Enum.GetNames(type))}" : $"下列之一：{string.Join("、", Enum.GetNames(type))}",
        _ => english ? $"of the form {type.Name}" : $"{type.Name} 格式",
    };

    /// The type named in System.Text.Json's "could not be converted to X" message, in words.
    private static string Describe(string typeName, bool english) => typeName switch
    {
        "System.String" => english ? "text" : "文字",
        "System.Int32" or "System.Int64" or "System.Int16" or "System.Byte" => Describe(typeof(int), english),
        "System.Decimal" or "System.Double" or "System.Single" => Describe(typeof(decimal), english),
        "System.Boolean" => Describe(typeof(bool), english),
        "System.Guid" => Describe(typeof(Guid), english),
        "System.DateOnly" => Describe(typeof(DateOnly), english),
        "System.DateTime" or "System.DateTimeOffset" => Describe(typeof(DateTimeOffset), english),
        _ when typeName.EndsWith("[]", StringComparison.Ordinal) || typeName.StartsWith("System.Collections", StringComparison.Ordinal)
            => english ? "a list" : "陣列",
        _ when typeName.StartsWith("System.Nullable`1[[", StringComparison.Ordinal)
            => Describe(typeName["System.Nullable`1[[".Length..].Split(',')[0], english),
        _ => english ? "an object" : "物件",
    };

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\.? Path:")]
    private static partial Regex ConvertedTo();

    private static (string Title, string? Detail) MethodNotAllowed(HttpContext http, bool english)
    {
        var allowed = http.Response.Headers.Allow.ToString();
        if (string.IsNullOrEmpty(allowed) && http.GetEndpoint()?.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods)
        {
            allowed = string.Join(", ", methods.HttpMethods);
        }
        return english
            ? ($"This address does not take {http.Request.Method}; it takes {allowed}.", null)
            : ($"此位址不接受 {http.Request.Method}，可用的方法是 {allowed}。", null);
    }

    private static string Accepted(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 } accepts
            ? string.Join(", ", accepts.ContentTypes)
            : "application/json";

    private static Task WriteServerErrorAsync(HttpContext http)
    {
        var english = http.WantsEnglish();
        return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError,
            title: english ? "Kaifang could not handle the request; please try again later." : "系統暫時無法處理此要求，請稍後再試。",
            detail: english ? $"Quote the trace identifier when reporting it: {http.TraceIdentifier}." : $"回報時請附上追蹤代碼：{http.TraceIdentifier}。")
            .ExecuteAsync(http);
    }
}
