using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Feedback;
using Kaifang.Inventory;
using Kaifang.Review;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Api;

/// Review meetings (審議) under /api/v1/meetings: the advisory group's and the working groups', their members,
/// agenda, decisions, follow-ups and minutes; and the working-group meetings held per agency (S14.1).
public static class MeetingsApi
{
    public static IEndpointRouteBuilder MapMeetingsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/meetings").WithTags("Review").RequireAuthorization();
        api.MapGet("", List).WithName("ListMeetings").WithSummary("The meetings in scope, the latest first");
        api.MapPost("", Create).WithName("CreateMeeting")
            .WithSummary("Plan a meeting: kind (advisory-group, working-group), occasion (regular, ad-hoc), agency, date, title, location, members");
        api.MapGet("/working-groups", WorkingGroups).WithName("WorkingGroupMeetingsHeld")
            .WithSummary("Per agency, the working-group meetings held in a year or quarter (period=2026 or 2026Q3); held means its minutes are recorded (S14.1)");
        api.MapGet("/{id:guid}", Show).WithName("GetMeeting").WithSummary("One meeting with its members, agenda and decisions, and follow-ups");
        api.MapPut("/{id:guid}", Update).WithName("UpdateMeeting").WithSummary("Change date, title, place, occasion and members, until the minutes are recorded");
        api.MapPost("/{id:guid}/agenda", BuildAgenda).WithName("BuildAgenda")
            .WithSummary("Put every item awaiting review in the meeting's scope on its agenda (round: an id or 2026Q4, to limit it to one round)");
        api.MapPost("/{id:guid}/agenda/{item:guid}", AddToAgenda).WithName("AddToAgenda").WithSummary("Put one item awaiting review on the agenda");
        api.MapDelete("/{id:guid}/agenda/{item:guid}", RemoveFromAgenda).WithName("RemoveFromAgenda").WithSummary("Take an undecided item off the agenda");
        api.MapPost("/{id:guid}/decisions", Decide).WithName("DecideOnItem")
            .WithSummary("The meeting's decision on an agenda item (item, decision: approve, approve-with-changes or reject, reason); refused for an item not on the agenda");
        api.MapPost("/{id:guid}/follow-ups", AddFollowUp).WithName("AddFollowUp").WithSummary("A follow-up action (description, owner, dueOn)");
        api.MapPost("/{id:guid}/follow-ups/{followUp:long}", FollowUpDone).WithName("FollowUpDone").WithSummary("Mark a follow-up action done (done=true) or open again");
        api.MapPost("/{id:guid}/minutes", Minutes).WithName("RecordMinutes")
            .WithSummary("Record the minutes (attendance: member id → attended, notes); every agenda item needs its decision. The meeting then counts as held");
        api.MapGet("/{id:guid}/minutes.odt", MinutesDocumentOf).WithName("MinutesDocument").WithSummary("The minutes as an OpenDocument text");
        api.MapGet("/{id:guid}/minutes.pdf", MinutesPdf).WithName("MinutesPdf").WithSummary("The minutes as a PDF");
        return routes;
    }

    public sealed record AgendaInput(string? Round);
    public sealed record DecisionInput(Guid? Item, string? Decision, string? Reason);
    public sealed record DoneInput(bool? Done);
    public sealed record MinutesBody(Dictionary<long, bool>? Attendance, string? Notes);

    private static async Task<IResult> List(MeetingQueries queries, AgencyDirectory agencies, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await queries.ListAsync(http.Staff()!, ct)).Select(m => new
        {
            m.Id, kind = ReviewTerms.KindCode(m.Kind), occasion = m.Occasion == MeetingOccasion.Regular ? "regular" : "ad-hoc",
            agency = agencies.Tree.Find(m.AgencyId)?.Code, m.Date, m.Title, agendaItems = m.Agenda.Count, held = m.IsHeld,
        }));

    private static async Task<IResult> Create(MeetingInput input, PlanMeeting plan, MeetingQueries queries, AgencyDirectory agencies, KaifangDbContext db, HttpContext http, CancellationToken ct)
    {
        var result = await plan.CreateAsync(http.Staff()!, input, ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/meetings/{result.Value!.Id}", await DtoAsync(result.Value, queries, agencies, db, ct))
            : InventoryApi.Failure(result, http);
    }

    private static async Task<IResult> Show(Guid id, MeetingQueries queries, AgencyDirectory agencies, KaifangDbContext db, HttpContext http, CancellationToken ct) =>
        await queries.FindAsync(http.Staff()!, id, ct) is { } meeting
            ? TypedResults.Ok(await DtoAsync(meeting, queries, agencies, db, ct))
            : InventoryApi.NotFound(http, id.ToString());

    private static async Task<IResult> Update(Guid id, MeetingInput input, PlanMeeting plan, MeetingQueries queries, AgencyDirectory agencies, KaifangDbContext db, HttpContext http, CancellationToken ct) =>
        await Answer(await plan.UpdateAsync(http.Staff()!, id, input, ct), id, queries, agencies, db, http, ct);

    private static async Task<IResult> BuildAgenda(Guid id, AgendaInput? input, MeetingAgenda agenda, InventoryRounds rounds, MeetingQueries queries, AgencyDirectory agencies, KaifangDbContext db, HttpContext http, CancellationToken ct)
    {
        int? roundId = null;
        if (!string.IsNullOrWhiteSpace(input?.Round))
        {
            if (await rounds.FindAsync(input.Round, ct) is not { } round)
            {
                return InventoryApi.NotFound(http, input.Round);
            }
            roundId = round.Id;
        }
        return await Answer(await agenda.BuildAsync(http.Staff()!, id, roundId, ct), id, queries, agencies, db, http, ct);
    }

    private static async Task<IResult> AddToAgenda(Guid id, Guid item, MeetingAgenda agenda, MeetingQueries queries, AgencyDirectory agencies, KaifangDbContext db, HttpContext http, CancellationToken ct) =>
        await Answer(await agenda.AddAsync(http.Staff()!, id, item, ct), id, queries, agencies, db, http, ct);

    private static async Task<IResult> RemoveFromAgenda(Guid id, Guid item, MeetingAgenda agenda, MeetingQueries queries, AgencyDirectory agencies, KaifangDbContext db, HttpContext http, CancellationToken ct) =>
        await Answer(await agenda.RemoveAsync(http.Staff()!, id, item, ct), id, queries, agencies, db, http, ct);

    private static async Task<IResult> Decide(Guid id, DecisionInput input, DecideOnItem decide, MeetingQueries queries, AgencyDirectory agencies, KaifangDbContext db, HttpContext http, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (input.Item is null)
        {
            errors.Add("item", "請指定盤點項目。", "Name the item.");
        }
        var decision = ReviewTerms.ParseDecision(input.Decision);
        if (decision is null)
        {
            errors.Add("decision", "決議須為 approve（通過）、approve-with-changes（修正後通過）或 reject（不通過）。", "decision must be approve, approve-with-changes or reject.");
        }
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(http.WantsEnglish()));
        }
        var result = await decide.ExecuteAsync(http.Staff()!, id, input.Item!.Value, decision!.Value, input.Reason, ct);
        return result.Succeeded ? await Show(id, queries, agencies, db, http, ct) : InventoryApi.Failure(result, http, id.ToString());
    }

    private static async Task<IResult> AddFollowUp(Guid id, FollowUpInput input, PlanMeeting plan, MeetingQueries queries, AgencyDirectory agencies, KaifangDbContext db, HttpContext http, CancellationToken ct) =>
        await Answer(await plan.AddFollowUpAsync(http.Staff()!, id, input, ct), id, queries, agencies, db, http, ct);

    private static async Task<IResult> FollowUpDone(Guid id, long followUp, DoneInput input, PlanMeeting plan, MeetingQueries queries, AgencyDirectory agencies, KaifangDbContext db, HttpContext http, CancellationToken ct) =>
        await Answer(await plan.FollowUpDoneAsync(http.Staff()!, id, followUp, input.Done ?? true, ct), id, queries, agencies, db, http, ct);

    private static async Task<IResult> Minutes(Guid id, MinutesBody input, RecordMinutes record, MeetingQueries queries, AgencyDirectory agencies, KaifangDbContext db, HttpContext http, CancellationToken ct) =>
        await Answer(await record.ExecuteAsync(http.Staff()!, id, new MinutesInput(input.Attendance, input.Notes), ct), id, queries, agencies, db, http, ct);

    private static async Task<IResult> MinutesDocumentOf(Guid id, MeetingQueries queries, HttpContext http, CancellationToken ct)
    {
        if (await queries.FindAsync(http.Staff()!, id, ct) is not { } meeting)
        {
            return InventoryApi.NotFound(http, id.ToString());
        }
        return TypedResults.File(await queries.MinutesAsync(meeting, ct), MinutesDocument.ContentType, $"minutes-{meeting.Date:yyyyMMdd}.odt");
    }

    private static async Task<IResult> MinutesPdf(Guid id, MeetingQueries queries, HttpContext http, CancellationToken ct)
    {
        if (await queries.FindAsync(http.Staff()!, id, ct) is not { } meeting)
        {
            return InventoryApi.NotFound(http, id.ToString());
        }
        return TypedResults.File(await queries.MinutesPdfAsync(meeting, ct), "application/pdf", $"minutes-{meeting.Date:yyyyMMdd}.pdf");
    }

    private static async Task<IResult> WorkingGroups(string? period, MeetingQueries queries, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var chosen = period is null ? new FeedbackPeriod(ReplyDeadline.TaipeiDate(time.GetUtcNow()).Year) : FeedbackPeriod.Parse(period);
        if (chosen is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["period"] = [http.WantsEnglish() ? $"'{period}' is not a period; write a year (2026) or a quarter (2026Q3)." : $"「{period}」不是期間；請寫年度（2026）或季（2026Q3）。"],
            });
        }
        return TypedResults.Ok(new { period = chosen.Label, from = chosen.From, to = chosen.To, agencies = await queries.WorkingGroupMeetingsHeldAsync(chosen, ct) });
    }

    private static async Task<IResult> Answer(CatalogResult<ReviewMeeting> result, Guid id, MeetingQueries queries, AgencyDirectory agencies, KaifangDbContext db, HttpContext http, CancellationToken ct) =>
        result.Succeeded ? await Show(id, queries, agencies, db, http, ct) : InventoryApi.Failure(result, http, id.ToString());

    private static async Task<object> DtoAsync(ReviewMeeting m, MeetingQueries queries, AgencyDirectory agencies, KaifangDbContext db, CancellationToken ct)
    {
        var items = await queries.MinutesItemsAsync(m, ct);
        var ids = m.Agenda.Select(a => a.ItemId).ToList();
        var states = await db.InventoryItems.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.State, ct);
        return new
        {
            m.Id, kind = ReviewTerms.KindCode(m.Kind), occasion = m.Occasion == MeetingOccasion.Regular ? "regular" : "ad-hoc",
            agency = agencies.Tree.Find(m.AgencyId)?.Code, m.Date, m.Title, m.Location, m.Notes, held = m.IsHeld, m.MinutesRecordedAt, m.MinutesRecordedBy,
            members = m.Members.OrderBy(x => x.Id).Select(x => new { x.Id, x.Name, x.Affiliation, x.External, x.Chair, x.Attended }),
            agenda = m.Agenda.OrderBy(a => a.Position).Select(a =>
            {
                var shown = items.FirstOrDefault(i => i.Position == a.Position);
                return new
                {
                    item = a.ItemId, a.Position, name = shown?.Name, agency = shown?.Agency,
                    state = states.TryGetValue(a.ItemId, out var s) ? InventoryTerms.StateCode(s) : null,
                    decision = a.Decision is { } d ? ReviewTerms.DecisionCode(d) : null, a.Reason, a.DecidedAt, a.DecidedBy,
                };
            }),
            followUps = m.FollowUps.OrderBy(f => f.Id).Select(f => new { f.Id, f.Description, f.Owner, f.DueOn, f.DoneAt }),
        };
    }
}
