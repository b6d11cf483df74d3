using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Interop.NationalSync;

/// One agency's publishing at a glance: its configuration and how many of its datasets are where.
public sealed record NationalSyncAgencySummary(NationalSyncConfigView Config, int Published, int InSync, int Pending, int Failed, int Removed, DateTimeOffset? LastSyncedAt);

/// What the back office and the API show of publishing to the national platform, within the staff member's reach.
public sealed class NationalSyncStatusReport(KaifangDbContext db, AgencyDirectory agencies, NationalSyncSettings settings, NationalSyncDispatcher queue)
{
    public async Task<List<NationalSyncAgencySummary>> OverviewAsync(StaffScope who, CancellationToken cancellationToken)
    {
        var configs = await settings.ListAsync(who, cancellationToken);
        var ids = configs.Select(c => c.AgencyId).ToList();
        var counts = await db.NationalSyncRecords.AsNoTracking().Where(r => ids.Contains(r.AgencyId))
            .GroupBy(r => new { r.AgencyId, r.Status })
            .Select(g => new { g.Key.AgencyId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var published = await db.Datasets.AsNoTracking().Where(d => ids.Contains(d.AgencyId) && d.Status == DatasetStatus.Published)
            .GroupBy(d => d.AgencyId).Select(g => new { AgencyId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.AgencyId, x => x.Count, cancellationToken);
        var synced = await db.NationalSyncRecords.AsNoTracking().Where(r => ids.Contains(r.AgencyId) && r.SyncedAt != null)
            .Select(r => new { r.AgencyId, r.SyncedAt }).ToListAsync(cancellationToken);
        int Count(int agency, NationalSyncStatus status) => counts.Where(c => c.AgencyId == agency && c.Status == status).Sum(c => c.Count);
        return [.. configs.Select(c => new NationalSyncAgencySummary(c, published.GetValueOrDefault(c.AgencyId),
            Count(c.AgencyId, NationalSyncStatus.InSync), Count(c.AgencyId, NationalSyncStatus.Pending), Count(c.AgencyId, NationalSyncStatus.Failed),
            Count(c.AgencyId, NationalSyncStatus.Removed), synced.Where(s => s.AgencyId == c.AgencyId).Max(s => s.SyncedAt)))];
    }

    /// The agency's records, failed first, then pending, then the rest, each by identifier.
    public async Task<CatalogResult<List<NationalSyncRecord>>> RecordsAsync(StaffScope who, string code, NationalSyncStatus? status, CancellationToken cancellationToken)
    {
        var node = Reach(who, code, out var refused);
        if (node is null)
        {
            return refused!.Value == CatalogOutcome.NotFound ? CatalogResult<List<NationalSyncRecord>>.NotFound() : CatalogResult<List<NationalSyncRecord>>.Forbidden();
        }
        var query = db.NationalSyncRecords.AsNoTracking().Where(r => r.AgencyId == node.Id);
        if (status is { } s)
        {
            query = query.Where(r => r.Status == s);
        }
        var list = await query.ToListAsync(cancellationToken);
        return CatalogResult<List<NationalSyncRecord>>.Ok([.. list.OrderBy(r => r.Status switch
        {
            NationalSyncStatus.Failed => 0,
            NationalSyncStatus.Pending => 1,
            NationalSyncStatus.InSync => 2,
            _ => 3,
        }).ThenBy(r => r.Identifier, StringComparer.Ordinal)]);
    }

    /// Puts the agency's failed items (or one dataset's) back in the queue, due now; the number put back.
    public async Task<CatalogResult<int>> RetryAsync(StaffScope who, string code, string? identifier, CancellationToken cancellationToken)
    {
        var node = Reach(who, code, out var refused);
        if (node is null)
        {
            return refused!.Value == CatalogOutcome.NotFound ? CatalogResult<int>.NotFound() : CatalogResult<int>.Forbidden();
        }
        return CatalogResult<int>.Ok(await queue.RetryAsync(node.Id, string.IsNullOrWhiteSpace(identifier) ? null : identifier.Trim(), cancellationToken));
    }

    /// The agency by code when the staff member may see it; otherwise null with why.
    public AgencyNode? Reach(StaffScope who, string code, out CatalogOutcome? refused)
    {
        ArgumentNullException.ThrowIfNull(who);
        var node = agencies.Tree.FindByCode(code ?? "");
        refused = node is null ? CatalogOutcome.NotFound : !NationalSyncAccess.CanView(who, node.Id) ? CatalogOutcome.Forbidden : null;
        return refused is null ? node : null;
    }
}
