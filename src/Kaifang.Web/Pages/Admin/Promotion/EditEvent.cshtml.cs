using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Promotion;
using Kaifang.Storage;
using Kaifang.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Pages.Admin.Promotion;

/// Creates an event, or changes one (with its id). Times are typed in Taiwan time.
public sealed class EditEventModel(AgencyDirectory agencies, PromotionEvents events, KaifangDbContext db) : StaffPageModel(agencies)
{
    public sealed class EventForm
    {
        public string? Agency { get; set; }
        public string? Title { get; set; }
        public string? Kind { get; set; } = "explanatory-session";
        public string? Description { get; set; }
        public string? StartsAt { get; set; }
        public string? EndsAt { get; set; }
        public string? Venue { get; set; }
        public string? OnlineUrl { get; set; }
        public int? Capacity { get; set; } = 50;
        public string? RegistrationClosesAt { get; set; }
        public string? Datasets { get; set; }
    }

    [BindProperty]
    public EventForm Input { get; set; } = new();

    public Guid? Id { get; private set; }
    public ValidationErrors? Errors { get; private set; }

    public IEnumerable<(AgencyNode Node, int Depth)> ManagedAgencies() => Tree.Flatten().Where(x => Staff.Can(StaffAction.ManageEvents, x.Node.Id));

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        Input.Agency = Tree.Find(Staff.AgencyId)?.Code;
        if (id is { } eventId)
        {
            var existing = await events.FindAsync(eventId, ct);
            if (existing is null)
            {
                return NotFound();
            }
            if (!Staff.Can(StaffAction.ManageEvents, existing.AgencyId))
            {
                return Forbid();
            }
            Id = eventId;
            var ids = existing.Datasets.Select(d => d.DatasetId).ToList();
            var names = await db.Datasets.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => d.Name).ToListAsync(ct);
            Input = new EventForm
            {
                Agency = Tree.Find(existing.AgencyId)?.Code, Title = existing.Title, Kind = PromotionKinds.Name(existing.Kind), Description = existing.Description,
                StartsAt = PromotionTimes.ToTaipeiLocal(existing.StartsAt), EndsAt = PromotionTimes.ToTaipeiLocal(existing.EndsAt),
                Venue = existing.Venue, OnlineUrl = existing.OnlineUrl, Capacity = existing.Capacity,
                RegistrationClosesAt = PromotionTimes.ToTaipeiLocal(existing.RegistrationClosesAt), Datasets = string.Join("\n", names),
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        var errors = new ValidationErrors();
        var starts = Time("startsAt", Input.StartsAt, errors, "開始時間", "The start");
        var ends = Time("endsAt", Input.EndsAt, errors, "結束時間", "The end");
        var closes = string.IsNullOrWhiteSpace(Input.RegistrationClosesAt) ? null : Time("registrationClosesAt", Input.RegistrationClosesAt, errors, "報名截止時間", "The registration deadline");
        var input = new EventInput(Input.Agency, Input.Title, Input.Kind, Input.Description, starts, ends, Input.Venue, Input.OnlineUrl, Input.Capacity, closes,
            (Input.Datasets ?? "").Split(['\n', '\r', ',', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var result = id is { } eventId
            ? await events.UpdateAsync(Staff, eventId, input, HttpContext.PublicBaseUrl(), ct)
            : await events.CreateAsync(Staff, input, ct);
        if (result.Succeeded && errors.IsValid)
        {
            TempData["Message"] = id is null ? "活動已建立。 / The event is created." : "活動已更新。 / The event is saved.";
            return Redirect($"/admin/promotion/events/{result.Value!.Id}");
        }
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            return Forbid();
        }
        if (result.Outcome == CatalogOutcome.NotFound)
        {
            return NotFound();
        }
        foreach (var field in result.Errors?.Fields ?? [])
        {
            if (errors.For(field).Count == 0)
            {
                foreach (var m in result.Errors!.For(field))
                {
                    errors.Add(field, m.Zh, m.En);
                }
            }
        }
        Errors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static DateTimeOffset? Time(string field, string? text, ValidationErrors errors, string zh, string en)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var value = PromotionTimes.FromTaipeiLocal(text);
        if (value is null)
        {
            errors.Add(field, $"{zh}「{text}」不是日期時間；請寫成 2026-12-10T14:00（臺灣時間）。", $"{en} '{text}' is not a date and time; write it as 2026-12-10T14:00 (Taiwan time).");
        }
        return value;
    }
}
