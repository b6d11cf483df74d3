using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Auditing;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Api;

/// The native JSON API for datasets and resources under /api/v1.
public static class DatasetsApi
{
    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/datasets").WithTags("Datasets");
        api.MapGet("/", SearchDatasets).WithName("SearchDatasets")
            .WithSummary("Search published datasets with facets")
            .WithDescription("q: words or Lucene syntax; agency, category, format, license, frequency: facet filters, repeatable; sort: relevance|newest|name; offset, limit (at most 100); status: published (default), or with a staff token draft and withdrawn too, within the token's agencies.");
        api.MapGet("/{name}", GetDataset).WithName("GetDataset").WithSummary("One dataset with its resources");
        api.MapGet("/{name}/history", GetHistory).WithName("GetDatasetHistory").WithSummary("Every change to a dataset and its resources, newest first");

        var write = api.MapGroup("").RequireAuthorization();
        write.MapPost("/", CreateDataset).WithName("CreateDataset").WithSummary("Create a draft dataset");
        write.MapPut("/{name}", UpdateDataset).WithName("UpdateDataset").WithSummary("Replace a dataset's metadata");
        write.MapDelete("/{name}", DeleteDataset).WithName("DeleteDataset").WithSummary("Delete a draft that was never published");
        write.MapPost("/{name}/publish", (string name, HttpContext http, ChangeDatasetStatus change, AgencyDirectory agencies, CancellationToken ct) =>
            ChangeStatus(name, DatasetStatus.Published, http, change, agencies, ct)).WithName("PublishDataset").WithSummary("Publish a draft or withdrawn dataset");
        write.MapPost("/{name}/withdraw", (string name, HttpContext http, ChangeDatasetStatus change, AgencyDirectory agencies, CancellationToken ct) =>
            ChangeStatus(name, DatasetStatus.Withdrawn, http, change, agencies, ct)).WithName("WithdrawDataset").WithSummary("Withdraw a published dataset");
        write.MapPost("/{name}/resources", AddLinkResource).WithName("AddResource").WithSummary("Add a resource by its download URL");
        write.MapPost("/{name}/resources/upload", UploadResource).WithName("UploadResource").WithSummary("Add a resource by uploading a file (multipart/form-data: file, name, description, format, encoding)")
            .DisableAntiforgery();
        write.MapPut("/{name}/resources/{resourceId:guid}/file", ReplaceResourceFile).WithName("ReplaceResourceFile")
            .WithSummary("Put a new file behind a resource (multipart/form-data: file); its identifier and download address stay")
            .DisableAntiforgery();
        write.MapDelete("/{name}/resources/{resourceId:guid}", DeleteResource).WithName("DeleteResource").WithSummary("Remove a resource");
        return routes;
    }

    private static Results<Ok<SearchResultDto>, ValidationProblem> SearchDatasets(
        string? q, string[]? agency, string[]? category, string[]? format, string[]? license, string[]? frequency,
        string? sort, int? offset, int? limit, string[]? status, HttpContext http, Search.CatalogIndex index)
    {
        var english = http.WantsEnglish();
        var errors = new Dictionary<string, string[]>();
        // Staff may ask for their agencies' drafts and withdrawn datasets; the public sees published ones only.
        var staff = http.Staff();
        var statuses = new List<DatasetStatus>();
        foreach (var s in status ?? [])
        {
            if (!Enum.TryParse<DatasetStatus>(s, ignoreCase: true, out var parsed) || int.TryParse(s, out _))
            {
                errors["status"] = [english ? "status is draft, published or withdrawn." : "status 須為 draft、published 或 withdrawn。"];
            }
            else if (parsed != DatasetStatus.Published && staff is null)
            {
                errors["status"] = [english ? "Only signed-in staff may search drafts and withdrawn datasets." : "只有登入的機關人員可以搜尋草稿與已下架的資料集。"];
            }
            else
            {
                statuses.Add(parsed);
            }
        }
        if (limit is < 1 or > 100)
        {
            errors["limit"] = [english ? "limit is between 1 and 100." : "limit 須介於 1 到 100。"];
        }
        if (offset is < 0)
        {
            errors["offset"] = [english ? "offset cannot be negative." : "offset 不可為負數。"];
        }
        Search.CatalogSort order = Search.CatalogSort.Relevance;
        if (sort is not null && !Enum.TryParse(sort, ignoreCase: true, out order))
        {
            errors["sort"] = [english ? "sort is relevance, newest or name." : "sort 須為 relevance、newest 或 name。"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var result = index.Search(new Search.CatalogQuery
        {
            Text = q,
            Agencies = agency ?? [],
            Categories = category ?? [],
            Formats = format ?? [],
            Licenses = license ?? [],
            Frequencies = frequency ?? [],
            Sort = order,
            Statuses = statuses.Count == 0 ? [DatasetStatus.Published] : statuses,
            // Beyond published datasets, staff see only their own agencies' catalog.
            AgencyIds = statuses.Any(s => s != DatasetStatus.Published) && staff!.Role != StaffRole.SystemAdmin ? staff.Agencies : null,
            Offset = offset ?? 0,
            Limit = limit ?? 20,
        });
        return TypedResults.Ok(SearchResultDto.From(result));
    }

    private static async Task<Results<Ok<DatasetDto>, NotFound<ProblemDetails>>> GetDataset(
        string name, HttpContext http, KaifangDbContext db, AgencyDirectory agencies, CancellationToken ct)
    {
        var key = name.ToLowerInvariant();
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Resources).FirstOrDefaultAsync(d => d.Name == key, ct);
        if (dataset is null || !IsVisible(dataset, http.Staff()))
        {
            return TypedResults.NotFound(NotFoundProblem(http, name));
        }
        return TypedResults.Ok(DatasetDto.From(dataset, agencies.Tree.Find(dataset.AgencyId)!, http.BaseUrl()));
    }

    private static async Task<Results<Ok<List<AuditEntryDto>>, NotFound<ProblemDetails>>> GetHistory(
        string name, HttpContext http, KaifangDbContext db, CancellationToken ct)
    {
        var key = name.ToLowerInvariant();
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Name == key, ct);
        if (dataset is null || !IsVisible(dataset, http.Staff()))
        {
            return TypedResults.NotFound(NotFoundProblem(http, name));
        }
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.DatasetId == dataset.Id).OrderByDescending(e => e.Id).ToListAsync(ct);
        return TypedResults.Ok(entries.Select(e => new AuditEntryDto(e.At, e.UserName, e.EntityType, e.EntityId, e.Action.ToString(),
            [.. e.Changes.Select(c => new FieldChangeDto(c.Field, c.Before, c.After))])).ToList());
    }

    private static async Task<IResult> CreateDataset(DatasetInput input, HttpContext http, CreateDataset create, AgencyDirectory agencies, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return TypedResults.Unauthorized();
        }
        var result = await create.ExecuteAsync(staff, input, ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/datasets/{result.Value!.Name}", DatasetDto.From(result.Value, agencies.Tree.Find(result.Value.AgencyId)!, http.BaseUrl()))
            : Failure(result, http, input.Title ?? "");
    }

    private static async Task<IResult> UpdateDataset(string name, DatasetInput input, HttpContext http, UpdateDataset update, KaifangDbContext db, AgencyDirectory agencies, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return TypedResults.Unauthorized();
        }
        var result = await update.ExecuteAsync(staff, name.ToLowerInvariant(), input, ct);
        return result.Succeeded ? await Reloaded(result.Value!.Id, http, db, agencies, ct) : Failure(result, http, name);
    }

    private static async Task<IResult> DeleteDataset(string name, HttpContext http, DeleteDataset delete, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return TypedResults.Unauthorized();
        }
        var result = await delete.ExecuteAsync(staff, name.ToLowerInvariant(), ct);
        return result.Succeeded ? TypedResults.NoContent() : Failure(result, http, name);
    }

    private static async Task<IResult> ChangeStatus(string name, DatasetStatus to, HttpContext http, ChangeDatasetStatus change, AgencyDirectory agencies, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return TypedResults.Unauthorized();
        }
        var result = await change.ExecuteAsync(staff, name.ToLowerInvariant(), to, ct);
        return result.Succeeded
            ? TypedResults.Ok(DatasetDto.From(result.Value!, agencies.Tree.Find(result.Value!.AgencyId)!, http.BaseUrl()))
            : Failure(result, http, name);
    }

    private static async Task<IResult> AddLinkResource(string name, ResourceInput input, HttpContext http, AddResource add, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return TypedResults.Unauthorized();
        }
        var result = await add.ExecuteAsync(staff, name.ToLowerInvariant(), input, null, ct);
        return result.Succeeded ? ResourceCreated(name, result.Value!, http) : Failure(result, http, name);
    }

    private static async Task<IResult> UploadResource(string name, HttpContext http, AddResource add, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return TypedResults.Unauthorized();
        }
        var (form, file, problem) = await ReadUploadAsync(http, ct);
        if (problem is not null)
        {
            return problem;
        }
        var input = new ResourceInput
        {
            Name = string.IsNullOrWhiteSpace(form!["name"]) ? Path.GetFileNameWithoutExtension(file!.FileName) : form["name"].ToString(),
            Description = form["description"],
            Format = form["format"],
            Encoding = form["encoding"],
        };
        await using var stream = file!.OpenReadStream();
        var result = await add.ExecuteAsync(staff, name.ToLowerInvariant(), input, new UploadedFile(file.FileName, file.ContentType, stream), ct);
        return result.Succeeded ? ResourceCreated(name, result.Value!, http) : Failure(result, http, name);
    }

    private static async Task<IResult> ReplaceResourceFile(string name, Guid resourceId, HttpContext http, ReplaceResourceFile replace, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return TypedResults.Unauthorized();
        }
        var (_, file, problem) = await ReadUploadAsync(http, ct);
        if (problem is not null)
        {
            return problem;
        }
        await using var stream = file!.OpenReadStream();
        var result = await replace.ExecuteAsync(staff, name.ToLowerInvariant(), resourceId, new UploadedFile(file.FileName, file.ContentType, stream), ct);
        return result.Succeeded
            ? TypedResults.Ok(ResourceDto.From(result.Value!.Dataset!, result.Value, http.BaseUrl()))
            : Failure(result, http, name);
    }

    /// The multipart form and its 'file', or the problem to answer with.
    private static async Task<(IFormCollection? Form, IFormFile? File, IResult? Problem)> ReadUploadAsync(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return (null, null, Validation(http, "file", "請以 multipart/form-data 上傳檔案（欄位 file）。", "Upload the file as multipart/form-data in the field 'file'."));
        }
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct);
        }
        catch (InvalidDataException)
        {
            return (null, null, Validation(http, "file", "檔案超過上傳大小上限。", "The file is larger than the upload limit."));
        }
        var file = form.Files.GetFile("file");
        return file is null
            ? (form, null, Validation(http, "file", "請選擇要上傳的檔案（欄位 file）。", "Choose a file to upload in the field 'file'."))
            : (form, file, null);
    }

    private static async Task<IResult> DeleteResource(string name, Guid resourceId, HttpContext http, RemoveResource remove, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return TypedResults.Unauthorized();
        }
        var result = await remove.ExecuteAsync(staff, name.ToLowerInvariant(), resourceId, ct);
        return result.Succeeded ? TypedResults.NoContent() : Failure(result, http, name);
    }

    private static Created<ResourceDto> ResourceCreated(string name, Resource resource, HttpContext http) =>
        TypedResults.Created($"/api/v1/datasets/{name.ToLowerInvariant()}", ResourceDto.From(resource.Dataset!, resource, http.BaseUrl()));

    private static async Task<IResult> Reloaded(Guid id, HttpContext http, KaifangDbContext db, AgencyDirectory agencies, CancellationToken ct)
    {
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Resources).FirstAsync(d => d.Id == id, ct);
        return TypedResults.Ok(DatasetDto.From(dataset, agencies.Tree.Find(dataset.AgencyId)!, http.BaseUrl()));
    }

    /// The public sees published datasets; staff also see the drafts and withdrawn datasets of their agencies.
    public static bool IsVisible(Dataset dataset, StaffScope? staff) =>
        dataset.Status == DatasetStatus.Published || (staff?.Can(StaffAction.ViewDrafts, dataset.AgencyId) ?? false);

    private static IResult Failure<T>(CatalogResult<T> result, HttpContext http, string name) => result.Outcome switch
    {
        CatalogOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!.ToDictionary(http.WantsEnglish()),
            title: http.WantsEnglish() ? "The input has problems; nothing was saved." : "輸入內容有誤，未儲存任何變更。"),
        CatalogOutcome.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
            title: http.WantsEnglish() ? "Your role or agency may not do this." : "您的角色或所屬機關沒有此權限。"),
        _ => TypedResults.NotFound(NotFoundProblem(http, name)),
    };

    private static ValidationProblem Validation(HttpContext http, string field, string zh, string en) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [http.WantsEnglish() ? en : zh] },
            title: http.WantsEnglish() ? "The input has problems; nothing was saved." : "輸入內容有誤，未儲存任何變更。");

    private static ProblemDetails NotFoundProblem(HttpContext http, string name) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = http.WantsEnglish() ? $"There is no dataset '{name}'." : $"找不到資料集「{name}」。",
    };
}
