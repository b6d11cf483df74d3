using Kaifang.Catalog;
using Kaifang.Promotion;
using Kaifang.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaifang.Web.Pages.Portal.Events;

/// Where the cancel link in a registrant's e-mail leads: the registration, and a button to cancel it.
public sealed class CancelModel(EventRegistrations registrations) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Registration { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

    public Registered? Found { get; private set; }
    public bool KeyRefused { get; private set; }
    public bool Done { get; private set; }
    public ValidationErrors? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var result = await registrations.FindWithKeyAsync(id, Registration, Key, ct);
        return Show(result);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var result = await registrations.CancelAsync(id, Registration, Key, HttpContext.PublicBaseUrl(), ct);
        if (result.Outcome == CatalogOutcome.Conflict)
        {
            Refusal = result.Errors;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Show(await registrations.FindWithKeyAsync(id, Registration, Key, ct));
        }
        Done = result.Succeeded;
        return Show(result);
    }

    private IActionResult Show(CatalogResult<Registered> result)
    {
        if (result.Outcome == CatalogOutcome.NotFound)
        {
            return NotFound();
        }
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            KeyRefused = true;
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
        Found = result.Value;
        return Page();
    }
}
