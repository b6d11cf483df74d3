using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Web.Authentication;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kaifang.Web.Pages.Admin;

/// Base of the back-office pages: every one of them needs the signed-in staff member's scope.
public abstract class StaffPageModel(AgencyDirectory agencies) : PageModel
{
    protected AgencyDirectory Agencies { get; } = agencies;

    public StaffScope Staff { get; private set; } = null!;

    public AgencyTree Tree => Agencies.Tree;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        // The /Admin folder requires sign-in, so a scope is always there; a token without one is refused.
        Staff = User.Scope(Agencies.Tree) ?? throw new InvalidOperationException("A signed-in staff member has no role or agency.");
    }

    /// The agencies this member of staff may edit datasets for, for agency pickers.
    public IEnumerable<(AgencyNode Node, int Depth)> EditableAgencies() =>
        Tree.Flatten().Where(x => Staff.Can(StaffAction.EditDataset, x.Node.Id));
}
