using Kaifang.Catalog;
using Kaifang.Promotion;
using Kaifang.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaifang.Web.Pages.Portal.Showcase;

/// The form to submit a showcase; datasets are typed one a line (names or identifiers).
public sealed class SubmitModel(Showcases showcases) : PageModel
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Kind { get; set; } = "app";
    [BindProperty] public string? Link { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? AuthorName { get; set; }
    [BindProperty] public string? AuthorEmail { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Datasets { get; set; }

    [BindProperty] public string? Website { get; set; }

    public ValidationErrors? Errors { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var keys = (Datasets ?? "").Split(['\n', '\r', ',', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = await showcases.SubmitAsync(new ShowcaseInput(Title, Kind, Link, Description, AuthorName, AuthorEmail, keys, Website),
            HttpContext.Connection.RemoteIpAddress?.ToString(), HttpContext.PublicBaseUrl(), ct);
        if (result.Succeeded)
        {
            return Redirect("/showcase?submitted=true");
        }
        Errors = result.Errors;
        Response.StatusCode = result.Outcome == CatalogOutcome.TooMany ? StatusCodes.Status429TooManyRequests : StatusCodes.Status400BadRequest;
        return Page();
    }
}
