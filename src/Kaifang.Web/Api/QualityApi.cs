using System.Text.Json;
using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Quality;
using Kaifang.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Api;

/// Link checks (docs/quality.md): staff start them and read every detail; the public reads a
/// published dataset's last results without the error details.
public static class QualityApi
{
    public static IEndpointRouteBuilder MapQualityApi(this IEndpointRouteBuilder routes)
    {
        var staff = routes.MapGroup("/api/v1/quality/links").WithTags("Quality").RequireAuthorization();
        staff.MapPost("/check", Check).WithName("CheckLinks")
            .WithSummary("Check links now: one dataset's (agency staff), an agency's and those below it (agency staff), or all (system administrators)")
            .WithDescription("Say what to check in the query or a JSON body: dataset (name or id), agency (code) or all=true, one of them. A dataset is checked before the answer (200 with the results); an agency or all runs in the background (202) unless wait=true. A run over all links while one is going answers 409.");
        staff.MapGet("/", List).WithName("ListLinkChecks")
            .WithSummary("Checked links within the caller's agencies, broken and failing first")
            .WithDescription("agency: a code (with the agencies below it); broken: true or false; status: ok, failed or refused; offset, limit (at most 100).");
        routes.MapGet("/api/v1/datasets/{name}/links", DatasetLinks).WithTags("Quality").WithName("GetDatasetLinks")
            .WithSummary("The last link check of each resource of a published dataset");
        return routes;
    }

    public sealed record LinkCheckRequest(string? Dataset, string? Agency, bool? All);

    public sealed record LinkCheckSummaryDto(int Checked, int Ok, int Failed, int Refused, int Broken, double Seconds, IReadOnlyList<LinkCheckDto>? Links);

    public sealed record LinkCheckDto(
        Guid ResourceId, string Resource, string Dataset, string DatasetTitle, string Agency, string Url, DateTimeOffset CheckedAt,
        string Status, string? Failure, string? Error, string? Warning, int? HttpStatus, string? ContentType, long? Size, string? ContentHash,
        IReadOnlyList<string> Redirects, DateTimeOffset? FirstFailureAt, int ConsecutiveFailures, DateTimeOffset? LastSuccessAt, bool Broken);

    /// A run started in the background; its results are read at Results as they come.
    public sealed record LinkCheckStartedDto(string Status, string Results);

    public sealed record LinkCheckListDto(int Count, IReadOnlyList<LinkCheckDto> Results);

    public sealed record PublicLinkDto(Guid ResourceId, string Name, DateTimeOffset CheckedAt, string Status, int? HttpStatus, string? ContentType, long? Size,
        DateTimeOffset? LastSuccessAt, bool Broken);

    public static string Name(LinkStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    public static string Name(LinkFailure failure) => JsonNamingPolicy.SnakeCaseLower.ConvertName(failure.ToString());

    private static LinkCheckDto Dto(LinkCheckRow row, AgencyTree tree) => new(
        row.Check.ResourceId, row.ResourceName, row.DatasetName, row.DatasetTitle, tree.Find(row.AgencyId)?.Code ?? "", row.Check.Url, row.Check.LastCheckedAt,
        Name(row.Check.LastStatus), row.Check.Failure is { } f ? Name(f) : null, row.Check.Error, row.Check.Warning, row.Check.HttpStatus, row.Check.ContentType,
        row.Check.Size, row.Check.ContentHash, row.Check.RedirectChain?.Split('\n') ?? [], row.Check.FirstFailureAt, row.Check.ConsecutiveFailures,
        row.Check.LastSuccessAt, row.Check.IsBroken);

    private static async Task<IResult> Check(string? dataset, string? agency, bool? all, bool? wait, HttpRequest request, HttpContext http,
        KaifangDbContext db, AgencyDirectory agencies, LinkCheckRunner runner, LinkCheckReport report, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var who = http.Staff();
        if (who is null)
        {
            return TypedResults.Forbid();
        }
        var english = http.WantsEnglish();
        if (request.ContentLength > 0 || request.HasJsonContentType())
        {
            LinkCheckRequest? body;
            try
            {
                body = await request.ReadFromJsonAsync<LinkCheckRequest>(ct);
            }
            catch (JsonException)
            {
                return Invalid(english, "body", "請求內容不是 JSON 物件，例如 {\"dataset\":\"名稱\"}。", "The body is not a JSON object such as {\"dataset\":\"name\"}.");
            }
            dataset ??= body?.Dataset;
            agency ??= body?.Agency;
            all ??= body?.All;
        }
        var given = (string.IsNullOrWhiteSpace(dataset) ? 0 : 1) + (string.IsNullOrWhiteSpace(agency) ? 0 : 1) + (all == true ? 1 : 0);
        if (given != 1)
        {
            return Invalid(english, "target", "請指定一項要檢查的範圍：dataset（資料集名稱或識別碼）、agency（機關代碼）或 all=true。",
                "Say what to check, one of: dataset (a dataset's name or id), agency (an agency code) or all=true.");
        }
        if (all == true)
        {
            if (!StaffScope.Allows(who.Role, StaffAction.ManageSystem))
            {
                return Forbidden(english, "只有系統管理者可以檢查全部連結；機關人員請指定 agency 或 dataset。", "Only a system administrator checks every link; agency staff name an agency or a dataset.");
            }
            return await RunAsync(LinkCheckScope.All, wait ?? false, english, runner, lifetime, db, report, agencies, null, "/api/v1/quality/links", ct);
        }
        if (!string.IsNullOrWhiteSpace(agency))
        {
            var node = agencies.Tree.FindByCode(agency.Trim());
            if (node is null)
            {
                return Invalid(english, "agency", $"找不到機關代碼「{agency}」。", $"There is no agency with code '{agency}'.");
            }
            if (!who.Can(StaffAction.EditDataset, node.Id))
            {
                return Forbidden(english, "您只能檢查自己機關（及所屬機關）的連結。", "You may check the links of your own agency and those below it only.");
            }
            return await RunAsync(new LinkCheckScope(agencies.Tree.SelfAndDescendants(node.Id)), wait ?? false, english, runner, lifetime, db, report, agencies, null,
                $"/api/v1/quality/links?agency={Uri.EscapeDataString(node.Code)}", ct);
        }
        var found = await FindDatasetAsync(db, dataset!.Trim(), ct);
        if (found is null || !who.Can(StaffAction.ViewDrafts, found.AgencyId))
        {
            return NotFoundDataset(english, dataset);
        }
        if (!who.Can(StaffAction.EditDataset, found.AgencyId))
        {
            return Forbidden(english, "您的角色不能檢查這個資料集的連結。", "Your role may not check this dataset's links.");
        }
        return await RunAsync(new LinkCheckScope(DatasetId: found.Id), wait ?? true, english, runner, lifetime, db, report, agencies, found.Id,
            $"/api/v1/datasets/{found.Name}/links", ct);
    }

    private static async Task<IResult> RunAsync(LinkCheckScope scope, bool wait, bool english, LinkCheckRunner runner, IHostApplicationLifetime lifetime,
        KaifangDbContext db, LinkCheckReport report, AgencyDirectory agencies, Guid? datasetId, string results, CancellationToken ct)
    {
        try
        {
            if (!wait)
            {
                await runner.StartAsync(scope, lifetime.ApplicationStopping);
                return TypedResults.Accepted(results, new LinkCheckStartedDto("running", results));
            }
            // A check on demand is finished when the caller hangs up: its results are kept all the same.
            var summary = await runner.RunAsync(scope, null, lifetime.ApplicationStopping);
            IReadOnlyList<LinkCheckDto>? links = null;
            if (datasetId is { } id)
            {
                var dataset = await db.Datasets.AsNoTracking().FirstAsync(d => d.Id == id, ct);
                var (_, rows) = await report.ListAsync(new LinkCheckFilter(new HashSet<int> { dataset.AgencyId }), 0, int.MaxValue, ct);
                links = [.. rows.Where(r => r.Check.DatasetId == id).Select(r => Dto(r, agencies.Tree))];
            }
            return TypedResults.Ok(new LinkCheckSummaryDto(summary.Checked, summary.Ok, summary.Failed, summary.Refused, summary.Broken,
                Math.Round(summary.Elapsed.TotalSeconds, 3), links));
        }
        catch (LinkCheckAlreadyRunningException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: english ? "A check of every link is running already; try again when it has finished." : "全部連結的檢查正在執行中，請待完成後再試。");
        }
    }

    private static async Task<IResult> List(string? agency, bool? broken, string? status, int? offset, int? limit, HttpContext http,
        LinkCheckReport report, AgencyDirectory agencies, CancellationToken ct)
    {
        var who = http.Staff();
        if (who is null)
        {
            return TypedResults.Forbid();
        }
        var english = http.WantsEnglish();
        var errors = new ValidationErrors();
        LinkStatus? wanted = null;
        if (status is not null)
        {
            var parsed = Enum.GetValues<LinkStatus>().Where(s => string.Equals(Name(s), status.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            if (parsed.Count == 1)
            {
                wanted = parsed[0];
            }
            else
            {
                errors.Add("status", "status 須為 ok、failed 或 refused。", "status is ok, failed or refused.");
            }
        }
        if (limit is < 1 or > 100)
        {
            errors.Add("limit", "limit 須介於 1 到 100。", "limit is between 1 and 100.");
        }
        if (offset is < 0)
        {
            errors.Add("offset", "offset 不可為負數。", "offset cannot be negative.");
        }
        IReadOnlySet<int>? scope = who.Role == StaffRole.SystemAdmin ? null : who.Agencies;
        if (!string.IsNullOrWhiteSpace(agency))
        {
            var node = agencies.Tree.FindByCode(agency.Trim());
            if (node is null)
            {
                errors.Add("agency", $"找不到機關代碼「{agency}」。", $"There is no agency with code '{agency}'.");
            }
            else if (!who.Reaches(node.Id))
            {
                return Forbidden(english, "您只能查看自己機關（及所屬機關）的連結。", "You may see the links of your own agency and those below it only.");
            }
            else
            {
                scope = agencies.Tree.SelfAndDescendants(node.Id);
            }
        }
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(english), title: english ? "The query has problems." : "查詢條件有誤。");
        }
        var (total, rows) = await report.ListAsync(new LinkCheckFilter(scope, broken, wanted), offset ?? 0, limit ?? 20, ct);
        return TypedResults.Ok(new LinkCheckListDto(total, [.. rows.Select(r => Dto(r, agencies.Tree))]));
    }

    private static async Task<IResult> DatasetLinks(string name, HttpContext http, KaifangDbContext db, LinkCheckReport report, CancellationToken ct)
    {
        var dataset = await FindDatasetAsync(db, name, ct);
        var who = http.Staff();
        if (dataset is null || (dataset.Status != DatasetStatus.Published && who?.Can(StaffAction.ViewDrafts, dataset.AgencyId) != true))
        {
            return NotFoundDataset(http.WantsEnglish(), name);
        }
        var checks = (await report.ForDatasetAsync(dataset.Id, ct)).ToDictionary(c => c.ResourceId);
        var resources = await db.Resources.AsNoTracking().Where(r => r.DatasetId == dataset.Id).OrderBy(r => r.Position).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        var links = new List<PublicLinkDto>();
        foreach (var r in resources)
        {
            if (checks.TryGetValue(r.Id, out var c))
            {
                links.Add(new PublicLinkDto(r.Id, r.Name, c.LastCheckedAt, Name(c.LastStatus), c.HttpStatus, c.ContentType, c.Size, c.LastSuccessAt, c.IsBroken));
            }
        }
        return TypedResults.Ok(links);
    }

    private static async Task<Dataset?> FindDatasetAsync(KaifangDbContext db, string key, CancellationToken ct)
    {
        if (Guid.TryParse(key, out var id))
        {
            return await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        }
        var lowered = key.ToLowerInvariant();
        return await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Name == lowered, ct);
    }

    private static ValidationProblem Invalid(bool english, string field, string zh, string en)
    {
        var errors = new ValidationErrors();
        errors.Add(field, zh, en);
        return TypedResults.ValidationProblem(errors.ToDictionary(english), title: english ? "The request has problems; nothing was checked." : "請求內容有誤，未檢查任何連結。");
    }

    private static ProblemHttpResult Forbidden(bool english, string zh, string en) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: english ? en : zh);

    private static ProblemHttpResult NotFoundDataset(bool english, string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: english ? $"There is no dataset '{name}'." : $"找不到資料集「{name}」。");
}
