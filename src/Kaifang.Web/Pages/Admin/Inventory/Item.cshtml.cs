using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Inventory;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin.Inventory;

/// One item: its fields (editable while a draft or when changes are asked for), its moves, its history,
/// and for an approved open item the dataset it becomes.
public sealed class ItemModel(
    AgencyDirectory agencies, KaifangDbContext db, InventoryQueries queries, EditInventoryItem edit, MoveInventoryItem move,
    CreateDatasetFromItem createDataset) : StaffPageModel(agencies)
{
    [BindProperty]
    public InventoryItemForm Form { get; set; } = new();

    public InventoryItem Item { get; private set; } = null!;
    public InventoryRound Round { get; private set; } = null!;
    public List<InventoryItemMove> History { get; private set; } = [];
    public List<LegalBasis> Bases { get; private set; } = [];
    public List<Dataset> Datasets { get; private set; } = [];
    public ValidationErrors? Errors { get; private set; }
    public ValidationErrors? MoveErrors { get; private set; }
    public ValidationErrors? DatasetErrors { get; private set; }

    public bool CanEdit => InventoryTransitions.IsEditable(Item.State) && Staff.Can(StaffAction.EditInventory, Item.AgencyId);
    public bool CanCreateDataset => Item.State is InventoryItemState.Approved or InventoryItemState.Published && Item.Grade == InventoryGrade.Open && Staff.Can(StaffAction.EditDataset, Item.AgencyId);

    /// The direct moves this member of staff may make from the item's state.
    public IEnumerable<InventoryTransitions.Transition> Moves =>
        InventoryTransitions.All.Where(t => t.From == Item.State && t.Route == TransitionRoute.Direct && Staff.Can(t.Needs, Item.AgencyId));

    public InventoryItemFormView View => new(Form, Errors, [], Bases, AgencyFixed: true);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Form = InventoryItemForm.From(InventoryItemInput.From(Item, Tree.Find(Item.AgencyId)!.Code));
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken ct)
    {
        var result = await edit.UpdateAsync(Staff, id, Form.ToInput(), ct);
        return await AfterAsync(id, result.Outcome, result.Errors, T("已儲存變更。", "Changes saved."), e => Errors = e, ct);
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid id, string? to, string? reason, CancellationToken ct)
    {
        if (InventoryTerms.ParseState(to) is not { } state)
        {
            return BadRequest();
        }
        var result = await move.ExecuteAsync(Staff, id, state, reason, ct);
        return await AfterAsync(id, result.Outcome, result.Errors, T($"狀態已改為「{InventoryTerms.StateText(state, false)}」。", $"Now {InventoryTerms.StateText(state, true).ToLowerInvariant()}."), e => MoveErrors = e, ct);
    }

    public async Task<IActionResult> OnPostDatasetAsync(Guid id, string? serviceCategory, string? contactName, string? contactPhone, string? contactEmail, string? feeUrl, CancellationToken ct)
    {
        var result = await createDataset.ExecuteAsync(Staff, id, new DatasetFromItemInput(serviceCategory, contactName, contactPhone, contactEmail, feeUrl), ct);
        if (result.Succeeded)
        {
            TempData["Message"] = T("已建立資料集草稿，請補上資料資源後上架。", "The draft dataset is made; add its resources, then publish it.");
            return Redirect($"/admin/datasets/{result.Value!.Name}");
        }
        return await AfterAsync(id, result.Outcome, result.Errors, "", e => DatasetErrors = e, ct);
    }

    public async Task<IActionResult> OnPostLinkAsync(Guid id, string? dataset, CancellationToken ct)
    {
        var result = await createDataset.LinkAsync(Staff, id, dataset ?? "", ct);
        return await AfterAsync(id, result.Outcome, result.Errors, T($"已連結資料集 {result.Value?.Identifier}。", $"Dataset {result.Value?.Identifier} linked."), e => DatasetErrors = e, ct);
    }

    private async Task<IActionResult> AfterAsync(Guid id, CatalogOutcome outcome, ValidationErrors? errors, string message, Action<ValidationErrors?> show, CancellationToken ct)
    {
        switch (outcome)
        {
            case CatalogOutcome.Ok:
                TempData["Message"] = message;
                return Redirect($"/admin/inventory/items/{id}");
            case CatalogOutcome.Forbidden:
                return Forbid();
            case CatalogOutcome.NotFound:
                return NotFound();
            default:
                show(errors);
                if (!await LoadAsync(id, ct))
                {
                    return NotFound();
                }
                if (Errors is null)
                {
                    Form = InventoryItemForm.From(InventoryItemInput.From(Item, Tree.Find(Item.AgencyId)!.Code));
                }
                return Page();
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await queries.FindAsync(Staff, id, ct) is not { } item)
        {
            return false;
        }
        Item = item;
        Round = await db.InventoryRounds.AsNoTracking().FirstAsync(r => r.Id == item.RoundId, ct);
        History = await queries.HistoryAsync(id, ct);
        Bases = await db.LegalBases.AsNoTracking().OrderBy(b => b.Order).ToListAsync(ct);
        Bases = [.. Bases.Where(b => b.Active || item.LegalBases.Contains(b.Code))];
        Datasets = await db.InventoryItemDatasets.AsNoTracking().Where(l => l.ItemId == id).OrderBy(l => l.Id)
            .Join(db.Datasets.AsNoTracking(), l => l.DatasetId, d => d.Id, (l, d) => d).ToListAsync(ct);
        return true;
    }
}
