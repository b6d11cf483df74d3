using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Feedback;
using Kaifang.Review;
using Microsoft.AspNetCore.Mvc;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin.Meetings;

public sealed class MemberRow
{
    public string? Name { get; set; }
    public string? Affiliation { get; set; }
    public bool External { get; set; }
    public bool Chair { get; set; }
}

/// The meetings of the advisory group and the working groups, planning a new one, and the working-group meetings held (S14.1).
public sealed class IndexModel(AgencyDirectory agencies, MeetingQueries queries, PlanMeeting plan, TimeProvider time) : StaffPageModel(agencies)
{
    public const int MemberRows = 8;

    public List<ReviewMeeting> Meetings { get; private set; } = [];
    public List<WorkingGroupFigures> Held { get; private set; } = [];
    public FeedbackPeriod Period { get; private set; } = new(2026);
    public ValidationErrors? Errors { get; private set; }

    [BindProperty]
    public List<MemberRow> Members { get; set; } = [];

    public IEnumerable<(AgencyNode Node, int Depth)> PlannableAgencies() => Tree.Flatten().Where(x => Staff.Can(StaffAction.ManageReview, x.Node.Id));

    public async Task OnGetAsync(string? period, CancellationToken ct) => await LoadAsync(period, ct);

    public async Task<IActionResult> OnPostAsync(string? kind, string? occasion, string? agency, DateOnly? date, string? title, string? location, CancellationToken ct)
    {
        var input = new MeetingInput
        {
            Kind = kind, Occasion = occasion, Agency = agency, Date = date, Title = title, Location = location,
            Members = [.. Members.Where(m => !string.IsNullOrWhiteSpace(m.Name)).Select(m => new MemberInput(m.Name, m.Affiliation, m.External, m.Chair))],
        };
        var result = await plan.CreateAsync(Staff, input, ct);
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            return Forbid();
        }
        if (!result.Succeeded)
        {
            Errors = result.Errors;
            await LoadAsync(null, ct);
            return Page();
        }
        TempData["Message"] = T("已建立會議。", "The meeting is planned.");
        return Redirect($"/admin/meetings/{result.Value!.Id}");
    }

    private async Task LoadAsync(string? period, CancellationToken ct)
    {
        Period = FeedbackPeriod.Parse(period) ?? new FeedbackPeriod(ReplyDeadline.TaipeiDate(time.GetUtcNow()).Year);
        Meetings = await queries.ListAsync(Staff, ct);
        Held = [.. (await queries.WorkingGroupMeetingsHeldAsync(Period, ct)).Where(h => Tree.FindByCode(h.Agency) is { } n && Staff.Reaches(n.Id))];
    }
}
