using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Inventory;

/// Where one agency stands in a round.
public sealed record AgencyProgress(
    int AgencyId, string Agency, string AgencyName, string AgencyNameEn,
    int Items, int Drafts, int Submitted, int Returned, DateTimeOffset? RemindedAt)
{
    /// Missing: nothing sent yet. Partial: some sent, some still drafts. Submitted: every listed item sent.
    public RoundSubmission Submission => Submitted == 0 ? RoundSubmission.Missing : Drafts + Returned > 0 ? RoundSubmission.Partial : RoundSubmission.Submitted;
}

public enum RoundSubmission
{
    Missing,
    Partial,
    Submitted,
}

/// Opens quarterly rounds (the ministry) and shows per agency what is submitted and what is missing.
public sealed class InventoryRounds(KaifangDbContext db, AgencyDirectory agencies, TimeProvider time)
{
    public async Task<CatalogResult<InventoryRound>> OpenAsync(StaffScope who, int year, int quarter, DateOnly? opensOn, DateOnly deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var root = agencies.Tree.Roots.Count > 0 ? agencies.Tree.Roots[0] : null;
        if (root is null || !who.Can(StaffAction.ManageReview, root.Id))
        {
            return CatalogResult<InventoryRound>.Forbidden();
        }
        var errors = new ValidationErrors();
        if (year is < 2000 or > 2200)
        {
            errors.Add("year", "年度須為西元年，例如 2026。", "The year is a Gregorian year, e.g. 2026.");
        }
        if (quarter is < 1 or > 4)
        {
            errors.Add("quarter", "季別須為 1 到 4。", "The quarter is 1 to 4.");
        }
        var opens = opensOn ?? Feedback.ReplyDeadline.TaipeiDate(time.GetUtcNow());
        if (deadline < opens)
        {
            errors.Add("deadline", "截止日不能早於開始日。", "The deadline cannot be before the round opens.");
        }
        if (errors.IsValid && await db.InventoryRounds.AnyAsync(r => r.Year == year && r.Quarter == quarter, cancellationToken))
        {
            errors.Add("quarter", $"{year} 年第 {quarter} 季的盤點已開辦。", $"The round of {year} Q{quarter} is already open.");
        }
        if (!errors.IsValid)
        {
            return CatalogResult<InventoryRound>.Invalid(errors);
        }
        var round = new InventoryRound
        {
            Year = year, Quarter = quarter, OpensOn = opens, Deadline = deadline,
            CreatedAt = time.GetUtcNow(), CreatedBy = who.UserName,
        };
        db.InventoryRounds.Add(round);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<InventoryRound>.Ok(round);
    }

    public async Task<List<InventoryRound>> ListAsync(CancellationToken cancellationToken) =>
        await db.InventoryRounds.AsNoTracking().OrderByDescending(r => r.Year).ThenByDescending(r => r.Quarter).ToListAsync(cancellationToken);

    public async Task<InventoryRound?> FindAsync(string key, CancellationToken cancellationToken)
    {
        if (int.TryParse(key, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return await db.InventoryRounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        }
        var period = Feedback.FeedbackPeriod.Parse(key);
        return period?.Quarter is { } q
            ? await db.InventoryRounds.AsNoTracking().FirstOrDefaultAsync(r => r.Year == period.Year && r.Quarter == q, cancellationToken)
            : null;
    }

    /// Every agency the member of staff reaches (all of them for the ministry), with its items in the round by state.
    public async Task<List<AgencyProgress>> ProgressAsync(StaffScope? who, int roundId, CancellationToken cancellationToken)
    {
        var counts = await db.InventoryItems.AsNoTracking().Where(i => i.RoundId == roundId)
            .GroupBy(i => new { i.AgencyId, i.State })
            .Select(g => new { g.Key.AgencyId, g.Key.State, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var reminded = await db.InventoryReminders.AsNoTracking().Where(r => r.RoundId == roundId)
            .ToDictionaryAsync(r => r.AgencyId, r => r.SentAt, cancellationToken);
        return [.. agencies.Tree.Flatten().Select(x => x.Node).Where(n => who is null || who.Reaches(n.Id)).Select(n =>
        {
            int Count(Func<InventoryItemState, bool> p) => counts.Where(c => c.AgencyId == n.Id && p(c.State)).Sum(c => c.Count);
            return new AgencyProgress(n.Id, n.Code, n.Name, n.NameEn,
                Count(_ => true), Count(s => s == InventoryItemState.Draft), Count(s => s != InventoryItemState.Draft && s != InventoryItemState.ChangesRequested),
                Count(s => s == InventoryItemState.ChangesRequested), reminded.TryGetValue(n.Id, out var at) ? at : null);
        })];
    }
}
