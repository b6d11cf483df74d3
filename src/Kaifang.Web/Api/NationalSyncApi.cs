using Kaifang.Catalog;
using Kaifang.Interop.NationalSync;

namespace Kaifang.Web.Api;

/// Publishing to the national platform under /api/v1/national-sync (docs/national-sync.md): agency and
/// system administrators see the agencies they reach, push them now and retry failures; the ministry's
/// administrators set each agency's endpoint and key. The key is never given back, only its last four characters.
public static class NationalSyncApi
{
    public static IEndpointRouteBuilder MapNationalSyncApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/national-sync").WithTags("National platform publishing").RequireAuthorization();
        api.MapGet("/agencies", List).WithName("ListNationalSyncAgencies")
            .WithSummary("Each agency you administer: its configuration (the key masked) and how many datasets are in sync, pending or failed");
        api.MapGet("/agencies/{code}", Get).WithName("GetNationalSyncAgency")
            .WithSummary("One agency's configuration and its datasets' records, failed first; status=pending|in_sync|failed|removed narrows them");
        api.MapGet("/agencies/{code}/records/{identifier}", GetRecord).WithName("GetNationalSyncRecord")
            .WithSummary("One dataset's record with the metadata JSON last sent (or due to be sent)");
        api.MapPut("/agencies/{code}", Configure).WithName("ConfigureNationalSync")
            .WithSummary("Set an agency's endpoint, API key and whether it publishes (the ministry's administrators)")
            .WithDescription("baseUrl: the platform's root (default https://data.gov.tw); apiKey: the key the platform issued, omitted or empty to keep the saved one; clearApiKey: true to remove it; enabled: publish or not (needs a key).");
        api.MapPost("/agencies/{code}/sync", SyncNow).WithName("SyncNationalAgency")
            .WithSummary("Look for changes and send everything pending of the agency now, retry waits included; answers with what was sent");
        api.MapPost("/agencies/{code}/retry", Retry).WithName("RetryNationalSync")
            .WithSummary("Put the agency's failed datasets (or the one named by identifier) back in the queue, due now");
        return routes;
    }

    public sealed record SummaryDto(NationalSyncConfigView Config, int Published, int InSync, int Pending, int Failed, int Removed, DateTimeOffset? LastSyncedAt);

    public sealed record RecordDto(
        string Identifier, string Title, string Status, string Operation, string? NationalId, int Attempts,
        DateTimeOffset QueuedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? SyncedAt,
        string? LastError, int? LastHttpStatus, string? PayloadHash, string? SyncedHash, System.Text.Json.JsonElement? Payload);

    public sealed record AgencyDto(SummaryDto Summary, IReadOnlyList<RecordDto> Records);

    public sealed record RetryDto(int Retried);

    public static string StatusName(NationalSyncStatus status) => status switch
    {
        NationalSyncStatus.Pending => "pending",
        NationalSyncStatus.InSync => "in_sync",
        NationalSyncStatus.Failed => "failed",
        _ => "removed",
    };

    public static string OperationName(NationalSyncOperation operation) => operation.ToString().ToLowerInvariant();

    private static SummaryDto Dto(NationalSyncAgencySummary s) => new(s.Config, s.Published, s.InSync, s.Pending, s.Failed, s.Removed, s.LastSyncedAt);

    private static RecordDto Dto(NationalSyncRecord r, bool withPayload) => new(
        r.Identifier, r.Title, StatusName(r.Status), OperationName(r.Operation), r.NationalId, r.Attempts, r.QueuedAt, r.NextAttemptAt, r.LastAttemptAt,
        r.SyncedAt, r.LastError, r.LastHttpStatus, r.PayloadHash, r.SyncedHash,
        withPayload && r.Payload is not null ? System.Text.Json.JsonDocument.Parse(r.Payload).RootElement.Clone() : null);

    private static async Task<IResult> List(NationalSyncStatusReport report, HttpContext http, CancellationToken ct)
    {
        var staff = http.Staff();
        var overview = staff is null ? [] : await report.OverviewAsync(staff, ct);
        return overview.Count == 0 ? Refused(http) : TypedResults.Ok(overview.Select(Dto).ToList());
    }

    private static async Task<IResult> Get(string code, string? status, NationalSyncStatusReport report, HttpContext http, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return Refused(http);
        }
        NationalSyncStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            var match = Enum.GetValues<NationalSyncStatus>().Where(s => StatusName(s) == status).ToList();
            if (match.Count == 0)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                    title: http.WantsEnglish() ? $"status '{status}' is not one of pending, in_sync, failed, removed." : $"status「{status}」須為 pending、in_sync、failed 或 removed。");
            }
            filter = match[0];
        }
        var records = await report.RecordsAsync(staff, code, filter, ct);
        if (!records.Succeeded)
        {
            return Failure(records.Outcome, http, code);
        }
        var summary = (await report.OverviewAsync(staff, ct)).First(s => string.Equals(s.Config.Agency, code, StringComparison.OrdinalIgnoreCase));
        return TypedResults.Ok(new AgencyDto(Dto(summary), [.. records.Value!.Select(r => Dto(r, withPayload: false))]));
    }

    private static async Task<IResult> GetRecord(string code, string identifier, NationalSyncStatusReport report, HttpContext http, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return Refused(http);
        }
        var records = await report.RecordsAsync(staff, code, null, ct);
        if (!records.Succeeded)
        {
            return Failure(records.Outcome, http, code);
        }
        var record = records.Value!.FirstOrDefault(r => string.Equals(r.Identifier, identifier, StringComparison.OrdinalIgnoreCase));
        return record is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                title: http.WantsEnglish() ? $"Dataset {identifier} has no record of publishing for {code}." : $"資料集 {identifier} 在 {code} 沒有同步紀錄。")
            : TypedResults.Ok(Dto(record, withPayload: true));
    }

    private static async Task<IResult> Configure(string code, NationalSyncConfigInput input, NationalSyncSettings settings, HttpContext http, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return Refused(http);
        }
        var result = await settings.UpdateAsync(staff, code, input, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Failure(result.Outcome, http, code, result.Errors);
    }

    private static async Task<IResult> SyncNow(string code, NationalSyncStatusReport report, NationalSyncRunner runner, HttpContext http,
        IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return Refused(http);
        }
        var node = report.Reach(staff, code, out var refused);
        if (node is null)
        {
            return Failure(refused!.Value, http, code);
        }
        // Requests already sent are recorded even if the caller hangs up.
        var outcome = await runner.RunAsync(node.Code, ignoreBackoff: true, lifetime.ApplicationStopping);
        return TypedResults.Ok(outcome[0]);
    }

    private static async Task<IResult> Retry(string code, string? identifier, NationalSyncStatusReport report, HttpContext http, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return Refused(http);
        }
        var result = await report.RetryAsync(staff, code, identifier, ct);
        return result.Succeeded ? TypedResults.Ok(new RetryDto(result.Value)) : Failure(result.Outcome, http, code);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refused(HttpContext http) => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
        title: http.WantsEnglish() ? "Only agency and system administrators see publishing to the national platform." : "只有機關管理者與系統管理者可以查看國家平臺同步狀態。");

    private static IResult Failure(CatalogOutcome outcome, HttpContext http, string code, ValidationErrors? errors = null) => outcome switch
    {
        CatalogOutcome.Invalid => TypedResults.ValidationProblem(errors!.ToDictionary(http.WantsEnglish()),
            title: http.WantsEnglish() ? "The input has problems; nothing was saved." : "輸入內容有誤，未儲存任何變更。"),
        CatalogOutcome.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
            title: http.WantsEnglish() ? $"You may not do this for agency {code}." : $"您沒有機關 {code} 的這項權限。"),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
            title: http.WantsEnglish() ? $"There is no agency with code '{code}'." : $"找不到機關代碼「{code}」。"),
    };
}
