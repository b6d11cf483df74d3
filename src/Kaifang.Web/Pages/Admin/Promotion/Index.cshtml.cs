using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Promotion;

namespace Kaifang.Web.Pages.Admin.Promotion;

/// The events of the agencies in the member of staff's scope, and how many showcases await their decision.
public sealed class IndexModel(AgencyDirectory agencies, PromotionEvents events, Showcases showcases) : StaffPageModel(agencies)
{
    public IReadOnlyList<EventSummary> Events { get; private set; } = [];
    public int PendingShowcases { get; private set; }
    public bool MayCreate => Tree.All.Any(a => Staff.Can(StaffAction.ManageEvents, a.Id));

    public async Task OnGetAsync(CancellationToken ct)
    {
        Events = await events.ListAsync(Staff.Role == StaffRole.SystemAdmin ? null : Staff.Agencies, ct);
        PendingShowcases = (await showcases.ForStaffAsync(Staff, pendingOnly: true, ct)).Count;
    }
}
