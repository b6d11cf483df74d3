using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Inventory;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Api;

/// The inventory (盤點) under /api/v1/inventory: rounds, items, their moves, the spreadsheet template,
/// import and export, the legal-basis list, and the dataset an approved item becomes (docs/inventory.md).
public static class InventoryApi
{
    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/inventory").WithTags("Inventory").RequireAuthorization();
        api.MapGet("/legal-bases", ListBases).WithName("ListLegalBases")
            .WithSummary("The legal bases offered for restricted and closed items (all=true includes retired ones)");
        api.MapPut("/legal-bases/{code}", SaveBasis).WithName("SaveLegalBasis")
            .WithSummary("Add or change a legal basis (law, article, text, active, order); system administrators");
        api.MapGet("/template", Template).WithName("InventoryTemplate")
            .WithSummary("The spreadsheet to fill in (format=xlsx, ods or csv): the column names in Chinese, with a note under each");
        api.MapGet("/rounds", ListRounds).WithName("ListInventoryRounds").WithSummary("Every inventory round, the newest first");
        api.MapPost("/rounds", OpenRound).WithName("OpenInventoryRound")
            .WithSummary("Open a quarterly round (year, quarter, opensOn, deadline); the ministry's administrators");
        api.MapGet("/rounds/{round}", ShowRound).WithName("GetInventoryRound")
            .WithSummary("A round (its id or 2026Q4) with, per agency in scope, the items listed, drafts, submitted and whether it was reminded");
        api.MapGet("/rounds/{round}/items", ListItems).WithName("ListInventoryItems")
            .WithSummary("The round's items in scope; filter by agency (code, with the agencies below it) and state");
        api.MapPost("/rounds/{round}/items", CreateItem).WithName("CreateInventoryItem").WithSummary("List an item in the round, as a draft");
        api.MapPost("/rounds/{round}/import", Import).WithName("ImportInventory").DisableAntiforgery()
            .WithSummary("Import a filled-in spreadsheet (multipart 'file', or the body with ?fileName=list.xlsx): all rows or none; every bad row is reported");
        api.MapGet("/rounds/{round}/export", Export).WithName("ExportInventory")
            .WithSummary("The round's items in scope as a spreadsheet (format=xlsx, ods or csv) in the template's columns, plus the state");
        api.MapGet("/items/{id:guid}", ShowItem).WithName("GetInventoryItem").WithSummary("One item with its history of moves (who, when, from, to, why)");
        api.MapPut("/items/{id:guid}", UpdateItem).WithName("UpdateInventoryItem").WithSummary("Change a draft, or an item with changes requested");
        api.MapPost("/items/{id:guid}/moves", Move).WithName("MoveInventoryItem")
            .WithSummary("Move the item (to: submitted, draft, agency-approved; reason where a move needs one)");
        api.MapPost("/items/{id:guid}/dataset", CreateDataset).WithName("CreateDatasetFromInventoryItem")
            .WithSummary("Make a draft dataset of an approved open item (serviceCategory, contactName, contactPhone, contactEmail, feeUrl); the item becomes published. A published item may become further datasets");
        api.MapPost("/items/{id:guid}/datasets", LinkDataset).WithName("LinkDatasetToInventoryItem")
            .WithSummary("Link an existing dataset (name or identifier, of the item's agency or one below it) to an approved or published open item; the item becomes published");
        return routes;
    }

    public sealed record RoundInput(int Year, int Quarter, DateOnly? OpensOn, DateOnly Deadline);
    public sealed record MoveInput(string? To, string? Reason);
    public sealed record RoundDto(int Id, string Label, string Name, int Year, int Quarter, DateOnly OpensOn, DateOnly Deadline, DateTimeOffset CreatedAt);
    public sealed record ProgressDto(string Agency, string Name, int Items, int Drafts, int Submitted, int ChangesRequested, string Submission, DateTimeOffset? RemindedAt);
    public sealed record MoveDto(DateTimeOffset At, string By, string? From, string To, string? Reason, Guid? Meeting);
    public sealed record ItemDto(
        Guid Id, string Round, string Agency, string Name, string SourceKind, string OwningUnit, string Description, string MainFields, string? Volume,
        string UpdateFrequency, bool HasPersonalData, string Grade, IReadOnlyList<string> LegalBases, string? LegalBasisNote, string Licence,
        string Fee, string? FeeBasis, string State, string? LastReason, IReadOnlyList<string> Datasets, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        IReadOnlyList<MoveDto>? History);

    private static async Task<IResult> ListBases(bool? all, LegalBases bases, KaifangDbContext db, CancellationToken ct) =>
        TypedResults.Ok((all == true ? await bases.AllAsync(ct) : await LegalBases.ActiveAsync(db, ct))
            .Select(b => new { b.Code, b.Law, b.Article, title = b.Title, b.Text, b.Active, b.Order }));

    private static async Task<IResult> SaveBasis(string code, LegalBasisInput input, LegalBases bases, HttpContext http, CancellationToken ct)
    {
        var result = await bases.SaveAsync(http.Staff()!, input with { Code = code }, ct);
        return result.Succeeded ? TypedResults.Ok(new { result.Value!.Code, result.Value.Title, result.Value.Text, result.Value.Active }) : Failure(result, http);
    }

    private static IResult Template(string? format, HttpContext http)
    {
        var chosen = SpreadsheetTables.ParseFormat(format ?? "xlsx");
        if (chosen is null)
        {
            return FormatProblem(http, format);
        }
        return TypedResults.File(InventorySpreadsheet.Template(chosen.Value), SpreadsheetTables.ContentType(chosen.Value),
            $"inventory-template.{SpreadsheetTables.Extension(chosen.Value)}");
    }

    private static async Task<IResult> ListRounds(InventoryRounds rounds, CancellationToken ct) =>
        TypedResults.Ok((await rounds.ListAsync(ct)).Select(RoundDtoOf));

    private static async Task<IResult> OpenRound(RoundInput input, InventoryRounds rounds, HttpContext http, CancellationToken ct)
    {
        var result = await rounds.OpenAsync(http.Staff()!, input.Year, input.Quarter, input.OpensOn, input.Deadline, ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/inventory/rounds/{result.Value!.Id}", RoundDtoOf(result.Value))
            : Failure(result, http);
    }

    private static async Task<IResult> ShowRound(string round, InventoryRounds rounds, HttpContext http, CancellationToken ct)
    {
        if (await rounds.FindAsync(round, ct) is not { } found)
        {
            return NotFound(http, round);
        }
        var progress = await rounds.ProgressAsync(http.Staff(), found.Id, ct);
        return TypedResults.Ok(new
        {
            round = RoundDtoOf(found),
            agencies = progress.Select(p => new ProgressDto(p.Agency, p.AgencyName, p.Items, p.Drafts, p.Submitted, p.Returned,
                p.Submission.ToString().ToLowerInvariant(), p.RemindedAt)),
        });
    }

    private static async Task<IResult> ListItems(string round, string? agency, string? state, InventoryRounds rounds, InventoryQueries queries, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        if (await rounds.FindAsync(round, ct) is not { } found)
        {
            return NotFound(http, round);
        }
        var (filter, problem) = Filter(found.Id, agency, state, agencies, http);
        if (problem is not null)
        {
            return problem;
        }
        var items = await queries.ListAsync(http.Staff()!, filter!, ct);
        var datasets = await DatasetNamesAsync(http, items, ct);
        return TypedResults.Ok(items.Select(i => Dto(i, found, agencies, datasets, null)));
    }

    private static async Task<IResult> CreateItem(string round, InventoryItemInput input, InventoryRounds rounds, EditInventoryItem edit, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        if (await rounds.FindAsync(round, ct) is not { } found)
        {
            return NotFound(http, round);
        }
        var result = await edit.CreateAsync(http.Staff()!, found.Id, input, ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/inventory/items/{result.Value!.Id}", Dto(result.Value, found, agencies, Array.Empty<string>().ToLookup(_ => result.Value.Id), null))
            : Failure(result, http, round);
    }

    private static async Task<IResult> Import(string round, string? fileName, InventoryRounds rounds, ImportInventory import, HttpContext http, CancellationToken ct)
    {
        if (await rounds.FindAsync(round, ct) is not { } found)
        {
            return NotFound(http, round);
        }
        var (upload, problem) = await SpreadsheetUpload.ReadAsync(http, fileName, ct);
        if (upload is null)
        {
            return problem!;
        }
        var (bytes, name) = (upload.Bytes, upload.Name);
        var english = http.WantsEnglish();
        var result = await import.ExecuteAsync(http.Staff()!, found.Id, () => new MemoryStream(bytes, writable: false), name, ct);
        return result.Outcome switch
        {
            CatalogOutcome.Ok => TypedResults.Ok(new { imported = result.Value!.Imported }),
            CatalogOutcome.Invalid => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: english ? "The list has problems; nothing was imported." : "清單有誤，未匯入任何項目。",
                extensions: new Dictionary<string, object?>
                {
                    ["imported"] = 0,
                    ["problems"] = result.Value!.Problems.Select(p => new { row = p.Row, column = p.Column, message = p.In(english) }).ToList(),
                }),
            _ => Failure(result, http, round),
        };
    }

    private static async Task<IResult> Export(string round, string? format, string? agency, string? state, InventoryRounds rounds, InventoryQueries queries, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        if (await rounds.FindAsync(round, ct) is not { } found)
        {
            return NotFound(http, round);
        }
        var chosen = SpreadsheetTables.ParseFormat(format ?? "xlsx");
        if (chosen is null)
        {
            return FormatProblem(http, format);
        }
        var (filter, problem) = Filter(found.Id, agency, state, agencies, http);
        if (problem is not null)
        {
            return problem;
        }
        var items = await queries.ListAsync(http.Staff()!, filter!, ct);
        return TypedResults.File(InventorySpreadsheet.Export(chosen.Value, queries.Rows(items)), SpreadsheetTables.ContentType(chosen.Value),
            $"inventory-{found.Label}{(agency is null ? "" : "-" + agency.ToUpperInvariant())}.{SpreadsheetTables.Extension(chosen.Value)}");
    }

    private static async Task<IResult> ShowItem(Guid id, InventoryQueries queries, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        if (await queries.FindAsync(http.Staff()!, id, ct) is not { } item)
        {
            return NotFound(http, id.ToString());
        }
        return TypedResults.Ok(await FullDtoAsync(item, queries, db, agencies, http, ct));
    }

    private static async Task<IResult> UpdateItem(Guid id, InventoryItemInput input, EditInventoryItem edit, InventoryQueries queries, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        var result = await edit.UpdateAsync(http.Staff()!, id, input, ct);
        return result.Succeeded ? TypedResults.Ok(await FullDtoAsync(result.Value!, queries, db, agencies, http, ct)) : Failure(result, http, id.ToString());
    }

    private static async Task<IResult> Move(Guid id, MoveInput input, MoveInventoryItem move, InventoryQueries queries, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        if (InventoryTerms.ParseState(input.To) is not { } to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["to"] = [http.WantsEnglish() ? $"'{input.To}' is not a state." : $"「{input.To}」不是項目狀態。"],
            });
        }
        var result = await move.ExecuteAsync(http.Staff()!, id, to, input.Reason, ct);
        return result.Succeeded ? TypedResults.Ok(await FullDtoAsync(result.Value!, queries, db, agencies, http, ct)) : Failure(result, http, id.ToString());
    }

    private static async Task<IResult> CreateDataset(Guid id, DatasetFromItemInput input, CreateDatasetFromItem create, HttpContext http, CancellationToken ct)
    {
        var result = await create.ExecuteAsync(http.Staff()!, id, input, ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/datasets/{result.Value!.Name}", new { result.Value.Name, result.Value.Identifier, result.Value.Title, status = "draft" })
            : Failure(result, http, id.ToString());
    }

    public sealed record LinkInput(string? Dataset);

    private static async Task<IResult> LinkDataset(Guid id, LinkInput input, CreateDatasetFromItem create, HttpContext http, CancellationToken ct)
    {
        var result = await create.LinkAsync(http.Staff()!, id, input?.Dataset ?? "", ct);
        return result.Succeeded
            ? TypedResults.Ok(new { result.Value!.Name, result.Value.Identifier, result.Value.Title })
            : Failure(result, http, id.ToString());
    }

    private static (InventoryFilter?, IResult?) Filter(int roundId, string? agency, string? state, AgencyDirectory agencies, HttpContext http)
    {
        var errors = new ValidationErrors();
        var node = agency is null ? null : agencies.Tree.FindByCode(agency);
        if (agency is not null && node is null)
        {
            errors.Add("agency", $"沒有代碼為「{agency}」的機關。", $"There is no agency '{agency}'.");
        }
        var stateValue = InventoryTerms.ParseState(state);
        if (state is not null && stateValue is null)
        {
            errors.Add("state", $"「{state}」不是項目狀態。", $"'{state}' is not a state.");
        }
        return errors.IsValid
            ? (new InventoryFilter(roundId, node?.Id, stateValue), null)
            : (null, TypedResults.ValidationProblem(errors.ToDictionary(http.WantsEnglish())));
    }

    /// Per item, the names of the datasets it became.
    private static async Task<ILookup<Guid, string>> DatasetNamesAsync(HttpContext http, IEnumerable<InventoryItem> items, CancellationToken ct)
    {
        var ids = items.Select(i => i.Id).ToList();
        var db = http.RequestServices.GetRequiredService<KaifangDbContext>();
        var links = await db.InventoryItemDatasets.AsNoTracking().Where(l => ids.Contains(l.ItemId))
            .Join(db.Datasets.AsNoTracking(), l => l.DatasetId, d => d.Id, (l, d) => new { l.ItemId, l.Id, d.Name })
            .ToListAsync(ct);
        return links.OrderBy(l => l.Id).ToLookup(l => l.ItemId, l => l.Name);
    }

    private static async Task<ItemDto> FullDtoAsync(InventoryItem item, InventoryQueries queries, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        var round = await db.InventoryRounds.AsNoTracking().FirstAsync(r => r.Id == item.RoundId, ct);
        var history = await queries.HistoryAsync(item.Id, ct);
        return Dto(item, round, agencies, await DatasetNamesAsync(http, [item], ct), history);
    }

    private static ItemDto Dto(InventoryItem i, InventoryRound round, AgencyDirectory agencies, ILookup<Guid, string> datasets, IReadOnlyList<InventoryItemMove>? history) => new(
        i.Id, round.Label, agencies.Tree.Find(i.AgencyId)?.Code ?? "", i.Name, InventoryTerms.SourceKindCode(i.SourceKind), i.OwningUnit, i.Description, i.MainFields, i.Volume,
        i.UpdateFrequency, i.HasPersonalData, InventoryTerms.GradeCode(i.Grade), i.LegalBases, i.LegalBasisNote, i.Licence,
        i.Fee == FeeKind.Free ? "free" : "charged", i.FeeBasis, InventoryTerms.StateCode(i.State), i.LastReason,
        [.. datasets[i.Id]], i.CreatedAt, i.UpdatedAt,
        history?.Select(m => new MoveDto(m.At, m.UserName, m.From is { } f ? InventoryTerms.StateCode(f) : null, InventoryTerms.StateCode(m.To), m.Reason, m.MeetingId)).ToList());

    private static RoundDto RoundDtoOf(InventoryRound r) => new(r.Id, r.Label, r.Display(false), r.Year, r.Quarter, r.OpensOn, r.Deadline, r.CreatedAt);

    private static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem FormatProblem(HttpContext http, string? format) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["format"] = [http.WantsEnglish() ? $"'{format}' is not a format; use xlsx, ods or csv." : $"「{format}」不是支援的格式；請用 xlsx、ods 或 csv。"],
        });

    internal static IResult NotFound(HttpContext http, string key) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
            title: http.WantsEnglish() ? $"There is no '{key}' you may see." : $"找不到「{key}」，或您無權查看。");

    internal static IResult Failure<T>(CatalogResult<T> result, HttpContext http, string key = "") => result.Outcome switch
    {
        CatalogOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!.ToDictionary(http.WantsEnglish()),
            title: http.WantsEnglish() ? "The input has problems; nothing was saved." : "輸入內容有誤，未儲存任何變更。"),
        CatalogOutcome.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
            title: string.Join(" ", result.Errors!.ToDictionary(http.WantsEnglish()).Values.SelectMany(v => v))),
        CatalogOutcome.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
            title: http.WantsEnglish() ? "Your role or agency does not allow this." : "您的角色或機關範圍不允許此操作。"),
        _ => NotFound(http, key),
    };
}
