using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Inventory;
using Microsoft.AspNetCore.Mvc;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin.Inventory;

/// The inventory rounds, opening a new one (the ministry), the template, and the legal-basis list (system admins keep it).
public sealed class IndexModel(AgencyDirectory agencies, InventoryRounds rounds, LegalBases bases) : StaffPageModel(agencies)
{
    public List<InventoryRound> Rounds { get; private set; } = [];
    public List<LegalBasis> Bases { get; private set; } = [];
    public ValidationErrors? Errors { get; private set; }
    public ValidationErrors? BasisErrors { get; private set; }

    public bool CanOpenRound => Tree.Roots.Count > 0 && Staff.Can(StaffAction.ManageReview, Tree.Roots[0].Id);
    public bool CanKeepBases => StaffScope.Allows(Staff.Role, StaffAction.ManageSystem);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRoundAsync(int year, int quarter, DateOnly? opensOn, DateOnly? deadline, CancellationToken ct)
    {
        // Who may not open rounds is refused before the form is checked.
        if (!CanOpenRound)
        {
            return Forbid();
        }
        if (deadline is null)
        {
            Errors = new ValidationErrors();
            Errors.Add("deadline", "請填寫截止日。", "The deadline is required.");
            await LoadAsync(ct);
            return Page();
        }
        var result = await rounds.OpenAsync(Staff, year, quarter, opensOn, deadline.Value, ct);
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            return Forbid();
        }
        if (!result.Succeeded)
        {
            Errors = result.Errors;
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = T($"已開辦{result.Value!.Display(false)}盤點。", $"The round {result.Value!.Label} is open.");
        return Redirect($"/admin/inventory/rounds/{result.Value.Id}");
    }

    public async Task<IActionResult> OnPostBasisAsync(string? code, string? law, string? article, string? text, bool active, CancellationToken ct)
    {
        var result = await bases.SaveAsync(Staff, new LegalBasisInput(code, law, article, text, active), ct);
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            return Forbid();
        }
        if (!result.Succeeded)
        {
            BasisErrors = result.Errors;
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = T($"已儲存法令依據 {result.Value!.Code}。", $"Legal basis {result.Value!.Code} saved.");
        return Redirect("/admin/inventory#bases-heading");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rounds = await rounds.ListAsync(ct);
        Bases = await bases.AllAsync(ct);
    }
}
