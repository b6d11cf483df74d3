using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Interop.Harvesting;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Api;

/// Harvest sources and their runs under /api/v1/harvest: staff may look, a system administrator
/// adds, changes, removes and runs them.
public static class HarvestApi
{
    public static IEndpointRouteBuilder MapHarvestApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/harvest").WithTags("Harvesting").RequireAuthorization();
        api.MapGet("/sources", ListSources).WithName("ListHarvestSources").WithSummary("The harvest sources, with their last run");
        api.MapGet("/sources/{name}", GetSource).WithName("GetHarvestSource").WithSummary("One harvest source with its last 20 runs");
        api.MapPost("/sources", CreateSource).WithName("CreateHarvestSource")
            .WithSummary("Add a harvest source (system administrators)")
            .WithDescription("kind: ckan (a CKAN site's root or its /api/3/action), dcat (a catalog in Turtle, RDF/XML or JSON-LD), national (the national platform's dataset list); agency: the code datasets of unknown organizations are filed under; schedule: hourly, daily, weekly, a Quartz cron expression in Taiwan time, or empty for on demand.");
        api.MapPut("/sources/{name}", UpdateSource).WithName("UpdateHarvestSource").WithSummary("Change a harvest source (system administrators)");
        api.MapDelete("/sources/{name}", DeleteSource).WithName("DeleteHarvestSource")
            .WithSummary("Remove a harvest source (system administrators); the datasets it brought stay, as local datasets");
        api.MapPost("/sources/{name}/runs", RunSource).WithName("RunHarvestSource")
            .WithSummary("Run a harvest source now (system administrators): 202 with the run, which goes on in the background (follow its Location); wait=true answers 200 when it is done; full=true gathers every record, not only what changed");
        api.MapGet("/runs/{id:guid}", GetRun).WithName("GetHarvestRun").WithSummary("One run with every error");
        return routes;
    }

    public sealed record HarvestSourceDto(
        string Name, string Title, string Kind, string Url, string Agency, string Schedule, bool Enabled,
        DateTimeOffset CreatedAt, DateTimeOffset? HarvestedUntil, int Datasets, HarvestRunDto? LastRun, IReadOnlyList<HarvestRunDto>? Runs);

    public sealed record HarvestRunDto(
        Guid Id, string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, DateTimeOffset? ChangedSince,
        int Created, int Updated, int Withdrawn, int Unchanged, int ErrorCount, string? Message, IReadOnlyList<HarvestRunErrorDto>? Errors);

    public sealed record HarvestRunErrorDto(string Record, string Message);

    private static HarvestRunDto RunDto(HarvestRun r, bool withErrors) => new(
        r.Id, StatusName(r.Status), r.StartedAt, r.FinishedAt, r.ChangedSince, r.Created, r.Updated, r.Withdrawn, r.Unchanged,
        r.Errors.Count, r.Message, withErrors ? [.. r.Errors.OrderBy(e => e.Id).Select(e => new HarvestRunErrorDto(e.Record, e.Message))] : null);

    private static string StatusName(HarvestRunStatus status) => status switch
    {
        HarvestRunStatus.Running => "running",
        HarvestRunStatus.Succeeded => "succeeded",
        HarvestRunStatus.SucceededWithErrors => "succeeded_with_errors",
        _ => "failed",
    };

    private static async Task<HarvestSourceDto> SourceDtoAsync(HarvestSource s, KaifangDbContext db, AgencyDirectory agencies, int runs, CancellationToken ct)
    {
        var recent = await db.HarvestRuns.AsNoTracking().Include(r => r.Errors).Where(r => r.SourceId == s.Id)
            .OrderByDescending(r => r.StartedAt).Take(Math.Max(runs, 1)).ToListAsync(ct);
        var count = await db.Datasets.CountAsync(d => d.HarvestSourceId == s.Id, ct);
        return new HarvestSourceDto(s.Name, s.Title, HarvestSources.KindName(s.Kind), s.Url, agencies.Tree.Find(s.AgencyId)?.Code ?? "",
            s.Schedule, s.Enabled, s.CreatedAt, s.HarvestedUntil, count,
            recent.Count > 0 ? RunDto(recent[0], withErrors: false) : null,
            runs > 0 ? [.. recent.Select(r => RunDto(r, withErrors: false))] : null);
    }

    private static async Task<IResult> ListSources(HarvestSources sources, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is null)
        {
            return TypedResults.Forbid();
        }
        var list = new List<HarvestSourceDto>();
        foreach (var source in await sources.ListAsync(ct))
        {
            list.Add(await SourceDtoAsync(source, db, agencies, 0, ct));
        }
        return TypedResults.Ok(list);
    }

    private static async Task<IResult> GetSource(string name, HarvestSources sources, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct) =>
        await sources.FindAsync(name, ct) is { } source
            ? TypedResults.Ok(await SourceDtoAsync(source, db, agencies, 20, ct))
            : NotFound(http, name);

    private static async Task<IResult> CreateSource(HarvestSourceInput input, HarvestSources sources, HarvestSchedule schedule, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        var result = await sources.CreateAsync(http.Staff()!, input, ct);
        if (!result.Succeeded)
        {
            return Failure(result, http, input.Name ?? "");
        }
        await schedule.SyncAsync(result.Value!, ct);
        return TypedResults.Created($"/api/v1/harvest/sources/{result.Value!.Name}", await SourceDtoAsync(result.Value!, db, agencies, 0, ct));
    }

    private static async Task<IResult> UpdateSource(string name, HarvestSourceInput input, HarvestSources sources, HarvestSchedule schedule, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        var result = await sources.UpdateAsync(http.Staff()!, name, input, ct);
        if (!result.Succeeded)
        {
            return Failure(result, http, name);
        }
        await schedule.SyncAsync(result.Value!, ct);
        return TypedResults.Ok(await SourceDtoAsync(result.Value!, db, agencies, 0, ct));
    }

    private static async Task<IResult> DeleteSource(string name, HarvestSources sources, HarvestSchedule schedule, HttpContext http, CancellationToken ct)
    {
        var result = await sources.DeleteAsync(http.Staff()!, name, ct);
        if (!result.Succeeded)
        {
            return Failure(result, http, name);
        }
        await schedule.RemoveAsync(result.Value!.Id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> RunSource(string name, bool? full, bool? wait, HarvestSources sources, HarvestRunner runner, KaifangDbContext db, HttpContext http,
        IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var source = await sources.FindAsync(name, ct);
        if (source is null)
        {
            return NotFound(http, name);
        }
        if (!StaffScope.Allows(http.Staff()!.Role, StaffAction.ManageSystem))
        {
            return Failure(CatalogResult<HarvestSource>.Forbidden(), http, name);
        }
        try
        {
            // The run goes on if the caller hangs up: a harvest half done is finished, not abandoned.
            if (wait ?? false)
            {
                var done = await runner.RunAsync(source.Id, full ?? false, lifetime.ApplicationStopping);
                return TypedResults.Ok(RunDto(await db.HarvestRuns.AsNoTracking().Include(r => r.Errors).FirstAsync(r => r.Id == done.Id, ct), withErrors: true));
            }
            var started = await runner.StartAsync(source.Id, full ?? false, lifetime.ApplicationStopping);
            return TypedResults.Accepted($"/api/v1/harvest/runs/{started.Id}", RunDto(started, withErrors: false));
        }
        catch (HarvestAlreadyRunningException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: http.WantsEnglish() ? $"Harvest source '{name}' is running already; try again when it has finished." : $"收割來源「{name}」正在執行中，請待完成後再試。");
        }
    }

    private static async Task<IResult> GetRun(Guid id, KaifangDbContext db, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is null)
        {
            return TypedResults.Forbid();
        }
        var run = await db.HarvestRuns.AsNoTracking().Include(r => r.Errors).FirstOrDefaultAsync(r => r.Id == id, ct);
        return run is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: http.WantsEnglish() ? $"There is no harvest run {id}." : $"找不到收割執行紀錄 {id}。")
            : TypedResults.Ok(RunDto(run, withErrors: true));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(HttpContext http, string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
            title: http.WantsEnglish() ? $"There is no harvest source '{name}'." : $"找不到收割來源「{name}」。");

    private static IResult Failure<T>(CatalogResult<T> result, HttpContext http, string name) => result.Outcome switch
    {
        CatalogOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!.ToDictionary(http.WantsEnglish()),
            title: http.WantsEnglish() ? "The input has problems; nothing was saved." : "輸入內容有誤，未儲存任何變更。"),
        CatalogOutcome.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
            title: http.WantsEnglish() ? "Only a system administrator manages harvest sources." : "只有系統管理者可以管理收割來源。"),
        _ => NotFound(http, name),
    };
}
