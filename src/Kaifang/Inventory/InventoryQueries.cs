using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Inventory;

public sealed record InventoryFilter(int? RoundId = null, int? AgencyId = null, InventoryItemState? State = null);

/// Reads of inventory items for pages, the API and exports, limited to the agencies the member of staff reaches.
public sealed class InventoryQueries(KaifangDbContext db, AgencyDirectory agencies)
{
    public async Task<List<InventoryItem>> ListAsync(StaffScope who, InventoryFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.InventoryItems.AsNoTracking();
        if (filter.RoundId is { } round)
        {
            query = query.Where(i => i.RoundId == round);
        }
        if (filter.AgencyId is { } agency)
        {
            var below = agencies.Tree.SelfAndDescendants(agency).ToList();
            query = query.Where(i => below.Contains(i.AgencyId));
        }
        if (filter.State is { } state)
        {
            query = query.Where(i => i.State == state);
        }
        if (who.Role != StaffRole.SystemAdmin)
        {
            var reach = who.Agencies.ToList();
            query = query.Where(i => reach.Contains(i.AgencyId));
        }
        return await query.OrderBy(i => i.AgencyId).ThenBy(i => i.CreatedAt).ThenBy(i => i.Name).ToListAsync(cancellationToken);
    }

    public async Task<InventoryItem?> FindAsync(StaffScope who, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var item = await db.InventoryItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return item is not null && who.Reaches(item.AgencyId) ? item : null;
    }

    public async Task<List<InventoryItemMove>> HistoryAsync(Guid id, CancellationToken cancellationToken) =>
        await db.InventoryItemMoves.AsNoTracking().Where(m => m.ItemId == id).OrderBy(m => m.Id).ToListAsync(cancellationToken);

    /// The items as spreadsheet rows, in the columns of <see cref="InventorySpreadsheet.Columns"/> plus the state.
    public IEnumerable<string[]> Rows(IEnumerable<InventoryItem> items) => items.Select(i => new[]
    {
        agencies.Tree.Find(i.AgencyId)?.Code ?? "",
        i.Name,
        InventoryTerms.SourceKindText(i.SourceKind, false),
        i.OwningUnit,
        i.Description,
        i.MainFields,
        i.Volume ?? "",
        i.UpdateFrequency,
        i.HasPersonalData ? "是" : "否",
        InventoryTerms.GradeText(i.Grade, false),
        string.Join(";", i.LegalBases),
        i.LegalBasisNote ?? "",
        i.Licence,
        InventoryTerms.FeeText(i.Fee, false),
        i.FeeBasis ?? "",
        InventoryTerms.StateText(i.State, false),
    });
}
