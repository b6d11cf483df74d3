using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Inventory;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin.Inventory;

/// Lists a new item in a round, as a draft.
public sealed class NewModel(AgencyDirectory agencies, KaifangDbContext db, InventoryRounds rounds, EditInventoryItem edit) : StaffPageModel(agencies)
{
    [BindProperty]
    public InventoryItemForm Form { get; set; } = new();

    public InventoryRound Round { get; private set; } = null!;
    public List<LegalBasis> Bases { get; private set; } = [];
    public ValidationErrors? Errors { get; private set; }

    public InventoryItemFormView View => new(Form, Errors, [.. Tree.Flatten().Where(x => Staff.Can(StaffAction.EditInventory, x.Node.Id))], Bases, AgencyFixed: false);

    public async Task<IActionResult> OnGetAsync(int round, CancellationToken ct)
    {
        if (!await LoadAsync(round, ct))
        {
            return NotFound();
        }
        Form.Agency = Tree.Find(Staff.AgencyId)?.Code;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int round, CancellationToken ct)
    {
        var result = await edit.CreateAsync(Staff, round, Form.ToInput(), ct);
        switch (result.Outcome)
        {
            case CatalogOutcome.Ok:
                TempData["Message"] = T("已新增盤點項目（草稿）。", "Item listed as a draft.");
                return Redirect($"/admin/inventory/items/{result.Value!.Id}");
            case CatalogOutcome.Forbidden:
                return Forbid();
            case CatalogOutcome.NotFound:
                return NotFound();
            default:
                Errors = result.Errors;
                await LoadAsync(round, ct);
                return Page();
        }
    }

    private async Task<bool> LoadAsync(int round, CancellationToken ct)
    {
        if (await rounds.FindAsync(round.ToString(System.Globalization.CultureInfo.InvariantCulture), ct) is not { } found)
        {
            return false;
        }
        Round = found;
        Bases = await LegalBases.ActiveAsync(db, ct);
        return true;
    }
}
