using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Feedback;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Review;

/// Working-group meetings held by one agency in a period (ACTION-PLAN S14.1: one a quarter).
public sealed record WorkingGroupFigures(string Agency, string AgencyName, string AgencyNameEn, int Held, IReadOnlyList<DateOnly> Dates);

/// Reads of meetings: lists in scope, one meeting with its minutes' content, and the S14.1 counts.
public sealed class MeetingQueries(KaifangDbContext db, AgencyDirectory agencies)
{
    public async Task<List<ReviewMeeting>> ListAsync(StaffScope who, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var meetings = await db.ReviewMeetings.AsNoTracking().Include(m => m.Agenda).OrderByDescending(m => m.Date).ToListAsync(cancellationToken);
        return [.. meetings.Where(m => who.Reaches(m.AgencyId))];
    }

    public async Task<ReviewMeeting?> FindAsync(StaffScope who, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var meeting = await db.ReviewMeetings.AsNoTracking().Include(m => m.Members).Include(m => m.Agenda).Include(m => m.FollowUps)
            .AsSplitQuery().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        return meeting is not null && who.Reaches(meeting.AgencyId) ? meeting : null;
    }

    /// The agenda as the minutes show it: agency, item, proposed grade and bases, decision and reason.
    public async Task<List<MinutesItem>> MinutesItemsAsync(ReviewMeeting meeting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var ids = meeting.Agenda.Select(a => a.ItemId).ToList();
        var items = await db.InventoryItems.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var bases = await db.LegalBases.AsNoTracking().ToDictionaryAsync(b => b.Code, b => b.Title, cancellationToken);
        return [.. meeting.Agenda.OrderBy(a => a.Position).Where(a => items.ContainsKey(a.ItemId)).Select(a =>
        {
            var item = items[a.ItemId];
            return new MinutesItem(a.Position, agencies.Tree.Find(item.AgencyId)?.Name ?? "", item.Name, item.Grade,
                [.. item.LegalBases.Select(c => bases.GetValueOrDefault(c, c))], a.Decision, a.Reason);
        })];
    }

    public async Task<byte[]> MinutesAsync(ReviewMeeting meeting, CancellationToken cancellationToken) =>
        MinutesDocument.Write(meeting, agencies.Tree.Find(meeting.AgencyId)?.Name ?? "", await MinutesItemsAsync(meeting, cancellationToken));

    public async Task<byte[]> MinutesPdfAsync(ReviewMeeting meeting, CancellationToken cancellationToken) =>
        MinutesDocument.WritePdf(meeting, agencies.Tree.Find(meeting.AgencyId)?.Name ?? "", await MinutesItemsAsync(meeting, cancellationToken));

    /// Per agency, the working-group meetings held (minutes recorded) with a date in the period.
    public async Task<List<WorkingGroupFigures>> WorkingGroupMeetingsHeldAsync(FeedbackPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var held = await db.ReviewMeetings.AsNoTracking()
            .Where(m => m.Kind == MeetingKind.WorkingGroup && m.MinutesRecordedAt != null && m.Date >= period.From && m.Date <= period.To)
            .Select(m => new { m.AgencyId, m.Date }).ToListAsync(cancellationToken);
        return [.. agencies.Tree.Flatten().Select(x => x.Node).Select(n =>
        {
            var dates = held.Where(h => h.AgencyId == n.Id).Select(h => h.Date).Order().ToList();
            return new WorkingGroupFigures(n.Code, n.Name, n.NameEn, dates.Count, dates);
        })];
    }
}
