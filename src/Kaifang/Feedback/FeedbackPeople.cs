using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Feedback;

/// Who at an agency answers comments and who moderates them: staff whose role allows it and whose
/// agency is the comment's agency or one above it (ACTION-PLAN S8), and whose account is not locked.
public sealed class FeedbackPeople(KaifangDbContext db, AgencyDirectory agencies, TimeProvider time)
{
    public async Task<List<StaffUser>> WhoMayAsync(StaffAction action, int agencyId, CancellationToken cancellationToken)
    {
        var tree = agencies.Tree;
        var now = time.GetUtcNow();
        var users = await db.Users.AsNoTracking().ToListAsync(cancellationToken);
        return [.. users
            .Where(u => u.LockoutEnd is null || u.LockoutEnd <= now)
            .Where(u => StaffScope.Allows(u.Role, action))
            .Where(u => u.Role == StaffRole.SystemAdmin ? action == StaffAction.ModerateFeedback && u.AgencyId == agencyId : tree.SelfAndDescendants(u.AgencyId).Contains(agencyId))
            .OrderBy(u => u.UserName, StringComparer.Ordinal)];
    }

    /// Whether the user may be a handler of the agency's comments.
    public async Task<StaffUser?> HandlerAsync(Guid userId, int agencyId, CancellationToken cancellationToken) =>
        (await WhoMayAsync(StaffAction.HandleFeedback, agencyId, cancellationToken)).FirstOrDefault(u => u.Id == userId);

    /// Who hears of a comment that has no handler: the agency's own officers and admins.
    public async Task<List<string>> AgencyDeskAsync(int agencyId, CancellationToken cancellationToken) =>
        [.. (await WhoMayAsync(StaffAction.HandleFeedback, agencyId, cancellationToken))
            .Where(u => u.AgencyId == agencyId && !string.IsNullOrEmpty(u.Email)).Select(u => u.Email!)];

    /// The agency admins who are told when a deadline passes or a comment is held.
    public async Task<List<string>> ModeratorsAsync(int agencyId, CancellationToken cancellationToken)
    {
        var all = await WhoMayAsync(StaffAction.ModerateFeedback, agencyId, cancellationToken);
        // The agency's own admins first; above them only when it has none.
        var own = all.Where(u => u.AgencyId == agencyId).ToList();
        return [.. (own.Count > 0 ? own : all).Where(u => !string.IsNullOrEmpty(u.Email)).Select(u => u.Email!)];
    }

    public async Task<string?> EmailOfAsync(Guid? userId, CancellationToken cancellationToken) =>
        userId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
}
