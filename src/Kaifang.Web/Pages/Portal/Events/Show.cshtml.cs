using Kaifang.Catalog;
using Kaifang.Promotion;
using Kaifang.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaifang.Web.Pages.Portal.Events;

/// One event and its registration form; a refused registration comes back with what was typed and why.
public sealed class ShowModel(PromotionEvents events, EventRegistrations registrations, TimeProvider time) : PageModel
{
    [BindProperty]
    public RegistrationInput Input { get; set; } = new(null, null, null);

    public EventSummary Summary { get; private set; } = null!;
    public IReadOnlyList<(string Name, string Title)> Datasets { get; private set; } = [];
    public ValidationErrors? Errors { get; private set; }

    /// Why the registration was refused as it stands (closed, full, already registered, too many).
    public ValidationErrors? Refusal { get; private set; }

    public bool RegistrationOpen => time.GetUtcNow() <= Summary.Event.RegistrationClosesAt;

    /// confirmed or waiting, after a registration was taken.
    public string? Registered { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? registered, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Registered = registered is "confirmed" or "waiting" ? registered : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var result = await registrations.RegisterAsync(id, Input, HttpContext.Connection.RemoteIpAddress?.ToString(), HttpContext.PublicBaseUrl(), ct);
        if (result.Outcome == CatalogOutcome.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            return Redirect($"/events/{id}?registered={PromotionKinds.Name(result.Value!.Registration.Status)}#registration");
        }
        await LoadAsync(id, ct);
        if (result.Outcome == CatalogOutcome.Invalid)
        {
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            Refusal = result.Errors;
            Response.StatusCode = result.Outcome == CatalogOutcome.TooMany ? StatusCodes.Status429TooManyRequests : StatusCodes.Status409Conflict;
        }
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var found = await events.FindAsync(id, ct);
        if (found is null)
        {
            return false;
        }
        Summary = PromotionApi.Summary(found, time);
        Datasets = await events.DatasetTitlesAsync(found.Datasets.Select(d => d.DatasetId), ct);
        return true;
    }
}
