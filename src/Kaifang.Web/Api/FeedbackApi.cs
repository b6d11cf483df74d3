using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Feedback;
using Kaifang.Notifications;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Api;

/// Public feedback under /api/v1/feedback: anyone leaves a comment and follows its thread; the
/// agency's staff assign, answer, moderate and count them (docs/feedback.md).
public static class FeedbackApi
{
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/feedback").WithTags("Feedback");
        api.MapPost("", Submit).WithName("SubmitComment").DisableAntiforgery()
            .WithSummary("Leave a comment on a dataset (dataset: id, name or identifier) or a general one (agency: code); no account needed")
            .WithDescription("kind: data-error, update-request, new-data-request, question or other. email is optional and never shown. " +
                "The answer holds the reference and the key for answering again later; keep the key. Too many comments from one address answer 429.");
        api.MapGet("", List).WithName("ListComments").RequireAuthorization()
            .WithSummary("Comments the member of staff may see: filter by agency, status (received, assigned, replied, closed, reopened), overdue=true, held=true, mine=true, dataset");
        api.MapGet("/threads", Threads).WithName("CommentThreads")
            .WithSummary("The public threads of a dataset (dataset=id, name or identifier), or the general comments without it; the commenter is never named");
        api.MapGet("/statistics", Statistics).WithName("FeedbackStatistics").RequireAuthorization()
            .WithSummary("Per agency for a year or quarter (period=2026 or 2026Q3): received, replied within the deadline, the ratio, average and distribution of days to reply");
        api.MapPost("/import", Import).WithName("ImportNationalComments").RequireAuthorization().DisableAntiforgery()
            .WithSummary("Import comments received on data.gov.tw: a CSV or JSON body (or a multipart 'file'); duplicates are recognised, replies given there are added");
        api.MapPut("/routes/{agency}", SetRoute).WithName("SetFeedbackRoute").RequireAuthorization()
            .WithSummary("Who gets an agency's new comments at once (handler: a user name; empty to clear)");
        api.MapGet("/{reference}", Show).WithName("GetComment")
            .WithSummary("One comment: its public thread, or for the agency's staff everything, notes and e-mail included");
        api.MapPost("/{reference}/answers", Answer).WithName("AnswerComment").DisableAntiforgery()
            .WithSummary("The commenter answers in the thread, with the key given when the comment was left; an answer after a reply reopens it");
        api.MapPost("/{reference}/assign", Assign).WithName("AssignComment").RequireAuthorization()
            .WithSummary("Give the comment to a handler of its agency (handler: a user name)");
        api.MapPost("/{reference}/replies", Reply).WithName("ReplyToComment").RequireAuthorization()
            .WithSummary("Reply in public (close=true closes it too); the first reply decides whether it was on time");
        api.MapPost("/{reference}/notes", Note).WithName("NoteOnComment").RequireAuthorization()
            .WithSummary("A note for staff only");
        api.MapPost("/{reference}/close", Close).WithName("CloseComment").RequireAuthorization()
            .WithSummary("Close a replied comment");
        api.MapPost("/{reference}/moderation", Moderate).WithName("ModerateComment").RequireAuthorization()
            .WithSummary("Release a held comment (action=release) or mark it as spam (action=spam); agency admins");
        api.MapPost("/{reference}/transfer", Transfer).WithName("TransferComment").RequireAuthorization()
            .WithSummary("Pass the comment to another agency (agency: code); its deadline stays");

        var calendar = routes.MapGroup("/api/v1/calendar").WithTags("Feedback");
        calendar.MapGet("", CalendarYears).WithName("OfficeCalendarYears")
            .WithSummary("The years of the government office calendar imported, with their days off and make-up working days");
        calendar.MapPost("/import", ImportCalendar).WithName("ImportOfficeCalendar").RequireAuthorization().DisableAntiforgery()
            .WithSummary("Import the DGPA's office calendar CSV (中華民國政府行政機關辦公日曆表; columns 西元日期, 星期, 是否放假, 備註); replaces the years it covers. System administrators");

        routes.MapGet("/api/v1/outbox", Outbox).WithTags("Feedback").WithName("Outbox").RequireAuthorization()
            .WithSummary("The e-mail notices written, sent or waiting (system administrators)");
        return routes;
    }

    public sealed record SubmitAnswer(string Reference, string FollowUpKey, string Status, bool Held, DateOnly DueOn, string Url);

    public sealed record MessageDto(string From, string Body, string? SignedAs, DateTimeOffset At);

    public sealed record PublicCommentDto(
        string Reference, string? Dataset, string Agency, string Kind, string Subject, string Status, bool Held,
        DateTimeOffset ReceivedAt, DateOnly DueOn, DateTimeOffset? FirstRepliedAt, IReadOnlyList<MessageDto> Messages);

    public sealed record StaffCommentDto(
        string Reference, string? Dataset, string? DatasetTitle, string Agency, string Kind, string Subject, string Body, string? Email,
        string Origin, string? ExternalId, string Status, string Moderation, string? ModerationReason, string? Handler,
        DateTimeOffset ReceivedAt, DateOnly ReceivedOn, DateOnly DueOn, DateOnly? OpenDueOn, bool Overdue,
        DateTimeOffset? FirstRepliedAt, int? DaysToReply, bool? OnTime, DateTimeOffset? ReminderSentAt, DateTimeOffset? EscalatedAt,
        IReadOnlyList<MessageDto>? Messages);

    public sealed record CommentList(int Total, int Page, int PageSize, IReadOnlyList<StaffCommentDto> Items);

    public sealed record AnswerInput(string? Key, string? Body);
    public sealed record AssignInput(string? Handler);
    public sealed record ReplyInput(string? Body, bool? Close);
    public sealed record NoteInput(string? Body);
    public sealed record ModerationInput(string? Action);
    public sealed record TransferInput(string? Agency);
    public sealed record RouteInput(string? Handler);

    private static async Task<IResult> Submit(CommentInput input, SubmitComment submit, HttpContext http, CancellationToken ct)
    {
        var result = await submit.SubmitAsync(input, http.Connection.RemoteIpAddress?.ToString(), ct);
        if (!result.Succeeded)
        {
            return Failure(result, http);
        }
        var (comment, key) = result.Value!;
        var url = $"{http.PublicBaseUrl()}/feedback/{comment.Reference}?key={Uri.EscapeDataString(key)}";
        return TypedResults.Created($"/api/v1/feedback/{comment.Reference}",
            new SubmitAnswer(comment.Reference, key, CommentKinds.StatusName(comment.Status), comment.Moderation == ModerationState.Held, comment.DueOn, url));
    }

    private static async Task<IResult> List(string? agency, string? status, bool? overdue, bool? held, bool? mine, string? dataset, int? page, int? pageSize,
        FeedbackQueries queries, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is not { } staff)
        {
            return TypedResults.Forbid();
        }
        var errors = new ValidationErrors();
        var agencyNode = agency is null ? null : agencies.Tree.FindByCode(agency);
        if (agency is not null && agencyNode is null)
        {
            errors.Add("agency", $"沒有代碼為「{agency}」的機關。", $"There is no agency '{agency}'.");
        }
        var statusValue = CommentKinds.ParseStatus(status);
        if (status is not null && statusValue is null)
        {
            errors.Add("status", "status 應為 received、assigned、replied、closed 或 reopened。", "status must be received, assigned, replied, closed or reopened.");
        }
        Guid? datasetId = null;
        if (dataset is not null)
        {
            datasetId = await DatasetIdAsync(db, dataset, ct);
            if (datasetId is null)
            {
                errors.Add("dataset", $"找不到資料集「{dataset}」。", $"There is no dataset '{dataset}'.");
            }
        }
        var size = Math.Clamp(pageSize ?? 50, 1, 500);
        var number = Math.Max(1, page ?? 1);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(http.WantsEnglish()));
        }
        var (items, total) = await queries.ListAsync(staff, new CommentFilter(agencyNode?.Id, statusValue, overdue ?? false, held ?? false, mine ?? false, datasetId),
            (number - 1) * size, size, ct);
        var dtos = await StaffDtosAsync(items, http, staff, withMessages: false, ct);
        return TypedResults.Ok(new CommentList(total, number, size, dtos));
    }

    private static async Task<IResult> Threads(string? dataset, FeedbackQueries queries, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        Guid? datasetId = null;
        if (!string.IsNullOrWhiteSpace(dataset))
        {
            datasetId = await DatasetIdAsync(db, dataset, ct, publishedOnly: true);
            if (datasetId is null)
            {
                return NotFound(http, dataset);
            }
        }
        var threads = await queries.PublicThreadsAsync(datasetId, 200, ct);
        var name = dataset is null ? null : await db.Datasets.Where(d => d.Id == datasetId).Select(d => d.Name).FirstAsync(ct);
        return TypedResults.Ok(threads.Where(t => !t.Held).Select(t => PublicDto(t, name, agencies)).ToList());
    }

    private static async Task<IResult> Show(string reference, string? key, FeedbackQueries queries, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        var comment = await queries.FindAsync(reference, ct);
        if (comment is null)
        {
            return NotFound(http, reference);
        }
        if (http.Staff() is { } staff && staff.Reaches(comment.AgencyId))
        {
            return TypedResults.Ok((await StaffDtosAsync([comment], http, staff, withMessages: true, ct))[0]);
        }
        // A held or spam comment is shown to its own commenter only.
        if (comment.Moderation != ModerationState.Visible && !FollowUpKeys.Matches(comment, key))
        {
            return NotFound(http, reference);
        }
        var name = comment.DatasetId is null ? null : await db.Datasets.Where(d => d.Id == comment.DatasetId).Select(d => d.Name).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(PublicDto(PublicThread.Of(comment), name, agencies));
    }

    private static async Task<IResult> Answer(string reference, AnswerInput input, AnswerComment answer, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        var result = await answer.AnswerAsync(reference, input.Key, input.Body, ct);
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: http.WantsEnglish() ? "The key does not fit this comment; use the link from the message you were sent." : "金鑰與此意見不符；請使用寄給您的通知中的連結。");
        }
        if (!result.Succeeded)
        {
            return Failure(result, http, reference);
        }
        var name = result.Value!.DatasetId is null ? null : await db.Datasets.Where(d => d.Id == result.Value.DatasetId).Select(d => d.Name).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(PublicDto(PublicThread.Of(result.Value!), name, agencies));
    }

    private static async Task<IResult> Assign(string reference, AssignInput input, HandleComments handle, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        var user = string.IsNullOrWhiteSpace(input.Handler) ? null
            : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == input.Handler.Trim(), ct);
        if (user is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["handler"] = [http.WantsEnglish() ? $"There is no user '{input.Handler}'." : $"沒有使用者「{input.Handler}」。"],
            });
        }
        return await StaffAnswerAsync(await handle.AssignAsync(http.Staff()!, reference, user.Id, ct), reference, db, agencies, http, ct);
    }

    private static async Task<IResult> Reply(string reference, ReplyInput input, HandleComments handle, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct) =>
        await StaffAnswerAsync(await handle.ReplyAsync(http.Staff()!, reference, input.Body, input.Close ?? false, ct), reference, db, agencies, http, ct);

    private static async Task<IResult> Note(string reference, NoteInput input, HandleComments handle, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct) =>
        await StaffAnswerAsync(await handle.NoteAsync(http.Staff()!, reference, input.Body, ct), reference, db, agencies, http, ct);

    private static async Task<IResult> Close(string reference, HandleComments handle, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct) =>
        await StaffAnswerAsync(await handle.CloseAsync(http.Staff()!, reference, ct), reference, db, agencies, http, ct);

    private static async Task<IResult> Moderate(string reference, ModerationInput input, HandleComments handle, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        if (input.Action is not ("release" or "spam"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["action"] = [http.WantsEnglish() ? "action must be release or spam." : "action 應為 release（公開）或 spam（垃圾訊息）。"],
            });
        }
        return await StaffAnswerAsync(await handle.ModerateAsync(http.Staff()!, reference, input.Action == "spam", ct), reference, db, agencies, http, ct);
    }

    private static async Task<IResult> Transfer(string reference, TransferInput input, HandleComments handle, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct) =>
        await StaffAnswerAsync(await handle.TransferAsync(http.Staff()!, reference, input.Agency, ct), reference, db, agencies, http, ct);

    private static async Task<IResult> SetRoute(string agency, RouteInput input, HandleComments handle, KaifangDbContext db, HttpContext http, CancellationToken ct)
    {
        Guid? handlerId = null;
        if (!string.IsNullOrWhiteSpace(input.Handler))
        {
            handlerId = await db.Users.AsNoTracking().Where(u => u.UserName == input.Handler.Trim()).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
            if (handlerId is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["handler"] = [http.WantsEnglish() ? $"There is no user '{input.Handler}'." : $"沒有使用者「{input.Handler}」。"],
                });
            }
        }
        var result = await handle.SetRouteAsync(http.Staff()!, agency, handlerId, ct);
        return result.Succeeded ? TypedResults.Ok(new { agency, handler = input.Handler?.Trim() is { Length: > 0 } h ? h : null }) : Failure(result, http, agency);
    }

    private static async Task<IResult> Statistics(string? period, FeedbackStatistics statistics, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is null)
        {
            return TypedResults.Forbid();
        }
        var chosen = period is null ? new FeedbackPeriod(ReplyDeadline.TaipeiDate(time.GetUtcNow()).Year) : FeedbackPeriod.Parse(period);
        if (chosen is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["period"] = [http.WantsEnglish() ? $"'{period}' is not a period; write a year (2026) or a quarter (2026Q3)." : $"「{period}」不是期間；請寫年度（2026）或季（2026Q3）。"],
            });
        }
        var figures = await statistics.ForPeriodAsync(chosen, ct);
        return TypedResults.Ok(new { period = chosen.Label, from = chosen.From, to = chosen.To, agencies = figures });
    }

    private static async Task<IResult> Import(HttpContext http, ImportNationalComments import, AgencyDirectory agencies, CancellationToken ct)
    {
        if (http.Staff() is not { } staff || agencies.Tree.Roots.Count == 0 || !staff.Can(StaffAction.ModerateFeedback, agencies.Tree.Roots[0].Id))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: http.WantsEnglish() ? "Only the ministry's administrators import the national platform's comments." : "只有部本部的管理者可以匯入政府資料開放平臺的意見。");
        }
        try
        {
            var (stream, json) = await UploadAsync(http, ct);
            await using (stream)
            {
                var result = json ? await import.ImportJsonAsync(stream, ct) : await import.ImportCsvAsync(stream, ct);
                return TypedResults.Ok(result);
            }
        }
        catch (InvalidDataException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: e.Message);
        }
    }

    private static async Task<IResult> CalendarYears(OfficeCalendars calendars, CancellationToken ct) => TypedResults.Ok(await calendars.YearsAsync(ct));

    private static async Task<IResult> ImportCalendar(HttpContext http, OfficeCalendars calendars, CancellationToken ct)
    {
        if (http.Staff() is not { } staff || !StaffScope.Allows(staff.Role, StaffAction.ManageSystem))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: http.WantsEnglish() ? "Only a system administrator imports the office calendar." : "只有系統管理者可以匯入辦公日曆表。");
        }
        var (stream, _) = await UploadAsync(http, ct);
        await using (stream)
        {
            var result = await calendars.ImportAsync(stream, staff.UserName, ct);
            return result.Succeeded ? TypedResults.Ok(result.Value) : Failure(result, http);
        }
    }

    private static async Task<IResult> Outbox(KaifangDbContext db, HttpContext http, int? page, CancellationToken ct)
    {
        if (http.Staff() is not { } staff || !StaffScope.Allows(staff.Role, StaffAction.ManageSystem))
        {
            return TypedResults.Forbid();
        }
        var number = Math.Max(1, page ?? 1);
        var items = await db.OutboxMessages.AsNoTracking().OrderByDescending(m => m.Id).Skip((number - 1) * 100).Take(100)
            .Select(m => new { m.Id, m.To, m.Subject, m.Topic, m.Regarding, m.CreatedAt, m.SentAt, m.Attempts, m.LastError, m.GaveUp })
            .ToListAsync(ct);
        return TypedResults.Ok(items);
    }

    /// The uploaded file: a multipart form's "file", or the request body itself. JSON when its type or name says so.
    private static async Task<(Stream Stream, bool Json)> UploadAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? throw new InvalidDataException("Send the file in a form field named 'file', or as the request body.");
            return (file.OpenReadStream(), file.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || file.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase));
        }
        var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        return (buffer, http.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false);
    }

    private static async Task<IResult> StaffAnswerAsync(CatalogResult<Comment> result, string reference, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct) =>
        result.Succeeded
            ? TypedResults.Ok((await StaffDtosAsync([result.Value!], http, http.Staff()!, withMessages: true, ct))[0])
            : Failure(result, http, reference);

    internal static async Task<Guid?> DatasetIdAsync(KaifangDbContext db, string key, CancellationToken ct, bool publishedOnly = false)
    {
        var query = db.Datasets.AsNoTracking();
        if (publishedOnly)
        {
            query = query.Where(d => d.Status == DatasetStatus.Published);
        }
        return await query.Named(key).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct);
    }

    private static PublicCommentDto PublicDto(PublicThread t, string? datasetName, AgencyDirectory agencies) => new(
        t.Reference, datasetName, agencies.Tree.Find(t.AgencyId)?.Code ?? "", CommentKinds.Name(t.Kind), t.Subject, CommentKinds.StatusName(t.Status), t.Held,
        t.ReceivedAt, t.DueOn, t.FirstRepliedAt,
        [.. t.Messages.Select(m => new MessageDto(m.FromAgency ? "agency" : "commenter", m.Body, m.SignedAs, m.At))]);

    private static async Task<List<StaffCommentDto>> StaffDtosAsync(IReadOnlyList<Comment> comments, HttpContext http, StaffScope staff, bool withMessages, CancellationToken ct)
    {
        var db = http.RequestServices.GetRequiredService<KaifangDbContext>();
        var agencies = http.RequestServices.GetRequiredService<AgencyDirectory>();
        var datasetIds = comments.Where(c => c.DatasetId is not null).Select(c => c.DatasetId!.Value).Distinct().ToList();
        var datasets = await db.Datasets.AsNoTracking().Where(d => datasetIds.Contains(d.Id)).Select(d => new { d.Id, d.Name, d.Title }).ToDictionaryAsync(d => d.Id, ct);
        var userIds = comments.Select(c => c.HandlerId).Concat(comments.SelectMany(c => c.Messages.Select(m => m.AuthorId))).Where(u => u is not null).Select(u => u!.Value).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.UserName }).ToDictionaryAsync(u => u.Id, u => u.UserName, ct);
        var today = ReplyDeadline.TaipeiDate(http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        return [.. comments.Select(c => new StaffCommentDto(
            c.Reference, c.DatasetId is { } d && datasets.TryGetValue(d, out var ds) ? ds.Name : null, c.DatasetId is { } d2 && datasets.TryGetValue(d2, out var ds2) ? ds2.Title : null,
            agencies.Tree.Find(c.AgencyId)?.Code ?? "", CommentKinds.Name(c.Kind), c.Subject, c.Body,
            staff.Can(StaffAction.HandleFeedback, c.AgencyId) ? c.AuthorEmail : null,
            CommentKinds.OriginName(c.Origin), c.ExternalId, CommentKinds.StatusName(c.Status), CommentKinds.ModerationName(c.Moderation), c.ModerationReason,
            c.HandlerId is { } h && users.TryGetValue(h, out var handler) ? handler : null,
            c.ReceivedAt, c.ReceivedOn, c.DueOn, c.OpenDueOn, c.OpenDueOn is { } due && due < today,
            c.FirstRepliedAt, c.DaysToReply, c.FirstRepliedOn is { } r ? r <= c.DueOn : null, c.ReminderSentAt, c.EscalatedAt,
            withMessages
                ? [.. c.Messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(m => new MessageDto(
                    m.Kind switch { CommentMessageKind.FromCommenter => "commenter", CommentMessageKind.Reply => "agency", CommentMessageKind.InternalNote => "note", _ => "event" },
                    m.Body, m.SignedAs ?? (m.AuthorId is { } a && users.TryGetValue(a, out var author) ? author : null), m.CreatedAt))]
                : null))];
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(HttpContext http, string reference) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
            title: http.WantsEnglish() ? $"There is no comment or dataset '{reference}'." : $"找不到「{reference}」。");

    private static IResult Failure<T>(CatalogResult<T> result, HttpContext http, string reference = "") => result.Outcome switch
    {
        CatalogOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!.ToDictionary(http.WantsEnglish()),
            title: http.WantsEnglish() ? "The input has problems; nothing was saved." : "輸入內容有誤，未儲存任何變更。"),
        CatalogOutcome.TooMany => TooMany(result.Errors!, http),
        CatalogOutcome.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
            title: string.Join(" ", result.Errors!.ToDictionary(http.WantsEnglish()).Values.SelectMany(v => v))),
        CatalogOutcome.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
            title: http.WantsEnglish() ? "You may not do this with this agency's comments." : "您沒有處理此機關意見的權限。"),
        _ => NotFound(http, reference),
    };

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooMany(ValidationErrors errors, HttpContext http)
    {
        http.Response.Headers.RetryAfter = "3600";
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests,
            title: string.Join(" ", errors.ToDictionary(http.WantsEnglish()).Values.SelectMany(v => v)));
    }
}
