using Kaifang.Accounts;
using Kaifang.Catalog;
using Kaifang.Storage;

namespace Kaifang.Review;

/// Attendance by member id (true: attended).
public sealed record MinutesInput(IReadOnlyDictionary<long, bool>? Attendance, string? Notes);

/// Records the minutes: attendance and remarks. Every agenda item must have its decision; from then on the
/// meeting counts as held (ACTION-PLAN S14.1) and its record is closed.
public sealed class RecordMinutes(KaifangDbContext db, TimeProvider time)
{
    public async Task<CatalogResult<ReviewMeeting>> ExecuteAsync(StaffScope who, Guid meetingId, MinutesInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        var found = await MeetingAccess.EditableAsync(db, who, meetingId, cancellationToken);
        if (found.Value is not { } meeting)
        {
            return found;
        }
        var open = meeting.Agenda.Count(a => a.Decision is null);
        if (open > 0)
        {
            return CatalogResult<ReviewMeeting>.Conflict("agenda", $"議程尚有 {open} 個項目未作成決議；請決議或移出議程。",
                $"{open} agenda item(s) have no decision yet; decide on them or take them off the agenda.");
        }
        foreach (var (memberId, attended) in input.Attendance ?? new Dictionary<long, bool>())
        {
            if (meeting.Members.FirstOrDefault(m => m.Id == memberId) is { } member)
            {
                member.Attended = attended;
            }
        }
        if (meeting.Members.Count == 0 || meeting.Members.All(m => m.Attended != true))
        {
            return CatalogResult<ReviewMeeting>.Invalid("attendance", "請記錄出席委員。", "Record who attended.");
        }
        foreach (var member in meeting.Members.Where(m => m.Attended is null))
        {
            member.Attended = false;
        }
        meeting.Notes = string.IsNullOrWhiteSpace(input.Notes) ? meeting.Notes : input.Notes.Trim();
        meeting.MinutesRecordedAt = time.GetUtcNow();
        meeting.MinutesRecordedBy = who.UserName;
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<ReviewMeeting>.Ok(meeting);
    }
}
