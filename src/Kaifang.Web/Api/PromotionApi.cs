using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Promotion;
using Kaifang.Storage;

namespace Kaifang.Web.Api;

/// Events and the showcase of reuses (ACTION-PLAN S11, docs/promotion.md): anyone lists events, registers
/// and cancels with the key sent, lists approved showcases and submits one; the agencies' staff manage
/// their events and registrants and approve showcases. Registrants' and authors' e-mail is never public.
public static class PromotionApi
{
    public static IEndpointRouteBuilder MapPromotionApi(this IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup("/api/v1/events").WithTags("Promotion");
        events.MapGet("", ListEvents).WithName("ListEvents")
            .WithSummary("Events (說明會, 工作坊): upcoming soonest first, then past ones; seats taken, left and waiting; agency=code to filter");
        events.MapGet("/{id:guid}", ShowEvent).WithName("GetEvent")
            .WithSummary("One event");
        events.MapPost("", CreateEvent).WithName("CreateEvent").RequireAuthorization()
            .WithSummary("Create an event of an agency (agency: code, default your own): agency admins and data officers")
            .WithDescription("kind: explanatory-session, workshop or other. startsAt, endsAt, registrationClosesAt: ISO 8601 with an offset " +
                "(registrationClosesAt defaults to the start). venue or onlineUrl (http/https) or both. capacity: 1–10000. datasets: names or identifiers of published datasets.");
        events.MapPut("/{id:guid}", UpdateEvent).WithName("UpdateEvent").RequireAuthorization()
            .WithSummary("Change an event (all fields, as when creating); more seats go to the waiting list in order, and they are told");
        events.MapPost("/{id:guid}/registrations", Register).WithName("RegisterForEvent").DisableAntiforgery()
            .WithSummary("Register without an account: name, email (required, never shown), organisation; waitingList=true to wait when it is full")
            .WithDescription("Refused with 409 when registration has closed, the e-mail is already registered, or the event is full and waitingList is not true. " +
                "The answer holds the cancel key, also sent by e-mail with a cancel link. Too many registrations from one address answer 429.");
        events.MapPost("/{id:guid}/registrations/{registration:guid}/cancel", Cancel).WithName("CancelRegistration").DisableAntiforgery()
            .WithSummary("Cancel a registration with the key from its e-mail; a freed seat goes to the first on the waiting list, who is told");
        events.MapGet("/{id:guid}/registrations", Registrants).WithName("EventRegistrants").RequireAuthorization()
            .WithSummary("The registrants with their e-mail and attendance (the event's agency staff); format=ods, xlsx or csv downloads them");
        events.MapPost("/{id:guid}/registrations/{registration:guid}/attendance", Attendance).WithName("MarkAttendance").RequireAuthorization()
            .WithSummary("Mark a registrant as attended (attended=true) or not");

        var showcases = routes.MapGroup("/api/v1/showcases").WithTags("Promotion");
        showcases.MapGet("", ListShowcases).WithName("ListShowcases")
            .WithSummary("Approved showcases of reuse (應用展示), newest first: agency=code and dataset=name or identifier filter; the author's e-mail is never given");
        showcases.MapPost("", SubmitShowcase).WithName("SubmitShowcase").DisableAntiforgery()
            .WithSummary("Submit an application, visualisation, article or study using the datasets; it is shown once an owning agency's admin approves it")
            .WithDescription("kind: app, visualisation, article, research or other. url: http or https. datasets: one or more names or identifiers of published datasets; " +
                "an unknown one is refused, named. authorEmail is required and never shown; the decision is sent there. Too many from one address answer 429.");
        showcases.MapGet("/moderation", Moderation).WithName("ShowcaseModerationQueue").RequireAuthorization()
            .WithSummary("Showcases you may decide on (admins of the agencies owning their datasets): pending first; all=true adds the decided ones");
        showcases.MapPost("/{id:guid}/decision", Decide).WithName("DecideShowcase").RequireAuthorization()
            .WithSummary("Approve (approve=true) or reject with a reason (approve=false, reason); the author is told by e-mail");
        return routes;
    }

    public sealed record DatasetRef(string Name, string Title);

    public sealed record EventDto(
        Guid Id, string Agency, string Title, string Kind, string Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
        string? Venue, string? OnlineUrl, int Capacity, int Confirmed, int Waiting, int SeatsLeft, DateTimeOffset RegistrationClosesAt,
        bool RegistrationOpen, bool Past, bool Sample, IReadOnlyList<DatasetRef> Datasets, string Url);

    public sealed record RegisteredDto(Guid Id, Guid Event, string Status, string CancelKey, string CancelUrl);

    public sealed record RegistrantDto(Guid Id, string Name, string Email, string? Organisation, string Status,
        DateTimeOffset RegisteredAt, DateTimeOffset? PromotedAt, DateTimeOffset? CancelledAt, bool Attended);

    public sealed record ShowcaseDto(Guid Id, string Title, string Kind, string Url, string Description, string AuthorName,
        IReadOnlyList<DatasetRef> Datasets, IReadOnlyList<string> Agencies, DateTimeOffset? ApprovedAt, bool Sample);

    public sealed record StaffShowcaseDto(Guid Id, string Title, string Kind, string Url, string Description, string AuthorName, string AuthorEmail,
        string Status, string? DecisionReason, string? DecidedBy, DateTimeOffset? DecidedAt, string? HeldReason, DateTimeOffset SubmittedAt,
        IReadOnlyList<DatasetRef> Datasets, IReadOnlyList<string> Agencies);

    public sealed record CancelInput(string? Key);
    public sealed record AttendanceInput(bool? Attended);
    public sealed record DecisionInput(bool? Approve, string? Reason);

    private static async Task<IResult> ListEvents(string? agency, PromotionEvents events, AgencyDirectory agencies, HttpContext http, TimeProvider time, CancellationToken ct)
    {
        IReadOnlySet<int>? only = null;
        if (!string.IsNullOrWhiteSpace(agency))
        {
            if (agencies.Tree.FindByCode(agency.Trim()) is not { } node)
            {
                return UnknownAgency(http, agency);
            }
            only = new HashSet<int> { node.Id };
        }
        var list = await events.ListAsync(only, ct);
        var result = new List<EventDto>();
        foreach (var summary in list)
        {
            result.Add(await EventDtoAsync(summary, events, agencies, http, time, ct));
        }
        return TypedResults.Ok(result);
    }

    private static async Task<IResult> ShowEvent(Guid id, PromotionEvents events, AgencyDirectory agencies, HttpContext http, TimeProvider time, CancellationToken ct)
    {
        var found = await events.FindAsync(id, ct);
        return found is null ? NotFound(http) : TypedResults.Ok(await EventDtoAsync(Summary(found, time), events, agencies, http, time, ct));
    }

    private static async Task<IResult> CreateEvent(EventInput input, PromotionEvents events, AgencyDirectory agencies, HttpContext http, TimeProvider time, CancellationToken ct)
    {
        if (http.Staff() is not { } staff)
        {
            return TypedResults.Forbid();
        }
        var result = await events.CreateAsync(staff, input, ct);
        if (!result.Succeeded)
        {
            return Failure(result, http);
        }
        var created = (await events.FindAsync(result.Value!.Id, ct))!;
        return TypedResults.Created($"/api/v1/events/{created.Id}", await EventDtoAsync(Summary(created, time), events, agencies, http, time, ct));
    }

    private static async Task<IResult> UpdateEvent(Guid id, EventInput input, PromotionEvents events, AgencyDirectory agencies, HttpContext http, TimeProvider time, CancellationToken ct)
    {
        if (http.Staff() is not { } staff)
        {
            return TypedResults.Forbid();
        }
        var result = await events.UpdateAsync(staff, id, input, http.PublicBaseUrl(), ct);
        if (!result.Succeeded)
        {
            return Failure(result, http);
        }
        return TypedResults.Ok(await EventDtoAsync(Summary((await events.FindAsync(id, ct))!, time), events, agencies, http, time, ct));
    }

    private static async Task<IResult> Register(Guid id, RegistrationInput input, EventRegistrations registrations, HttpContext http, CancellationToken ct)
    {
        var result = await registrations.RegisterAsync(id, input, http.Connection.RemoteIpAddress?.ToString(), http.PublicBaseUrl(), ct);
        if (!result.Succeeded)
        {
            return Failure(result, http);
        }
        var (promotionEvent, registration, key) = result.Value!;
        return TypedResults.Created($"/api/v1/events/{id}/registrations/{registration.Id}",
            new RegisteredDto(registration.Id, id, PromotionKinds.Name(registration.Status), key, PromotionNotices.CancelUrl(http.PublicBaseUrl(), promotionEvent, registration, key)));
    }

    private static async Task<IResult> Cancel(Guid id, Guid registration, CancelInput input, EventRegistrations registrations, HttpContext http, CancellationToken ct)
    {
        var result = await registrations.CancelAsync(id, registration, input.Key, http.PublicBaseUrl(), ct);
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: http.WantsEnglish() ? "The key does not fit this registration; use the link in the e-mail you were sent." : "金鑰與此報名不符；請使用寄給您的電子郵件中的連結。");
        }
        return result.Succeeded ? TypedResults.Ok(new { id = registration, @event = id, status = PromotionKinds.Name(result.Value!.Registration.Status) }) : Failure(result, http);
    }

    private static async Task<IResult> Registrants(Guid id, string? format, EventRegistrations registrations, PromotionEvents events, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is not { } staff)
        {
            return TypedResults.Forbid();
        }
        var chosen = format is null ? (SpreadsheetFormat?)null : SpreadsheetTables.ParseFormat(format);
        if (format is not null && chosen is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["format"] = [http.WantsEnglish() ? $"'{format}' is not a format; use ods, xlsx or csv." : $"「{format}」不是可用的格式；請用 ods、xlsx 或 csv。"],
            });
        }
        var result = await registrations.RegistrantsAsync(staff, id, ct);
        if (!result.Succeeded)
        {
            return Failure(result, http);
        }
        if (chosen is { } spreadsheet)
        {
            var promotionEvent = (await events.FindAsync(id, ct))!;
            var start = PromotionTimes.Taipei(promotionEvent.StartsAt);
            return TypedResults.File(SpreadsheetTables.Write(spreadsheet, "報名名單", EventRegistrations.Rows(result.Value!), neutralise: true),
                SpreadsheetTables.ContentType(spreadsheet), $"registrants-{start:yyyyMMdd}-{id.ToString()[..8]}.{SpreadsheetTables.Extension(spreadsheet)}");
        }
        return TypedResults.Ok(result.Value!.Select(RegistrantDtoOf).ToList());
    }

    private static async Task<IResult> Attendance(Guid id, Guid registration, AttendanceInput input, EventRegistrations registrations, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is not { } staff)
        {
            return TypedResults.Forbid();
        }
        var result = await registrations.SetAttendedAsync(staff, id, registration, input.Attended ?? true, ct);
        return result.Succeeded ? TypedResults.Ok(RegistrantDtoOf(result.Value!)) : Failure(result, http);
    }

    private static async Task<IResult> ListShowcases(string? agency, string? dataset, Showcases showcases, AgencyDirectory agencies, KaifangDbContext db, HttpContext http, CancellationToken ct)
    {
        int? agencyId = null;
        if (!string.IsNullOrWhiteSpace(agency))
        {
            if (agencies.Tree.FindByCode(agency.Trim()) is not { } node)
            {
                return UnknownAgency(http, agency);
            }
            agencyId = node.Id;
        }
        Guid? datasetId = null;
        if (!string.IsNullOrWhiteSpace(dataset))
        {
            datasetId = await FeedbackApi.DatasetIdAsync(db, dataset.Trim(), ct, publishedOnly: true);
            if (datasetId is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                    title: http.WantsEnglish() ? $"There is no published dataset '{dataset}'." : $"找不到公開的資料集「{dataset}」。");
            }
        }
        var list = await showcases.ApprovedAsync(agencyId, datasetId, ct);
        var names = await showcases.DatasetNamesAsync(list, ct);
        return TypedResults.Ok(list.Select(s => PublicShowcase(s, names, agencies)).ToList());
    }

    private static async Task<IResult> SubmitShowcase(ShowcaseInput input, Showcases showcases, HttpContext http, CancellationToken ct)
    {
        var result = await showcases.SubmitAsync(input, http.Connection.RemoteIpAddress?.ToString(), http.PublicBaseUrl(), ct);
        if (!result.Succeeded)
        {
            return Failure(result, http);
        }
        var s = result.Value!;
        return TypedResults.Created($"/api/v1/showcases/{s.Id}", new { id = s.Id, status = PromotionKinds.Name(s.Status), title = s.Title });
    }

    private static async Task<IResult> Moderation(bool? all, Showcases showcases, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is not { } staff)
        {
            return TypedResults.Forbid();
        }
        var list = await showcases.ForStaffAsync(staff, pendingOnly: all != true, ct);
        var names = await showcases.DatasetNamesAsync(list, ct);
        return TypedResults.Ok(list.Select(s => StaffShowcase(s, names, agencies)).ToList());
    }

    private static async Task<IResult> Decide(Guid id, DecisionInput input, Showcases showcases, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is not { } staff)
        {
            return TypedResults.Forbid();
        }
        if (input.Approve is not { } approve)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["approve"] = [http.WantsEnglish() ? "Say approve=true to approve or approve=false (with a reason) to reject." : "請以 approve=true 核准，或 approve=false 並附原因退回。"],
            });
        }
        var result = await showcases.DecideAsync(staff, id, approve, input.Reason, http.PublicBaseUrl(), ct);
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: http.WantsEnglish() ? "Only an admin of an agency owning one of the datasets used may decide on this showcase." : "只有所使用資料集之所屬機關的管理者可以審核這件應用展示。");
        }
        if (!result.Succeeded)
        {
            return Failure(result, http);
        }
        var names = await showcases.DatasetNamesAsync([result.Value!], ct);
        return TypedResults.Ok(StaffShowcase(result.Value!, names, agencies));
    }

    internal static EventSummary Summary(PromotionEvent e, TimeProvider time) => new(e,
        e.Registrations.Count(r => r.Status == RegistrationStatus.Confirmed), e.Registrations.Count(r => r.Status == RegistrationStatus.Waiting), e.EndsAt < time.GetUtcNow());

    private static async Task<EventDto> EventDtoAsync(EventSummary s, PromotionEvents events, AgencyDirectory agencies, HttpContext http, TimeProvider time, CancellationToken ct)
    {
        var e = s.Event;
        var datasets = await events.DatasetTitlesAsync(e.Datasets.Select(d => d.DatasetId), ct);
        return new EventDto(e.Id, agencies.Tree.Find(e.AgencyId)?.Code ?? "", e.Title, PromotionKinds.Name(e.Kind), e.Description, e.StartsAt, e.EndsAt,
            e.Venue, e.OnlineUrl, e.Capacity, s.Confirmed, s.Waiting, s.SeatsLeft, e.RegistrationClosesAt, time.GetUtcNow() <= e.RegistrationClosesAt, s.Past, e.IsSample,
            [.. datasets.Select(d => new DatasetRef(d.Name, d.Title))], $"{http.PublicBaseUrl()}/events/{e.Id}");
    }

    private static RegistrantDto RegistrantDtoOf(EventRegistration r) =>
        new(r.Id, r.Name, r.Email, r.Organisation, PromotionKinds.Name(r.Status), r.RegisteredAt, r.PromotedAt, r.CancelledAt, r.Attended);

    private static List<DatasetRef> Refs(Showcase s, IReadOnlyDictionary<Guid, (string Name, string Title, int AgencyId)> names) =>
        [.. s.Datasets.Where(d => names.ContainsKey(d.DatasetId)).Select(d => new DatasetRef(names[d.DatasetId].Name, names[d.DatasetId].Title))];

    private static List<string> AgencyCodes(Showcase s, AgencyDirectory agencies) =>
        [.. s.Datasets.Select(d => agencies.Tree.Find(d.AgencyId)?.Code).OfType<string>().Distinct()];

    private static ShowcaseDto PublicShowcase(Showcase s, IReadOnlyDictionary<Guid, (string Name, string Title, int AgencyId)> names, AgencyDirectory agencies) =>
        new(s.Id, s.Title, PromotionKinds.Name(s.Kind), s.Url, s.Description, s.AuthorName, Refs(s, names), AgencyCodes(s, agencies), s.DecidedAt, s.IsSample);

    private static StaffShowcaseDto StaffShowcase(Showcase s, IReadOnlyDictionary<Guid, (string Name, string Title, int AgencyId)> names, AgencyDirectory agencies) =>
        new(s.Id, s.Title, PromotionKinds.Name(s.Kind), s.Url, s.Description, s.AuthorName, s.AuthorEmail, PromotionKinds.Name(s.Status), s.DecisionReason,
            s.DecidedBy, s.DecidedAt, s.HeldReason, s.SubmittedAt, Refs(s, names), AgencyCodes(s, agencies));

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(HttpContext http) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: http.WantsEnglish() ? "There is no such event or registration." : "找不到此活動或報名。");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult UnknownAgency(HttpContext http, string agency) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: http.WantsEnglish() ? $"There is no agency '{agency}'." : $"沒有代碼為「{agency}」的機關。");

    private static IResult Failure<T>(CatalogResult<T> result, HttpContext http) => result.Outcome switch
    {
        CatalogOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!.ToDictionary(http.WantsEnglish()),
            title: http.WantsEnglish() ? "The input has problems; nothing was saved." : "輸入內容有誤，未儲存任何變更。"),
        CatalogOutcome.TooMany => TooMany(result.Errors!, http),
        CatalogOutcome.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
            title: string.Join(" ", result.Errors!.ToDictionary(http.WantsEnglish()).Values.SelectMany(v => v)),
            extensions: new Dictionary<string, object?> { ["reason"] = result.Errors!.Fields.FirstOrDefault() }),
        CatalogOutcome.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
            title: http.WantsEnglish() ? "You may not do this with this agency's events or showcases." : "您沒有處理此機關活動或應用展示的權限。"),
        _ => NotFound(http),
    };

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooMany(ValidationErrors errors, HttpContext http)
    {
        http.Response.Headers.RetryAfter = "3600";
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests,
            title: string.Join(" ", errors.ToDictionary(http.WantsEnglish()).Values.SelectMany(v => v)));
    }
}
