using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Inventory;
using Microsoft.AspNetCore.Mvc;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin.Inventory;

/// One round: per agency what is submitted and what is missing, the items, import and export of the list.
public sealed class RoundModel(AgencyDirectory agencies, InventoryRounds rounds, InventoryQueries queries, ImportInventory import) : StaffPageModel(agencies)
{
    public InventoryRound Round { get; private set; } = null!;
    public List<AgencyProgress> Progress { get; private set; } = [];
    public List<InventoryItem> Items { get; private set; } = [];
    public string? Agency { get; private set; }
    public string? State { get; private set; }
    public IReadOnlyList<InventoryRowProblem> Problems { get; private set; } = [];

    public bool CanList => Tree.Flatten().Any(x => Staff.Can(StaffAction.EditInventory, x.Node.Id));

    public async Task<IActionResult> OnGetAsync(int id, string? agency, string? state, CancellationToken ct) =>
        await LoadAsync(id, agency, state, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostImportAsync(int id, IFormFile? file, CancellationToken ct)
    {
        // Who may list items for no agency is refused before the file is looked at.
        if (!CanList)
        {
            return Forbid();
        }
        if (file is null || file.Length == 0)
        {
            Problems = [new InventoryRowProblem(0, null, "請選擇要匯入的檔案。", "Choose the file to import.")];
            return await LoadAsync(id, null, null, ct) ? Page() : NotFound();
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var result = await import.ExecuteAsync(Staff, id, () => new MemoryStream(bytes, writable: false), file.FileName, ct);
        if (result.Outcome == CatalogOutcome.NotFound)
        {
            return NotFound();
        }
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            return Forbid();
        }
        if (!result.Succeeded)
        {
            Problems = result.Value?.Problems ?? [];
            return await LoadAsync(id, null, null, ct) ? Page() : NotFound();
        }
        TempData["Message"] = T($"已匯入 {result.Value!.Imported} 個盤點項目（草稿）。", $"{result.Value!.Imported} items imported as drafts.");
        return Redirect($"/admin/inventory/rounds/{id}");
    }

    private async Task<bool> LoadAsync(int id, string? agency, string? state, CancellationToken ct)
    {
        if (await rounds.FindAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct) is not { } round)
        {
            return false;
        }
        Round = round;
        Agency = agency;
        State = state;
        Progress = await rounds.ProgressAsync(Staff, id, ct);
        Items = await queries.ListAsync(Staff, new InventoryFilter(id, agency is null ? null : Tree.FindByCode(agency)?.Id, InventoryTerms.ParseState(state)), ct);
        return true;
    }
}
