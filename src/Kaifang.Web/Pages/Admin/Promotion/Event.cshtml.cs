using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Promotion;
using Kaifang.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace Kaifang.Web.Pages.Admin.Promotion;

/// One event for its organisers: its registrants with their e-mail, attendance, and the list's download.
public sealed class EventModel(AgencyDirectory agencies, PromotionEvents events, EventRegistrations registrations, TimeProvider time) : StaffPageModel(agencies)
{
    public EventSummary Summary { get; private set; } = null!;
    public IReadOnlyList<EventRegistration> Registrants { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Message = TempData["Message"] as string;
        return await LoadAsync(id, ct);
    }

    public async Task<IActionResult> OnPostAttendanceAsync(Guid id, Guid registration, bool attended, CancellationToken ct)
    {
        var result = await registrations.SetAttendedAsync(Staff, id, registration, attended, ct);
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            return Forbid();
        }
        if (result.Outcome == CatalogOutcome.NotFound)
        {
            return NotFound();
        }
        TempData["Message"] = result.Succeeded
            ? (attended ? $"已標記 {result.Value!.Name} 出席。 / {result.Value!.Name} attended." : $"已取消 {result.Value!.Name} 的出席標記。 / {result.Value!.Name} marked as not attended.")
            : string.Join(" ", result.Errors!.Fields.SelectMany(f => result.Errors.For(f)).Select(m => $"{m.Zh} / {m.En}"));
        return Redirect($"/admin/promotion/events/{id}#registrants");
    }

    private async Task<IActionResult> LoadAsync(Guid id, CancellationToken ct)
    {
        var found = await events.FindAsync(id, ct);
        if (found is null)
        {
            return NotFound();
        }
        var list = await registrations.RegistrantsAsync(Staff, id, ct);
        if (list.Outcome == CatalogOutcome.Forbidden)
        {
            return Forbid();
        }
        Summary = PromotionApi.Summary(found, time);
        Registrants = list.Value!;
        return Page();
    }
}
