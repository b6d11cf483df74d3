using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Review;

public sealed record MemberInput(string? Name, string? Affiliation, bool External, bool Chair = false, bool? Attended = null);

public sealed record MeetingInput
{
    /// advisory-group or working-group.
    public string? Kind { get; init; }

    /// regular or ad-hoc.
    public string? Occasion { get; init; }

    /// The agency whose working group meets; the ministry for the advisory group (the default).
    public string? Agency { get; init; }
    public DateOnly? Date { get; init; }
    public string? Title { get; init; }
    public string? Location { get; init; }
    public IReadOnlyList<MemberInput>? Members { get; init; }
}

public sealed record FollowUpInput(string? Description, string? Owner, DateOnly? DueOn);

/// Plans a meeting of the advisory group or a working group: its date, kind and members; and keeps its follow-up actions.
public sealed class PlanMeeting(KaifangDbContext db, AgencyDirectory agencies, TimeProvider time)
{
    public async Task<CatalogResult<ReviewMeeting>> CreateAsync(StaffScope who, MeetingInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        var (kind, occasion, agency, errors) = Check(input);
        if (agency is not null && !who.Can(StaffAction.ManageReview, agency.Id))
        {
            return CatalogResult<ReviewMeeting>.Forbidden();
        }
        if (!errors.IsValid)
        {
            return CatalogResult<ReviewMeeting>.Invalid(errors);
        }
        var meeting = new ReviewMeeting
        {
            Id = Guid.NewGuid(),
            Kind = kind!.Value,
            Occasion = occasion!.Value,
            AgencyId = agency!.Id,
            Date = input.Date!.Value,
            Title = input.Title!.Trim(),
            Location = Clean(input.Location),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = who.UserName,
            Members = Members(input.Members),
        };
        db.ReviewMeetings.Add(meeting);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<ReviewMeeting>.Ok(meeting);
    }

    /// Changes date, title, place and members until the minutes are recorded (kind and agency stay).
    public async Task<CatalogResult<ReviewMeeting>> UpdateAsync(StaffScope who, Guid id, MeetingInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var found = await MeetingAccess.EditableAsync(db, who, id, cancellationToken);
        if (found.Value is not { } meeting)
        {
            return found;
        }
        var errors = new ValidationErrors();
        if (input.Date is null)
        {
            errors.Add("date", "請填寫會議日期。", "The date is required.");
        }
        if (string.IsNullOrWhiteSpace(input.Title))
        {
            errors.Add("title", "請填寫會議名稱。", "The title is required.");
        }
        CheckMembers(errors, input.Members);
        if (!errors.IsValid)
        {
            return CatalogResult<ReviewMeeting>.Invalid(errors);
        }
        meeting.Date = input.Date!.Value;
        meeting.Title = input.Title!.Trim();
        meeting.Location = Clean(input.Location);
        if (ReviewTerms.ParseOccasion(input.Occasion) is { } occasion)
        {
            meeting.Occasion = occasion;
        }
        if (input.Members is not null)
        {
            db.MeetingMembers.RemoveRange(meeting.Members);
            meeting.Members = Members(input.Members);
        }
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<ReviewMeeting>.Ok(meeting);
    }

    public async Task<CatalogResult<ReviewMeeting>> AddFollowUpAsync(StaffScope who, Guid id, FollowUpInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var found = await MeetingAccess.LoadAsync(db, who, id, cancellationToken);
        if (found.Value is not { } meeting)
        {
            return found;
        }
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(input.Description))
        {
            errors.Add("description", "請填寫待辦事項。", "Describe the action.");
        }
        if (string.IsNullOrWhiteSpace(input.Owner))
        {
            errors.Add("owner", "請填寫負責人或單位。", "Name who owns it.");
        }
        if (input.DueOn is null)
        {
            errors.Add("dueOn", "請填寫完成期限。", "The due date is required.");
        }
        if (!errors.IsValid)
        {
            return CatalogResult<ReviewMeeting>.Invalid(errors);
        }
        meeting.FollowUps.Add(new FollowUpAction { MeetingId = meeting.Id, Description = input.Description!.Trim(), Owner = input.Owner!.Trim(), DueOn = input.DueOn!.Value });
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<ReviewMeeting>.Ok(meeting);
    }

    public async Task<CatalogResult<ReviewMeeting>> FollowUpDoneAsync(StaffScope who, Guid id, long followUpId, bool done, CancellationToken cancellationToken)
    {
        var found = await MeetingAccess.LoadAsync(db, who, id, cancellationToken);
        if (found.Value is not { } meeting)
        {
            return found;
        }
        var action = meeting.FollowUps.FirstOrDefault(f => f.Id == followUpId);
        if (action is null)
        {
            return CatalogResult<ReviewMeeting>.NotFound();
        }
        action.DoneAt = done ? action.DoneAt ?? time.GetUtcNow() : null;
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<ReviewMeeting>.Ok(meeting);
    }

    private (MeetingKind?, MeetingOccasion?, AgencyNode?, ValidationErrors) Check(MeetingInput input)
    {
        var errors = new ValidationErrors();
        var kind = ReviewTerms.ParseKind(input.Kind);
        if (kind is null)
        {
            errors.Add("kind", "會議類別須為諮詢小組（advisory-group）或工作小組（working-group）。", "kind must be advisory-group or working-group.");
        }
        var occasion = ReviewTerms.ParseOccasion(input.Occasion);
        if (occasion is null)
        {
            errors.Add("occasion", "會議性質須為定期（regular）或臨時（ad-hoc）。", "occasion must be regular or ad-hoc.");
        }
        var root = agencies.Tree.Roots.Count > 0 ? agencies.Tree.Roots[0] : null;
        var agency = string.IsNullOrWhiteSpace(input.Agency) ? root : agencies.Tree.FindByCode(input.Agency.Trim());
        if (agency is null)
        {
            errors.Add("agency", $"找不到機關代碼「{input.Agency}」。", $"There is no agency with code '{input.Agency}'.");
        }
        else if (kind == MeetingKind.AdvisoryGroup && agency.Id != root?.Id)
        {
            errors.Add("agency", "諮詢小組設於部本部。", "The advisory group sits at the ministry.");
        }
        if (input.Date is null)
        {
            errors.Add("date", "請填寫會議日期。", "The date is required.");
        }
        if (string.IsNullOrWhiteSpace(input.Title))
        {
            errors.Add("title", "請填寫會議名稱。", "The title is required.");
        }
        CheckMembers(errors, input.Members);
        return (kind, occasion, agency, errors);
    }

    private static void CheckMembers(ValidationErrors errors, IReadOnlyList<MemberInput>? members)
    {
        if (members?.Any(m => string.IsNullOrWhiteSpace(m.Name)) == true)
        {
            errors.Add("members", "每位委員都須填寫姓名。", "Every member needs a name.");
        }
    }

    private static List<MeetingMember> Members(IReadOnlyList<MemberInput>? members) =>
        [.. (members ?? []).Select(m => new MeetingMember { Name = m.Name!.Trim(), Affiliation = Clean(m.Affiliation), External = m.External, Chair = m.Chair, Attended = m.Attended })];

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// Loads a meeting with everything in it, if the member of staff may run it.
public static class MeetingAccess
{
    public static async Task<CatalogResult<ReviewMeeting>> LoadAsync(KaifangDbContext db, StaffScope who, Guid id, CancellationToken cancellationToken, StaffAction action = StaffAction.ManageReview)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(who);
        var meeting = await db.ReviewMeetings.Include(m => m.Members).Include(m => m.Agenda).Include(m => m.FollowUps)
            .AsSplitQuery().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (meeting is null || !who.Reaches(meeting.AgencyId))
        {
            return CatalogResult<ReviewMeeting>.NotFound();
        }
        return who.Can(action, meeting.AgencyId) ? CatalogResult<ReviewMeeting>.Ok(meeting) : CatalogResult<ReviewMeeting>.Forbidden();
    }

    /// As <see cref="LoadAsync"/>, refusing a meeting whose minutes are recorded: its record is closed.
    public static async Task<CatalogResult<ReviewMeeting>> EditableAsync(KaifangDbContext db, StaffScope who, Guid id, CancellationToken cancellationToken, StaffAction action = StaffAction.ManageReview)
    {
        var found = await LoadAsync(db, who, id, cancellationToken, action);
        if (found.Value is { IsHeld: true })
        {
            return CatalogResult<ReviewMeeting>.Conflict("meeting", "會議紀錄已確認，不能再變更。", "The minutes are recorded; the meeting can no longer change.");
        }
        return found;
    }
}
